package syna.api;

import java.nio.file.Path;
import java.util.List;

/**
 * A typed, log-structured key-value store that keeps every value each key ever had.
 *
 * <p>A database holds its user keys (the {@link KeySpace} it is) and any number of named
 * {@link Namespace}s, each a key space of its own that user keys cannot reach: features built on the
 * database (vector stores, model registry, experiment tracker, tensor engine, plugins) keep their keys
 * there, so {@link #keys()}, {@link #size()} and the CLI show only the user's. Keys are non-empty
 * Unicode strings of at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes. Values are
 * {@link Atom}s. Writing {@link Atom.Null} deletes a key; its history is kept.
 *
 * <p>Concurrent reads, one writer: any number of threads may read while writes are serialised
 * internally; reads never wait for the writer's lock. Use after {@link #close()} throws
 * {@link ClosedException}. Thread-safe.
 */
public interface Database extends KeySpace, AutoCloseable {

    /**
     * The database directory.
     *
     * @return the directory given when opening
     */
    Path path();

    /**
     * The options it was opened with.
     *
     * @return the options, validated
     */
    DatabaseOptions options();

    // ---- namespaces -----------------------------------------------------------------------

    /**
     * The namespace {@code name}, created when absent (an empty namespace is kept and listed until
     * dropped). On a read-only database a missing namespace reads as empty. The same handle is
     * returned for one name until the namespace is dropped. A database in log format 1 (written
     * before namespaces existed) has none until an explicit {@link #compact()} upgrades it ({@link
     * DatabaseStats#formatVersion()} tells which format a database is in).
     *
     * @param name the namespace: 1 to 255 UTF-8 bytes, no control characters; by convention
     *     {@code <module>.<object>}, e.g. {@code mlops.registry}
     * @return its handle
     * @throws InvalidArgumentException for a bad name
     * @throws UnsupportedFeatureException on a format-1 database (compact to upgrade it)
     * @throws ClosedException after {@link #close()}
     */
    Namespace namespace(String name);

    /**
     * The names of the namespaces that exist, sorted.
     *
     * @return the names
     * @throws ClosedException after {@link #close()}
     */
    List<String> namespaces();

    /**
     * Drops namespace {@code name} and every key in it, history included, in one atomic write. Handles
     * to it throw {@link ClosedException} afterwards; a later {@link #namespace(String)} of the name
     * creates a new, empty one. Its bytes leave the file at the next compaction.
     *
     * @param name the namespace
     * @return whether it existed
     * @throws UnsupportedFeatureException when opened read-only
     * @throws SynaIOException when the write or its fsync fails
     * @throws ClosedException after {@link #close()}
     */
    boolean dropNamespace(String name);

    // ---- maintenance ----------------------------------------------------------------------

    /**
     * Forces every acknowledged write to stable storage, whatever the durability mode.
     *
     * @throws SynaIOException when the fsync fails
     * @throws ClosedException after {@link #close()}
     */
    void sync();

    /**
     * Rewrites live data to a new file with the options' history retention and swaps it in atomically.
     *
     * @return counts and sizes before and after
     * @throws UnsupportedFeatureException when opened read-only
     * @throws SynaIOException when writing the new file fails (the old one stays)
     * @throws ClosedException after {@link #close()}
     */
    default CompactionResult compact() {
        return compact(options().retention());
    }

    /**
     * Rewrites live data to a new file keeping {@code retention} of each key's history and swaps it in
     * atomically; a crash at any step leaves a database that opens with all committed data. The new file is
     * in the newest log format (this is how a format-1 database is upgraded), and is never larger than the
     * old one.
     *
     * @param retention how much history to keep per key
     * @return counts and sizes before and after
     * @throws UnsupportedFeatureException when opened read-only
     * @throws SynaIOException when writing the new file fails (the old one stays)
     * @throws ClosedException after {@link #close()}
     */
    default CompactionResult compact(HistoryRetention retention) {
        return compact(retention, Progress.NONE);
    }

    /**
     * As {@link #compact(HistoryRetention)}, reporting how many history entries have been copied; an
     * exception from {@code progress} cancels the compaction (the old file stays in use, the partial new
     * one is deleted).
     *
     * @param retention how much history to keep per key
     * @param progress told the entries copied out of the entries before, about every 100 ms
     * @return counts and sizes before and after
     * @throws UnsupportedFeatureException when opened read-only
     * @throws SynaIOException when writing the new file fails (the old one stays)
     * @throws ClosedException after {@link #close()}
     */
    CompactionResult compact(HistoryRetention retention, Progress progress);

    /**
     * Reads every byte, checks every CRC and reports each problem with its offset, and any torn tail.
     *
     * @return what was checked and found; problems are reported, not thrown
     * @throws SynaIOException when the file cannot be read
     * @throws ClosedException after {@link #close()}
     */
    default VerifyReport verify() {
        return verify(Progress.NONE);
    }

    /**
     * As {@link #verify()}, reporting the bytes checked out of the bytes to check; an exception from
     * {@code progress} stops the check.
     *
     * @param progress told the bytes checked so far, about every 100 ms
     * @return what was checked and found; problems are reported, not thrown
     * @throws SynaIOException when the file cannot be read
     * @throws ClosedException after {@link #close()}
     */
    VerifyReport verify(Progress progress);

    /**
     * Counts and what the file says about itself (format version, codecs).
     *
     * @return the stats at this moment
     * @throws ClosedException after {@link #close()}
     */
    DatabaseStats stats();

    /**
     * Flushes and fsyncs what was written, closes every namespace handle, releases the lock and closes the
     * file; idempotent.
     */
    @Override
    void close();
}
