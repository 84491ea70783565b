package syna.cli.internal;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import syna.api.Database;
import syna.api.DatabaseOptions;
import syna.api.Syna;

/**
 * Base of the commands that work on one database: the directory comes as the first argument or
 * with {@code --db}; the rest are the command's operands. Inside {@code syna shell} the shell's open
 * database is used instead and no directory is given. Commands that write declare a
 * {@link WriteOptions} mixin. Not thread-safe; one per execution.
 */
abstract class DatabaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--db", paramLabel = "DIR", description = "Database directory (instead of the first argument).")
    Path db;

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
        return operands(positionals, names.length, names.length, String.join(" ", names));
    }

    /**
     * As {@link #operands(List, String...)} for a command that takes {@code min} to {@code max}
     * operands, described as {@code what} in the error.
     */
    List<String> operands(List<String> positionals, int min, int max, String what) {
        List<String> rest = new ArrayList<>(positionals);
        Session session = session();
        if (session != null) {
            if (db != null) {
                throw usage("the shell has " + session.path() + " open: --db does not apply inside it");
            }
            WriteOptions w = writeOptions();
            if (w != null && w.any()) {
                throw usage("--engine, --durability and --codec apply when a database is opened; the shell "
                        + "opened " + session.path() + " already (give them to 'syna shell')");
            }
            if (salvage) {
                throw usage("--salvage applies when a database is opened; give it to 'syna shell'");
            }
            resolvedDb = session.path();
        } else if (db != null) {
            resolvedDb = db;
        } else if (rest.isEmpty()) {
            throw usage("missing database directory: give it as the first argument or with --db");
        } else {
            resolvedDb = Path.of(rest.removeFirst());
        }
        if (rest.size() < min || rest.size() > max) {
            throw usage("expected " + (max == 0 ? "no arguments" : what)
                    + (session != null ? "" : " after the database directory " + resolvedDb) + ", got " + rest.size()
                    + (rest.isEmpty() ? "" : ": " + rest));
        }
        return rest;
    }

    /** The shell this command runs in, or null when it runs on its own. */
    Session session() {
        return spec.root().userObject() instanceof SynaCommand root ? root.session : null;
    }

    /** The write options of this command, or null for a read-only command. */
    WriteOptions writeOptions() {
        for (CommandSpec mixin : spec.mixins().values()) {
            if (mixin.userObject() instanceof WriteOptions w) {
                return w;
            }
        }
        return null;
    }

    /** The database directory; call {@link #operands} first. */
    Path dbPath() {
        return resolvedDb;
    }

    /** Opens the database to read: it must exist. In a shell, the shell's database. */
    Database openForReading() {
        Session session = session();
        return session != null ? session.view() : options().createIfMissing(false).readOnly(true).open();
    }

    /** Opens the database to read, skipping damaged ranges (the file is left as it is). */
    Database openForSalvageReading() {
        Session session = session();
        return session != null ? session.view() : options().createIfMissing(false).readOnly(true).salvage(true).open();
    }

    /** Opens the database to write; {@code create}: create it when missing. In a shell, the shell's database. */
    Database openForWriting(boolean create) {
        Session session = session();
        return session != null ? session.view() : options().createIfMissing(create).open();
    }

    private DatabaseOptions.Builder options() {
        DatabaseOptions.Builder b = Syna.builder(resolvedDb);
        WriteOptions w = writeOptions();
        if (w != null) {
            w.applyTo(b);
        }
        return b.salvage(salvage);
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
