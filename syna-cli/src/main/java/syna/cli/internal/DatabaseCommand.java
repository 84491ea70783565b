package syna.cli.internal;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import syna.api.Database;
import syna.api.DatabaseOptions;
import syna.api.Durability;
import syna.api.Syna;

/**
 * Base of the commands that work on one database: the directory comes as the first argument or
 * with {@code --db}; the rest are the command's operands. Not thread-safe; one per execution.
 */
abstract class DatabaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--db", paramLabel = "DIR", description = "Database directory (instead of the first argument).")
    Path db;

    @Option(names = "--engine", paramLabel = "NAME", description = "Storage engine provider (default: log).")
    String engine;

    @Option(names = "--durability", paramLabel = "MODE",
            description = "Fsync mode for writes: ${COMPLETION-CANDIDATES} (default: GROUP).")
    Durability durability;

    @Option(names = "--codec", paramLabel = "NAME", description = "Value codec for new values: none, lz4 (default: none).")
    String codec;

    @Option(names = "--salvage", description = "Open a log damaged in the middle by skipping the damaged ranges "
            + "(read-only commands leave the file as is; writing commands keep a copy and rewrite it).")
    boolean salvage;

    private Path resolvedDb;

    /** Output for results. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Output for diagnostics. */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /**
     * Splits {@code positionals} into the database directory (unless {@code --db} gave it) and
     * exactly {@code names.length} operands, named in the error when the count is wrong.
     */
    List<String> operands(List<String> positionals, String... names) {
        List<String> rest = new ArrayList<>(positionals);
        if (db != null) {
            resolvedDb = db;
        } else if (rest.isEmpty()) {
            throw usage("missing database directory: give it as the first argument or with --db");
        } else {
            resolvedDb = Path.of(rest.removeFirst());
        }
        if (rest.size() != names.length) {
            throw usage("expected " + (names.length == 0 ? "no arguments" : String.join(" ", names))
                    + " after the database directory " + resolvedDb + ", got " + rest.size()
                    + (rest.isEmpty() ? "" : ": " + rest));
        }
        return rest;
    }

    /** The database directory; call {@link #operands} first. */
    Path dbPath() {
        return resolvedDb;
    }

    /** Opens the database to read: it must exist. */
    Database openForReading() {
        return options().createIfMissing(false).readOnly(true).open();
    }

    /** Opens the database to read, skipping damaged ranges (the file is left as it is). */
    Database openForSalvageReading() {
        return options().createIfMissing(false).readOnly(true).salvage(true).open();
    }

    /** Opens the database to write; {@code create}: create it when missing. */
    Database openForWriting(boolean create) {
        return options().createIfMissing(create).open();
    }

    private DatabaseOptions.Builder options() {
        DatabaseOptions.Builder b = Syna.builder(resolvedDb);
        Optional.ofNullable(engine).ifPresent(b::engine);
        Optional.ofNullable(durability).ifPresent(b::durability);
        Optional.ofNullable(codec).ifPresent(b::codec);
        return b.salvage(salvage);
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
