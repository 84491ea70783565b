package syna.cli.internal;

import java.util.Optional;
import picocli.CommandLine.Option;
import syna.api.DatabaseOptions;
import syna.api.Durability;

/**
 * The options of commands that write ({@code put}, {@code delete}, {@code compact}, {@code import},
 * deletes of models and runs, {@code shell}): they apply when the database is opened to write, so
 * read-only commands do not list them. Not thread-safe; one per execution.
 */
final class WriteOptions {
    @Option(names = "--engine", paramLabel = "NAME", description = "Storage engine provider (default: log).")
    String engine;

    @Option(names = "--durability", paramLabel = "MODE",
            description = "Fsync mode of this open's writes: ${COMPLETION-CANDIDATES} (default: GROUP; not stored in the file).")
    Durability durability;

    @Option(names = "--codec", paramLabel = "NAME",
            description = "Value codec for values written by this open: none, lz4 (default: none).")
    String codec;

    /** Whether any of the options was given. */
    boolean any() {
        return engine != null || durability != null || codec != null;
    }

    /** Sets the given options on {@code b}. */
    void applyTo(DatabaseOptions.Builder b) {
        Optional.ofNullable(engine).ifPresent(b::engine);
        Optional.ofNullable(durability).ifPresent(b::durability);
        Optional.ofNullable(codec).ifPresent(b::codec);
    }
}
