package syna.api;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A typed, log-structured key-value store that keeps every value each key ever had.
 *
 * <p>Keys are non-empty Unicode strings of at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8
 * bytes. Values are {@link Atom}s. Writing {@link Atom.Null} deletes a key; its history is kept.
 *
 * <p>Concurrent reads, one writer: any number of threads may read while writes are serialised
 * internally; reads never wait for the writer's lock. Use after {@link #close()} throws
 * {@link ClosedException}. Thread-safe.
 */
public interface Database extends AutoCloseable {

    /** The database directory. */
    Path path();

    /** The options it was opened with. */
    DatabaseOptions options();

    // ---- writes ---------------------------------------------------------------------------

    /** Writes {@code value} as the new latest value of {@code key}; a {@link Atom.Null} deletes. */
    void put(String key, Atom value);

    /** Writes a float64. */
    default void putFloat(String key, double value) {
        put(key, Atom.of(value));
    }

    /** Writes an int64. */
    default void putInt(String key, long value) {
        put(key, Atom.of(value));
    }

    /** Writes text. */
    default void putText(String key, String value) {
        put(key, Atom.of(value));
    }

    /** Writes bytes (copied). */
    default void putBytes(String key, byte[] value) {
        put(key, Atom.of(value));
    }

    /** Writes a float32 vector (copied). */
    default void putVector(String key, float[] value) {
        put(key, Atom.of(value));
    }

    /** Appends every value to the history of {@code key}, in order, atomically. */
    void putFloats(String key, double[] values);

    /** Appends every value to the history of {@code key}, in order, atomically. */
    void putInts(String key, long[] values);

    /** Applies every write of {@code batch} atomically: after a crash all are visible or none. */
    void write(WriteBatch batch);

    /** Deletes {@code key} (writes a tombstone); returns whether it had a live value. */
    boolean delete(String key);

    // ---- reads ----------------------------------------------------------------------------

    /** The latest value of {@code key}, empty when absent or deleted. */
    Optional<Atom> get(String key);

    /** The latest float64 value; {@link KeyNotFoundException} or {@link TypeMismatchException}. */
    double getFloat(String key);

    /** The latest int64 value; {@link KeyNotFoundException} or {@link TypeMismatchException}. */
    long getInt(String key);

    /** The latest text value; {@link KeyNotFoundException} or {@link TypeMismatchException}. */
    String getText(String key);

    /** The latest bytes value (a copy); {@link KeyNotFoundException} or {@link TypeMismatchException}. */
    byte[] getBytes(String key);

    /** The latest vector value (a copy); {@link KeyNotFoundException} or {@link TypeMismatchException}. */
    float[] getVector(String key);

    /** Whether {@code key} has a live (non-deleted) value. */
    boolean exists(String key);

    /** Live keys, sorted. */
    List<String> keys();

    /** Live keys starting with {@code prefix}, sorted. */
    List<String> keys(String prefix);

    /** Live keys matching a glob ({@code *} any run, {@code ?} one character, {@code [abc]} a set), sorted. */
    List<String> keysMatching(String glob);

    /** Number of live keys. */
    long size();

    // ---- history --------------------------------------------------------------------------

    /** Every value {@code key} ever had, oldest first, deletes included as {@link Atom.Null}. */
    List<HistoryEntry> history(String key);

    /**
     * The numeric history of {@code key} as doubles, oldest first, without boxing. Int64 values are
     * widened; deletes are skipped; any other type throws {@link TypeMismatchException}. An unknown
     * key throws {@link KeyNotFoundException}.
     */
    double[] historyAsDoubles(String key);

    /** As {@link #historyAsDoubles(String)} for int64 values; float64 values throw {@link TypeMismatchException}. */
    long[] historyAsLongs(String key);

    /** Write times (microseconds since the epoch) of the entries {@link #historyAsDoubles(String)} returns. */
    long[] historyTimestamps(String key);

    /**
     * The numeric history as native-order doubles in a segment of {@code arena}, for handing to
     * native code or a GPU without a heap copy.
     */
    MemorySegment historyAsSegment(String key, Arena arena);

    // ---- maintenance ----------------------------------------------------------------------

    /** Forces every acknowledged write to stable storage, whatever the durability mode. */
    void sync();

    /** Rewrites live data to a new file with the options' history retention; swaps atomically. */
    default CompactionResult compact() {
        return compact(options().retention());
    }

    /** Rewrites live data to a new file keeping {@code retention}; swaps atomically. */
    CompactionResult compact(HistoryRetention retention);

    /** Reads every byte, checks every CRC and reports each problem with its offset. */
    VerifyReport verify();

    /** Counters. */
    DatabaseStats stats();

    /** Closes the database; idempotent. */
    @Override
    void close();
}
