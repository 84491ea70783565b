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

    /**
     * Writes {@code value} as the new latest value of {@code key}; a {@link Atom.Null} deletes.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @param value the value
     * @throws InvalidArgumentException for a bad key, or a value over {@link DatabaseOptions#maxValueBytes()}
     * @throws UnsupportedFeatureException when the database was opened read-only
     * @throws SynaIOException when the write or its fsync fails (later writes then fail until reopened)
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    void put(String key, Atom value);

    /**
     * Writes a float64 (bit for bit, NaN and infinities included) as the latest value of {@code key}.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @param value the value
     * @throws InvalidArgumentException for a bad key, or a value over {@link DatabaseOptions#maxValueBytes()}
     * @throws UnsupportedFeatureException when the database was opened read-only
     * @throws SynaIOException when the write or its fsync fails (later writes then fail until reopened)
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    default void putFloat(String key, double value) {
        put(key, Atom.of(value));
    }

    /**
     * Writes an int64 as the latest value of {@code key}.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @param value the value
     * @throws InvalidArgumentException for a bad key, or a value over {@link DatabaseOptions#maxValueBytes()}
     * @throws UnsupportedFeatureException when the database was opened read-only
     * @throws SynaIOException when the write or its fsync fails (later writes then fail until reopened)
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    default void putInt(String key, long value) {
        put(key, Atom.of(value));
    }

    /**
     * Writes text (stored as UTF-8) as the latest value of {@code key}.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @param value the value
     * @throws InvalidArgumentException for a bad key, or a value over {@link DatabaseOptions#maxValueBytes()}
     * @throws UnsupportedFeatureException when the database was opened read-only
     * @throws SynaIOException when the write or its fsync fails (later writes then fail until reopened)
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    default void putText(String key, String value) {
        if (value == null) {
            throw new InvalidArgumentException("text value of key '" + key + "' must not be null");
        }
        put(key, Atom.of(value));
    }

    /**
     * Writes bytes (copied) as the latest value of {@code key}.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @param value the value (copied)
     * @throws InvalidArgumentException for a bad key, or a value over {@link DatabaseOptions#maxValueBytes()}
     * @throws UnsupportedFeatureException when the database was opened read-only
     * @throws SynaIOException when the write or its fsync fails (later writes then fail until reopened)
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
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
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @param value the bytes: any segment (heap, native or mapped), at most {@link
     *     DatabaseOptions#maxValueBytes()}
     * @throws InvalidArgumentException for a bad key, or a value over {@link DatabaseOptions#maxValueBytes()}
     * @throws UnsupportedFeatureException when the database was opened read-only
     * @throws SynaIOException when the write or its fsync fails (later writes then fail until reopened)
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    void putBytes(String key, MemorySegment value);

    /**
     * Writes a float32 vector (copied) as the latest value of {@code key}.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @param value the value (copied)
     * @throws InvalidArgumentException for a bad key, or a value over {@link DatabaseOptions#maxValueBytes()}
     * @throws UnsupportedFeatureException when the database was opened read-only
     * @throws SynaIOException when the write or its fsync fails (later writes then fail until reopened)
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    default void putVector(String key, float[] value) {
        if (value == null) {
            throw new InvalidArgumentException("vector value of key '" + key + "' must not be null");
        }
        put(key, Atom.of(value));
    }

    /**
     * Appends every value to the history of {@code key}, in order, atomically, all with the write time
     * (use {@link #putFloats(String, long[], double[])} for points with their own times).
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @param values the points, oldest first
     * @throws InvalidArgumentException for a bad key, or a value over {@link DatabaseOptions#maxValueBytes()}
     * @throws UnsupportedFeatureException when the database was opened read-only
     * @throws SynaIOException when the write or its fsync fails (later writes then fail until reopened)
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    void putFloats(String key, double[] values);

    /**
     * Appends every value to the history of {@code key}, in order, atomically, all with the write time.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @param values the points, oldest first
     * @throws InvalidArgumentException for a bad key, or a value over {@link DatabaseOptions#maxValueBytes()}
     * @throws UnsupportedFeatureException when the database was opened read-only
     * @throws SynaIOException when the write or its fsync fails (later writes then fail until reopened)
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    void putInts(String key, long[] values);

    /**
     * Appends points with their own times to the history of {@code key}, atomically: point {@code i} is
     * {@code (timesMicros[i], values[i])}. Times are microseconds since the epoch, non-decreasing, and
     * not before the key's latest entry; the arrays have one length. Otherwise {@link
     * InvalidArgumentException} names the index and both times, and nothing is written.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @param timesMicros each point's time, microseconds since the epoch, non-decreasing, not before the
     *     key's latest entry
     * @param values the points, oldest first
     * @throws InvalidArgumentException for a bad key, arrays of two lengths, or a time out of order (the
     *     index and both times are named; nothing is written)
     * @throws UnsupportedFeatureException when the database was opened read-only
     * @throws SynaIOException when the write or its fsync fails (later writes then fail until reopened)
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    void putFloats(String key, long[] timesMicros, double[] values);

    /**
     * The int64 twin of {@link #putFloats(String, long[], double[])}.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @param timesMicros each point's time, microseconds since the epoch, non-decreasing, not before the
     *     key's latest entry
     * @param values the points, oldest first
     * @throws InvalidArgumentException for a bad key, arrays of two lengths, or a time out of order (the
     *     index and both times are named; nothing is written)
     * @throws UnsupportedFeatureException when the database was opened read-only
     * @throws SynaIOException when the write or its fsync fails (later writes then fail until reopened)
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    void putInts(String key, long[] timesMicros, long[] values);

    /**
     * Applies every write of {@code batch} atomically: after a crash all are visible or none. Writes
     * the batch scopes to a namespace ({@link WriteBatch#in(String)}) go to that namespace of the
     * database (created when absent); the others go to this key space.
     *
     * @param batch the writes, in order
     * @throws InvalidArgumentException for a bad key, or a value over {@link DatabaseOptions#maxValueBytes()}
     * @throws UnsupportedFeatureException when the database was opened read-only
     * @throws SynaIOException when the write or its fsync fails (later writes then fail until reopened)
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    void write(WriteBatch batch);

    /**
     * Deletes {@code key} (writes a tombstone); returns whether it had a live value.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @return whether it had a live value
     * @throws InvalidArgumentException for a bad key, or a value over {@link DatabaseOptions#maxValueBytes()}
     * @throws UnsupportedFeatureException when the database was opened read-only
     * @throws SynaIOException when the write or its fsync fails (later writes then fail until reopened)
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    boolean delete(String key);

    // ---- reads ----------------------------------------------------------------------------

    /**
     * The latest value of {@code key}, empty when absent or deleted.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @return the value, empty when the key is absent or deleted
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    Optional<Atom> get(String key);

    /**
     * The latest float64 value; {@link KeyNotFoundException} or {@link TypeMismatchException}.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @return the value
     * @throws KeyNotFoundException when the key has no live value
     * @throws TypeMismatchException when its latest value has another type (both types are named)
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    double getFloat(String key);

    /**
     * The latest int64 value; {@link KeyNotFoundException} or {@link TypeMismatchException}.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @return the value
     * @throws KeyNotFoundException when the key has no live value
     * @throws TypeMismatchException when its latest value has another type (both types are named)
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    long getInt(String key);

    /**
     * The latest text value; {@link KeyNotFoundException} or {@link TypeMismatchException}.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @return the value
     * @throws KeyNotFoundException when the key has no live value
     * @throws TypeMismatchException when its latest value has another type (both types are named)
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    String getText(String key);

    /**
     * The latest bytes value (a copy); {@link KeyNotFoundException} or {@link TypeMismatchException}.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @return the value (a copy)
     * @throws KeyNotFoundException when the key has no live value
     * @throws TypeMismatchException when its latest value has another type (both types are named)
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    byte[] getBytes(String key);

    /**
     * The latest bytes value in a segment of {@code arena}, read from the log into it without a heap
     * copy when the value is stored uncompressed: the off-heap read path. {@link KeyNotFoundException}
     * or {@link TypeMismatchException}.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @param arena the arena that owns the segment (and frees it)
     * @return a segment of {@code arena} holding the bytes
     * @throws KeyNotFoundException when the key has no live value
     * @throws TypeMismatchException when its latest value has another type (both types are named)
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    MemorySegment getBytes(String key, Arena arena);

    /**
     * The latest bytes value without a copy where the engine can serve one: a read-only slice of its
     * memory map of the file when the value is stored uncompressed, with the stored record's checksum
     * verified and the value's CRC32C returned beside it (one pass over the bytes for both). Values the
     * engine cannot map (compressed, not yet written out, or an engine without maps) are read into an
     * automatic arena as {@link #getBytes(String, Arena)} does. {@link KeyNotFoundException} or
     * {@link TypeMismatchException}.
     *
     * <p>This default reads with {@link #getBytes(String, Arena)} and computes the CRC32C after; an
     * engine with maps overrides it.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @return the bytes and their CRC32C; the segment stays valid while it is reachable
     * @throws KeyNotFoundException when the key has no live value
     * @throws TypeMismatchException when its latest value has another type (both types are named)
     * @throws CorruptFileException when the stored record fails its checksum
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    default BytesView viewBytes(String key) {
        MemorySegment s = getBytes(key, Arena.ofAuto());
        return new BytesView(s.asReadOnly(), syna.api.spi.format.Checksums.crc32c(s, 0, s.byteSize()));
    }

    /**
     * The latest vector value (a copy); {@link KeyNotFoundException} or {@link TypeMismatchException}.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @return the value (a copy)
     * @throws KeyNotFoundException when the key has no live value
     * @throws TypeMismatchException when its latest value has another type (both types are named)
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    float[] getVector(String key);

    /**
     * Whether {@code key} has a live (non-deleted) value.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @return true when it has one
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    boolean exists(String key);

    /**
     * Live keys, sorted.
     *
     * @return the keys, a snapshot
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    List<String> keys();

    /**
     * Live keys starting with {@code prefix}, sorted.
     *
     * @param prefix the prefix; empty for every key
     * @return the keys, a snapshot
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    List<String> keys(String prefix);

    /**
     * One page of the sorted live keys starting with {@code prefix}: the first {@code limit} that sort
     * after {@code after}. Pass the last key of a page as {@code after} to get the next one. Cheaper than
     * {@link #keys(String)} on a large key space: the first listing after an open need not sort every key
     * for the first page (one pass that keeps the {@code limit} smallest).
     *
     * @param prefix the prefix; empty for every key
     * @param after the key the page starts after (exclusive), or {@code null} for the first page
     * @param limit the most keys returned, at least 1
     * @return up to {@code limit} keys in order, a snapshot
     * @throws InvalidArgumentException when {@code limit} is below 1 or {@code prefix} is null
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    List<String> keys(String prefix, String after, int limit);

    /**
     * Live keys matching a glob, sorted: {@code *} any run of characters, {@code ?} one character,
     * {@code [abc]} / {@code [a-z]} a set ({@code [!abc]} its complement), {@code \x} a literal {@code
     * x}; {@code **} is the same as {@code *} (keys have no path segments). Matching takes time linear
     * in the key's length times the pattern's, never exponential.
     *
     * @param glob the pattern
     * @return the keys, a snapshot
     * @throws InvalidArgumentException for a malformed pattern
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    List<String> keysMatching(String glob);

    /**
     * Number of live keys.
     *
     * @return the count
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    long size();

    // ---- history --------------------------------------------------------------------------

    /**
     * Every value {@code key} ever had, oldest first, deletes included as {@link Atom.Null}.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @return the entries; empty for a key never written
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    List<HistoryEntry> history(String key);

    /**
     * The entries of {@code key} that {@code query} selects, oldest first, deletes included.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @param query which entries: a time range, the last N, or both
     * @return the entries; empty for a key never written
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    List<HistoryEntry> history(String key, HistoryQuery query);

    /**
     * The numeric history of {@code key} as doubles, oldest first, without boxing. Int64 values are
     * widened; deletes are skipped; any other type throws {@link TypeMismatchException}. An unknown key
     * throws {@link KeyNotFoundException}.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @return the values
     * @throws KeyNotFoundException for a key never written
     * @throws TypeMismatchException when the history (or the selected range) holds a value of another type
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    double[] historyAsDoubles(String key);

    /**
     * The numeric points of {@code key} that {@code query} selects, as doubles, oldest first: found by
     * binary search on the times in the index, so the cost is the points returned, not the history.
     * Types are checked in the selected range only.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @param query which entries: a time range, the last N, or both
     * @return the values
     * @throws KeyNotFoundException for a key never written
     * @throws TypeMismatchException when the history (or the selected range) holds a value of another type
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    double[] historyAsDoubles(String key, HistoryQuery query);

    /**
     * As {@link #historyAsDoubles(String)} for int64 values; float64 values throw {@link
     * TypeMismatchException}.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @return the values
     * @throws KeyNotFoundException for a key never written
     * @throws TypeMismatchException when the history (or the selected range) holds a value of another type
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    long[] historyAsLongs(String key);

    /**
     * As {@link #historyAsDoubles(String, HistoryQuery)} for int64 values.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @param query which entries: a time range, the last N, or both
     * @return the values
     * @throws KeyNotFoundException for a key never written
     * @throws TypeMismatchException when the history (or the selected range) holds a value of another type
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    long[] historyAsLongs(String key, HistoryQuery query);

    /**
     * Times (microseconds since the epoch) of the entries {@link #historyAsDoubles(String)} returns.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @return microseconds since the epoch, non-decreasing
     * @throws KeyNotFoundException for a key never written
     * @throws TypeMismatchException when the history (or the selected range) holds a value of another type
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    long[] historyTimestamps(String key);

    /**
     * Times of the points {@link #historyAsDoubles(String, HistoryQuery)} returns.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @param query which entries: a time range, the last N, or both
     * @return microseconds since the epoch, non-decreasing
     * @throws KeyNotFoundException for a key never written
     * @throws TypeMismatchException when the history (or the selected range) holds a value of another type
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    long[] historyTimestamps(String key, HistoryQuery query);

    /**
     * The numeric points {@code query} selects as (time, value) pairs from one consistent view of the
     * key: what {@link #historyTimestamps(String, HistoryQuery)} and {@link #historyAsDoubles(String,
     * HistoryQuery)} return, without a write landing between the two.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @param query which entries: a time range, the last N, or both
     * @return the points (possibly none)
     * @throws KeyNotFoundException for a key never written
     * @throws TypeMismatchException when the history (or the selected range) holds a value of another type
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    TimeSeries series(String key, HistoryQuery query);

    /**
     * The numeric history as native-order doubles in a segment of {@code arena}, for handing to native
     * code or a GPU without a heap copy.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @param arena the arena that owns the segment (and frees it)
     * @return a segment of {@code 8 * n} bytes
     * @throws KeyNotFoundException for a key never written
     * @throws TypeMismatchException when the history (or the selected range) holds a value of another type
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    MemorySegment historyAsSegment(String key, Arena arena);

    /**
     * The points {@code query} selects as native-order doubles in a segment of {@code arena}.
     *
     * @param key the key: non-empty, at most {@link DatabaseOptions#MAX_KEY_BYTES} UTF-8 bytes
     *     ({@link Namespace#MAX_KEY_BYTES} in a namespace), valid UTF-16
     * @param query which entries: a time range, the last N, or both
     * @param arena the arena that owns the segment (and frees it)
     * @return a segment of {@code 8 * n} bytes
     * @throws KeyNotFoundException for a key never written
     * @throws TypeMismatchException when the history (or the selected range) holds a value of another type
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    MemorySegment historyAsSegment(String key, HistoryQuery query, Arena arena);

    // ---- state of features ----------------------------------------------------------------

    /**
     * The object of {@code type} attached to this key space of this open database, created by {@code
     * factory} on the first call: per-database state of a feature (its locks, its caches) that every
     * handle and every feature object over the same open database shares, instead of a static map keyed
     * by database. It goes away when the database closes (or the namespace is dropped). Two calls with
     * one type return the same object; {@code factory} runs at most once per type and must not return
     * null.
     *
     * @param <T> the attachment's type
     * @param type the attachment's class, its identity
     * @param factory creates the object on the first call
     * @return the one object of {@code type} for this key space
     * @throws InvalidArgumentException when {@code factory} returns null
     * @throws ClosedException after the database closed (or the namespace was dropped)
     */
    <T> T attachment(Class<T> type, Supplier<? extends T> factory);
}
