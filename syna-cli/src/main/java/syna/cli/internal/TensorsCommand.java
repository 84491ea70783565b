package syna.cli.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import syna.api.Database;

/**
 * {@code syna tensors}: the tensors of a database (module {@code syna.tensor}). Its subcommands reach
 * tensor types only through {@link TensorViews}, after {@link TensorModule#require()}, so the CLI runs
 * without the module. Not thread-safe; one per execution.
 */
@Command(name = "tensors", description = {
    "List, describe, export and import the tensors of a database.",
    "  syna tensors list DB [GLOB]           name, dtype, shape, size and layout of each tensor",
    "  syna tensors info DB NAME             one tensor: dtype, shape, strides, chunks",
    "  syna tensors export DB NAME FILE.npy  as numpy's .npy (byte for byte what np.save writes)",
    "  syna tensors export DB GLOB FILE.safetensors [--metadata K=V]...   as one safetensors file",
    "  syna tensors import DB FILE.npy [NAME]            (NAME: the file's name without .npy)",
    "  syna tensors import DB FILE.safetensors [PREFIX]  every tensor, as PREFIX + its name"},
        subcommands = {TensorsCommand.ListTensors.class, TensorsCommand.Info.class, TensorsCommand.Export.class,
            TensorsCommand.Import.class})
final class TensorsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: list, info, export or import");
    }

    @Command(name = "list", description = "List tensors (all, or those matching GLOB), in numeric order.")
    static final class ListTensors extends DatabaseCommand {
        @Parameters(paramLabel = "DB [GLOB]", arity = "0..2", description = "Database directory and a glob.")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            TensorModule.require();
            List<String> rest = args.size() + (db != null ? 1 : 0) >= 2 ? operands(args, "GLOB") : operands(args);
            try (Database d = openForReading()) {
                out().print(TensorViews.list(d, rest.isEmpty() ? null : rest.getFirst()));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "info", description = "Describe one tensor.")
    static final class Info extends DatabaseCommand {
        @Parameters(paramLabel = "DB NAME", arity = "1..2", description = "Database directory and tensor name.")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            TensorModule.require();
            List<String> rest = operands(args, "NAME");
            try (Database d = openForReading()) {
                out().print(TensorViews.info(d, rest.getFirst()));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "export", description = "Write a tensor as .npy, or tensors as .safetensors (by FILE's extension).")
    static final class Export extends DatabaseCommand {
        @Parameters(paramLabel = "DB NAME|GLOB FILE", arity = "2..3", description = "Database, tensor(s), file.")
        List<String> args = new ArrayList<>();

        @Option(names = "--metadata", paramLabel = "K=V", description = "safetensors __metadata__ entry (repeatable).")
        Map<String, String> metadata = new java.util.LinkedHashMap<>();

        @Override
        public Integer call() {
            TensorModule.require();
            List<String> rest = operands(args, "NAME|GLOB", "FILE");
            Path file = Path.of(rest.get(1));
            try (Database d = openForReading()) {
                out().print(TensorViews.export(d, rest.getFirst(), file, metadata));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "import", description = "Read a .npy or .safetensors file into tensors.")
    static final class Import extends DatabaseCommand {
        @Parameters(paramLabel = "DB FILE [NAME|PREFIX]", arity = "1..3", description = "Database, file, name.")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            TensorModule.require();
            List<String> rest = args.size() + (db != null ? 1 : 0) >= 3 ? operands(args, "FILE", "NAME|PREFIX")
                    : operands(args, "FILE");
            try (Database d = openForWriting(true)) {
                out().print(TensorViews.importFile(d, Path.of(rest.getFirst()), rest.size() > 1 ? rest.get(1) : null));
            }
            return ExitCodes.OK;
        }
    }
}
