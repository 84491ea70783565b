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

    /** The database directory. */
    Path path();

    /** The options it was opened with. */
    DatabaseOptions options();

    // ---- namespaces -----------------------------------------------------------------------

    /**
     * The namespace {@code name}, created when absent (an empty namespace is kept and listed until
     * dropped). On a read-only database a missing namespace reads as empty. The same handle is
     * returned for one name until the namespace is dropped. A database in log format 1 (written
     * before namespaces existed) has none until an explicit {@link #compact()} upgrades it; until then
     * this throws {@link UnsupportedFeatureException} saying so ({@link DatabaseStats#formatVersion()}
     * tells which format a database is in).
     */
    Namespace namespace(String name);

    /** The names of the namespaces that exist, sorted. */
    List<String> namespaces();

    /**
     * Drops namespace {@code name} and every key in it, history included, in one atomic write;
     * returns whether it existed. Handles to it throw {@link ClosedException} afterwards; a later
     * {@link #namespace(String)} of the name creates a new, empty one. Its bytes leave the file at the
     * next compaction.
     */
    boolean dropNamespace(String name);

    // ---- maintenance ----------------------------------------------------------------------

    /** Forces every acknowledged write to stable storage, whatever the durability mode. */
    void sync();

    /** Rewrites live data to a new file with the options' history retention; swaps atomically. */
    default CompactionResult compact() {
        return compact(options().retention());
    }

    /**
     * Rewrites live data to a new file keeping {@code retention}; swaps atomically. The new file is in
     * the newest log format (this is how a format-1 database is upgraded), and is never larger than
     * the old one.
     */
    CompactionResult compact(HistoryRetention retention);

    /** Reads every byte, checks every CRC and reports each problem with its offset. */
    VerifyReport verify();

    /** Counters. */
    DatabaseStats stats();

    /** Closes the database and every namespace handle of it; idempotent. */
    @Override
    void close();
}
