package syna.cli.internal;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import syna.api.Database;

/** {@code syna models}: the model registry of a database. Not thread-safe; one per execution. */
@Command(name = "models", description = {
    "List registered models, the versions of one model, or its stage and alias history.",
    "  syna models DB              models with latest and Production versions and aliases",
    "  syna models DB NAME         versions of NAME: stage, size, digest, aliases, run, signature",
    "  syna models DB NAME --history   every stage and alias change with its time",
    "  syna models DB NAME --delete [--force]   delete the model (--force: even with a Production version)",
    "  syna models DB NAME --delete-version V   delete one version"})
final class ModelsCommand extends DatabaseCommand {
    @Mixin
    WriteOptions write;

    @Parameters(paramLabel = "DB [NAME]", arity = "0..2", description = "Database directory and model name.")
    List<String> args = new ArrayList<>();

    @Option(names = "--history", description = "Show the stage and alias changes of the model.")
    boolean history;

    @Option(names = "--delete", description = "Delete the model with every version, tag, alias and event.")
    boolean delete;

    @Option(names = "--force", description = "With --delete: delete even a model with a version in Production.")
    boolean force;

    @Option(names = "--delete-version", paramLabel = "V", description = "Delete version V of the model.")
    Integer deleteVersion;

    @Override
    public Integer call() {
        Mlops.require();
        List<String> rest = args.size() + (db != null ? 1 : 0) >= 2 ? operands(args, "NAME") : operands(args);
        if (history && rest.isEmpty()) {
            throw usage("--history needs a model NAME");
        }
        if ((delete || deleteVersion != null) && rest.isEmpty()) {
            throw usage("--delete and --delete-version need a model NAME");
        }
        if (force && !delete) {
            throw usage("--force goes with --delete");
        }
        if (delete || deleteVersion != null) {
            if (delete && deleteVersion != null) {
                throw usage("--delete and --delete-version exclude each other");
            }
            try (Database d = openForWriting(false)) {
                out().print(delete ? MlopsViews.deleteModel(d, rest.getFirst(), force)
                        : MlopsViews.deleteVersion(d, rest.getFirst(), deleteVersion));
            }
            return ExitCodes.OK;
        }
        try (Database d = openForReading()) {
            String text = rest.isEmpty() ? MlopsViews.models(d)
                    : history ? MlopsViews.history(d, rest.getFirst()) : MlopsViews.versions(d, rest.getFirst());
            out().print(text);
        }
        return ExitCodes.OK;
    }
}
