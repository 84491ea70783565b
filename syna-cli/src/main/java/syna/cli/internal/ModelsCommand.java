package syna.cli.internal;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import syna.api.Database;

/** {@code syna models}: the model registry of a database. Not thread-safe; one per execution. */
@Command(name = "models", description = {
    "List registered models, the versions of one model, or its stage and alias history.",
    "  syna models DB              models with latest and Production versions and aliases",
    "  syna models DB NAME         versions of NAME: stage, size, digest, aliases, run, signature",
    "  syna models DB NAME --history   every stage and alias change with its time"})
final class ModelsCommand extends DatabaseCommand {
    @Parameters(paramLabel = "DB [NAME]", arity = "0..2", description = "Database directory and model name.")
    List<String> args = new ArrayList<>();

    @Option(names = "--history", description = "Show the stage and alias changes of the model.")
    boolean history;

    @Override
    public Integer call() {
        Mlops.require();
        List<String> rest = args.size() + (db != null ? 1 : 0) >= 2 ? operands(args, "NAME") : operands(args);
        if (history && rest.isEmpty()) {
            throw usage("--history needs a model NAME");
        }
        try (Database d = openForReading()) {
            String text = rest.isEmpty() ? MlopsViews.models(d)
                    : history ? MlopsViews.history(d, rest.getFirst()) : MlopsViews.versions(d, rest.getFirst());
            out().print(text);
        }
        return ExitCodes.OK;
    }
}
