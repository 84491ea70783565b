package syna.api;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Keys and their typed values with every value each key ever had: the operations a {@link Database}'s
 * own keys and each of its {@link Namespace}s share. The keys of one key space cannot reach or collide
 * with those of another: {@code db.put("k", ...)} and {@code db.namespace("x").put("k", ...)} are two
 * keys.
 *
 * <p>Keys are non-empty Unicode strings of at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
 * ({@link Namespace#MAX_KEY_BYTES} in a namespace). Values are {@link Atom}s. Writing {@link Atom.Null}
 * deletes a key; its history is kept. A {@code null} argument anywhere gives
 * {@link InvalidArgumentException}.
 *
 * <p><b>Times.</b> Every history entry has a time in microseconds since the epoch. A write without a
 * time gets the write time; the per-point forms of {@link #putFloats(String, long[], double[])} and
 * {@link #putInts(String, long[], long[])} give each point its own. A key's entry times never
 * decrease: a write without a time that would land before the key's latest entry (a clock set back,
 * points stamped in the future) gets the latest entry's time instead. That order is what lets a
 * {@link HistoryQuery} find a time range by binary search in the index, without scanning the history.
 *
 * <p>Concurrent reads, one writer: any number of threads may read while writes are serialised
 * internally; reads never wait for the writer's lock. Thread-safe.
 */
public interface KeySpace {

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
        if (value == null) {
            throw new InvalidArgumentException("text value of key '" + key + "' must not be null");
        }
        put(key, Atom.of(value));
    }

    /** Writes bytes (copied). */
    default void putBytes(String key, byte[] value) {
        if (value == null) {
            throw new InvalidArgumentException("bytes value of key '" + key + "' must not be null");
        }
        put(key, Atom.of(value));
    }

    /**
     * Writes the bytes of {@code value} (any segment: heap, native or mapped) as a BYTES value, copied
     * once into the log's write buffer without an intermediate {@code byte[]}: the off-heap write path.
     * At most {@link DatabaseOptions#maxValueBytes()} bytes.
     */
    void putBytes(String key, MemorySegment value);

    /** Writes a float32 vector (copied). */
    default void putVector(String key, float[] value) {
        if (value == null) {
            throw new InvalidArgumentException("vector value of key '" + key + "' must not be null");
        }
        put(key, Atom.of(value));
    }

    /**
     * Appends every value to the history of {@code key}, in order, atomically, all with the write
     * time (use {@link #putFloats(String, long[], double[])} for points with their own times).
     */
    void putFloats(String key, double[] values);

    /** Appends every value to the history of {@code key}, in order, atomically, all with the write time. */
    void putInts(String key, long[] values);

    /**
     * Appends points with their own times to the history of {@code key}, atomically: point {@code i}
     * is {@code (timesMicros[i], values[i])}. Times are microseconds since the epoch, non-decreasing,
     * and not before the key's latest entry; the arrays have one length. Otherwise
     * {@link InvalidArgumentException} names the index and both times, and nothing is written.
     */
    void putFloats(String key, long[] timesMicros, double[] values);

    /** The int64 twin of {@link #putFloats(String, long[], double[])}. */
    void putInts(String key, long[] timesMicros, long[] values);

    /**
     * Applies every write of {@code batch} atomically: after a crash all are visible or none. Writes the
     * batch scopes to a namespace ({@link WriteBatch#in(String)}) go to that namespace of the database
     * (created when absent); the others go to this key space.
     */
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

    /**
     * The latest bytes value in a segment of {@code arena}, read from the log into it without a heap
     * copy when the value is stored uncompressed: the off-heap read path. {@link KeyNotFoundException}
     * or {@link TypeMismatchException}.
     */
    MemorySegment getBytes(String key, Arena arena);

    /** The latest vector value (a copy); {@link KeyNotFoundException} or {@link TypeMismatchException}. */
    float[] getVector(String key);

    /** Whether {@code key} has a live (non-deleted) value. */
    boolean exists(String key);

    /** Live keys, sorted. */
    List<String> keys();

    /** Live keys starting with {@code prefix}, sorted. */
    List<String> keys(String prefix);

    /**
     * Live keys matching a glob, sorted: {@code *} any run of characters, {@code ?} one character,
     * {@code [abc]} / {@code [a-z]} a set ({@code [!abc]} its complement), {@code \x} a literal
     * {@code x}; {@code **} is the same as {@code *} (keys have no path segments). Matching takes
     * time linear in the key's length times the pattern's, never exponential.
     */
    List<String> keysMatching(String glob);

    /** Number of live keys. */
    long size();

    // ---- history --------------------------------------------------------------------------

    /** Every value {@code key} ever had, oldest first, deletes included as {@link Atom.Null}. */
    List<HistoryEntry> history(String key);

    /** The entries of {@code key} that {@code query} selects, oldest first, deletes included. */
    List<HistoryEntry> history(String key, HistoryQuery query);

    /**
     * The numeric history of {@code key} as doubles, oldest first, without boxing. Int64 values are
     * widened; deletes are skipped; any other type throws {@link TypeMismatchException}. An unknown
     * key throws {@link KeyNotFoundException}.
     */
    double[] historyAsDoubles(String key);

    /**
     * The numeric points of {@code key} that {@code query} selects, as doubles, oldest first: found by
     * binary search on the times in the index, so the cost is the points returned, not the history.
     * Types are checked in the selected range only.
     */
    double[] historyAsDoubles(String key, HistoryQuery query);

    /** As {@link #historyAsDoubles(String)} for int64 values; float64 values throw {@link TypeMismatchException}. */
    long[] historyAsLongs(String key);

    /** As {@link #historyAsDoubles(String, HistoryQuery)} for int64 values. */
    long[] historyAsLongs(String key, HistoryQuery query);

    /** Times (microseconds since the epoch) of the entries {@link #historyAsDoubles(String)} returns. */
    long[] historyTimestamps(String key);

    /** Times of the points {@link #historyAsDoubles(String, HistoryQuery)} returns. */
    long[] historyTimestamps(String key, HistoryQuery query);

    /**
     * The numeric points {@code query} selects as (time, value) pairs from one consistent view of the
     * key: what {@link #historyTimestamps(String, HistoryQuery)} and
     * {@link #historyAsDoubles(String, HistoryQuery)} return, without a write landing between the two.
     */
    TimeSeries series(String key, HistoryQuery query);

    /**
     * The numeric history as native-order doubles in a segment of {@code arena}, for handing to
     * native code or a GPU without a heap copy.
     */
    MemorySegment historyAsSegment(String key, Arena arena);

    /** The points {@code query} selects as native-order doubles in a segment of {@code arena}. */
    MemorySegment historyAsSegment(String key, HistoryQuery query, Arena arena);

    // ---- state of features ----------------------------------------------------------------

    /**
     * The object of {@code type} attached to this key space of this open database, created by
     * {@code factory} on the first call: per-database state of a feature (its locks, its caches) that
     * every handle and every feature object over the same open database shares, instead of a static
     * map keyed by database. It goes away when the database closes (or the namespace is dropped). Two
     * calls with one type return the same object; {@code factory} runs at most once per type and
     * must not return null.
     */
    <T> T attachment(Class<T> type, Supplier<? extends T> factory);
}
