package syna.mlops;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * A handle to one run. Logging to an ended run throws {@link RunEndedException}. {@link #close()}
 * ends a still-running run as {@link RunStatus#COMPLETED}. Handles are cheap; several handles to one
 * run (from {@link ExperimentTracker#run(String)}) see the same data. Thread-safe: several threads
 * may log to one run at once.
 */
public interface Run extends AutoCloseable {

    /** The run id. */
    String id();

    /** The run as stored now. */
    RunInfo info();

    /** Records param {@code key}; again with the same value is a no-op, another value throws {@link ParamConflictException}. */
    void logParam(String key, String value);

    /** Appends a point to metric {@code key} at {@code step}, stamped now. */
    void logMetric(String key, double value, long step);

    /** Appends a point to metric {@code key} at {@code step} with an explicit time (ms since the epoch). */
    void logMetric(String key, double value, long step, long timestampMillis);

    /** Sets (or replaces) a run tag. */
    void setTag(String key, String value);

    /** Stores an artifact (replacing one of the same name), digest-checked on read. */
    void logArtifact(String name, byte[] data);

    /** Stores the bytes of {@code data}, read to its end in chunks (not closed). */
    void logArtifact(String name, InputStream data);

    /** Stores the content of {@code file} in chunks. */
    void logArtifact(String name, Path file);

    /** Ends the run with {@code status} (not RUNNING); ending an ended run throws {@link RunEndedException}. */
    void end(RunStatus status);

    /** Ends the run as Failed, keeping {@code message}. */
    void fail(String message);

    /** Ends the run as Killed. */
    default void kill() {
        end(RunStatus.KILLED);
    }

    /** Ends the run as Completed unless it already ended; idempotent. */
    @Override
    void close();
}
