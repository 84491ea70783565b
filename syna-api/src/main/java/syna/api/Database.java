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

    // ---- writes ---------------------------------------------------------------------------

    /**
     * Writes {@code value} as the new latest value of {@code key}; a {@link Atom.Null} deletes. Returns
     * once the write is durable by the durability mode (GROUP: an fsync covering it has finished).
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes, valid UTF-16
     * @param value the value
     * @throws InvalidArgumentException for a bad key, or a value over {@link DatabaseOptions#maxValueBytes()}
     * @throws UnsupportedFeatureException when the database was opened read-only
     * @throws SynaIOException when the write or its fsync fails (later writes then fail until reopened)
     * @throws ClosedException after {@link #close()}
     */
    void put(String key, Atom value);

    /**
     * Writes a float64 (bit for bit, NaN and infinities included) as the latest value of {@code key},
     * as {@link #put} does.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes, valid UTF-16
     * @param value the value
     * @throws InvalidArgumentException for a bad key, or a value over {@link DatabaseOptions#maxValueBytes()}
     * @throws UnsupportedFeatureException when the database was opened read-only
     * @throws SynaIOException when the write or its fsync fails (later writes then fail until reopened)
     * @throws ClosedException after {@link #close()}
     */
    default void putFloat(String key, double value) {
        put(key, Atom.of(value));
    }

    /**
     * Writes an int64 as the latest value of {@code key}, as {@link #put} does.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes, valid UTF-16
     * @param value the value
     * @throws InvalidArgumentException for a bad key, or a value over {@link DatabaseOptions#maxValueBytes()}
     * @throws UnsupportedFeatureException when the database was opened read-only
     * @throws SynaIOException when the write or its fsync fails (later writes then fail until reopened)
     * @throws ClosedException after {@link #close()}
     */
    default void putInt(String key, long value) {
        put(key, Atom.of(value));
    }

    /**
     * Writes text (stored as UTF-8) as the latest value of {@code key}, as {@link #put} does.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes, valid UTF-16
     * @param value the value
     * @throws InvalidArgumentException for a bad key, or a value over {@link DatabaseOptions#maxValueBytes()}
     * @throws UnsupportedFeatureException when the database was opened read-only
     * @throws SynaIOException when the write or its fsync fails (later writes then fail until reopened)
     * @throws ClosedException after {@link #close()}
     */
    default void putText(String key, String value) {
        put(key, Atom.of(value));
    }

    /**
     * Writes bytes (copied) as the latest value of {@code key}, as {@link #put} does.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes, valid UTF-16
     * @param value the value
     * @throws InvalidArgumentException for a bad key, or a value over {@link DatabaseOptions#maxValueBytes()}
     * @throws UnsupportedFeatureException when the database was opened read-only
     * @throws SynaIOException when the write or its fsync fails (later writes then fail until reopened)
     * @throws ClosedException after {@link #close()}
     */
    default void putBytes(String key, byte[] value) {
        put(key, Atom.of(value));
    }

    /**
     * Writes a float32 vector (copied) as the latest value of {@code key}, as {@link #put} does.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes, valid UTF-16
     * @param value the value
     * @throws InvalidArgumentException for a bad key, or a value over {@link DatabaseOptions#maxValueBytes()}
     * @throws UnsupportedFeatureException when the database was opened read-only
     * @throws SynaIOException when the write or its fsync fails (later writes then fail until reopened)
     * @throws ClosedException after {@link #close()}
     */
    default void putVector(String key, float[] value) {
        put(key, Atom.of(value));
    }

    /**
     * Appends every value to the history of {@code key}, in order, atomically: after a crash all are there
     * or none. Stored as a delta-encoded series.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes, valid UTF-16
     * @param values the points, oldest first
     * @throws InvalidArgumentException for a bad key, or a value over {@link DatabaseOptions#maxValueBytes()}
     * @throws UnsupportedFeatureException when the database was opened read-only
     * @throws SynaIOException when the write or its fsync fails (later writes then fail until reopened)
     * @throws ClosedException after {@link #close()}
     */
    void putFloats(String key, double[] values);

    /**
     * Appends every value to the history of {@code key}, in order, atomically, as a delta-encoded series.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes, valid UTF-16
     * @param values the points, oldest first
     * @throws InvalidArgumentException for a bad key, or a value over {@link DatabaseOptions#maxValueBytes()}
     * @throws UnsupportedFeatureException when the database was opened read-only
     * @throws SynaIOException when the write or its fsync fails (later writes then fail until reopened)
     * @throws ClosedException after {@link #close()}
     */
    void putInts(String key, long[] values);

    /**
     * Applies every write of {@code batch} atomically: after a crash all are visible or none.
     *
     * @param batch the writes, in order
     * @throws InvalidArgumentException for a bad key, or a value over {@link DatabaseOptions#maxValueBytes()}
     * @throws UnsupportedFeatureException when the database was opened read-only
     * @throws SynaIOException when the write or its fsync fails (later writes then fail until reopened)
     * @throws ClosedException after {@link #close()}
     */
    void write(WriteBatch batch);

    /**
     * Deletes {@code key} (writes a tombstone); its history stays.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes, valid UTF-16
     * @return whether it had a live value
     * @throws InvalidArgumentException for a bad key, or a value over {@link DatabaseOptions#maxValueBytes()}
     * @throws UnsupportedFeatureException when the database was opened read-only
     * @throws SynaIOException when the write or its fsync fails (later writes then fail until reopened)
     * @throws ClosedException after {@link #close()}
     */
    boolean delete(String key);

    // ---- reads ----------------------------------------------------------------------------

    /**
     * The latest value of {@code key}. Never waits for the writer.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes, valid UTF-16
     * @return the value, empty when the key is absent or deleted
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after {@link #close()}
     */
    Optional<Atom> get(String key);

    /**
     * The latest float64 value of {@code key}.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes, valid UTF-16
     * @return the value
     * @throws KeyNotFoundException when the key has no live value
     * @throws TypeMismatchException when its latest value has another type (both types are named)
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after {@link #close()}
     */
    double getFloat(String key);

    /**
     * The latest int64 value of {@code key}.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes, valid UTF-16
     * @return the value
     * @throws KeyNotFoundException when the key has no live value
     * @throws TypeMismatchException when its latest value has another type (both types are named)
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after {@link #close()}
     */
    long getInt(String key);

    /**
     * The latest text value of {@code key}.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes, valid UTF-16
     * @return the value
     * @throws KeyNotFoundException when the key has no live value
     * @throws TypeMismatchException when its latest value has another type (both types are named)
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after {@link #close()}
     */
    String getText(String key);

    /**
     * The latest bytes (a copy) value of {@code key}.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes, valid UTF-16
     * @return the value
     * @throws KeyNotFoundException when the key has no live value
     * @throws TypeMismatchException when its latest value has another type (both types are named)
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after {@link #close()}
     */
    byte[] getBytes(String key);

    /**
     * The latest vector (a copy) value of {@code key}.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes, valid UTF-16
     * @return the value
     * @throws KeyNotFoundException when the key has no live value
     * @throws TypeMismatchException when its latest value has another type (both types are named)
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after {@link #close()}
     */
    float[] getVector(String key);

    /**
     * Whether {@code key} has a live (non-deleted) value.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes, valid UTF-16
     * @return true when it has one
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after {@link #close()}
     */
    boolean exists(String key);

    /**
     * Live keys, sorted by their UTF-16 code units; a snapshot.
     *
     * @return the keys
     * @throws ClosedException after {@link #close()}
     */
    List<String> keys();

    /**
     * Live keys starting with {@code prefix}, sorted; a snapshot.
     *
     * @param prefix the prefix; empty for every key
     * @return the keys
     * @throws ClosedException after {@link #close()}
     */
    List<String> keys(String prefix);

    /**
     * Live keys matching a glob, sorted: {@code *} any run of characters, {@code ?} one, {@code [abc]} a set.
     *
     * @param glob the pattern
     * @return the keys
     * @throws InvalidArgumentException for a malformed pattern
     * @throws ClosedException after {@link #close()}
     */
    List<String> keysMatching(String glob);

    /**
     * Number of live keys.
     *
     * @return the count
     * @throws ClosedException after {@link #close()}
     */
    long size();

    // ---- history --------------------------------------------------------------------------

    /**
     * Every value {@code key} ever had, oldest first, deletes included as {@link Atom.Null}, each with its
     * write time.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes, valid UTF-16
     * @return the history; empty for a key never written
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after {@link #close()}
     */
    List<HistoryEntry> history(String key);

    /**
     * The numeric history of {@code key} as doubles, oldest first, without boxing. Int64 values are
     * widened; deletes are skipped.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes, valid UTF-16
     * @return the values
     * @throws KeyNotFoundException for a key never written
     * @throws TypeMismatchException when the history holds a non-numeric value
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after {@link #close()}
     */
    double[] historyAsDoubles(String key);

    /**
     * As {@link #historyAsDoubles(String)} for int64 values.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes, valid UTF-16
     * @return the values, oldest first
     * @throws KeyNotFoundException for a key never written
     * @throws TypeMismatchException when the history holds a float64 or non-numeric value
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after {@link #close()}
     */
    long[] historyAsLongs(String key);

    /**
     * Write times of the entries {@link #historyAsDoubles(String)} returns, position for position.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes, valid UTF-16
     * @return microseconds since the epoch, non-decreasing
     * @throws KeyNotFoundException for a key never written
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after {@link #close()}
     */
    long[] historyTimestamps(String key);

    /**
     * The numeric history as native-order doubles in a segment of {@code arena}, for handing to native code
     * or a GPU without a heap copy.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes, valid UTF-16
     * @param arena the arena that owns the segment (and frees it)
     * @return a segment of {@code 8 * n} bytes
     * @throws KeyNotFoundException for a key never written
     * @throws TypeMismatchException when the history holds a non-numeric value
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after {@link #close()}
     */
    MemorySegment historyAsSegment(String key, Arena arena);

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
     * atomically; a crash at any step leaves a database that opens with all committed data.
     *
     * @param retention how much history to keep per key
     * @return counts and sizes before and after
     * @throws UnsupportedFeatureException when opened read-only
     * @throws SynaIOException when writing the new file fails (the old one stays)
     * @throws ClosedException after {@link #close()}
     */
    CompactionResult compact(HistoryRetention retention);

    /**
     * Reads every byte, checks every CRC and reports each problem with its offset, and any torn tail.
     *
     * @return what was checked and found; problems are reported, not thrown
     * @throws SynaIOException when the file cannot be read
     * @throws ClosedException after {@link #close()}
     */
    VerifyReport verify();

    /**
     * Counts and what the file says about itself (format version, codecs).
     *
     * @return the stats at this moment
     * @throws ClosedException after {@link #close()}
     */
    DatabaseStats stats();

    /**
     * Flushes and fsyncs what was written, releases the lock and closes the file; idempotent.
     */
    @Override
    void close();
}
