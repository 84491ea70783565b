package syna.storage.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import syna.api.Atom;
import syna.api.HistoryEntry;
import syna.api.HistoryQuery;
import syna.api.InvalidArgumentException;
import syna.api.KeyNotFoundException;
import syna.api.KeySpace;
import syna.api.TimeSeries;
import syna.api.TypeMismatchException;
import syna.api.ValueType;
import syna.api.WriteBatch;

/**
 * The {@link KeySpace} operations of the log engine, shared by the user keys ({@link LogDatabase})
 * and each namespace ({@link LogNamespace}): argument checks, then writes as units of the one write
 * template ({@link LogWriter#run}) and lock-free reads of the current generation's {@link Space}.
 * Concurrent reads, one writer.
 */
abstract sealed class LogKeySpace implements KeySpace permits LogDatabase, LogNamespace {
    /** The database this key space belongs to (itself for the user keys). */
    abstract LogDatabase db();

    /** The space reads use in {@code g}; throws when it is gone. */
    abstract Space readSpace(Generation g);

    /** Where writes go. */
    abstract WriteUnits.Target target();

    /** Longest key, in UTF-8 bytes. */
    abstract int maxKeyBytes();

    /** What to call this key space in messages. */
    abstract String describe();

    private final java.util.concurrent.ConcurrentHashMap<Class<?>, Object> attachments =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Throws when the key space can no longer be used (closed database, dropped namespace). */
    abstract void checkUsable();

    void clearAttachments() {
        attachments.clear();
    }

    @Override
    public <T> T attachment(Class<T> type, java.util.function.Supplier<? extends T> factory) {
        notNull(type, "attachment type");
        notNull(factory, "attachment factory");
        checkUsable();
        Object o = attachments.computeIfAbsent(type, t -> {
            T made = factory.get();
            if (made == null) {
                throw new InvalidArgumentException("attachment factory for " + t.getName() + " of " + describe()
                        + " returned null");
            }
            return made;
        });
        return type.cast(o);
    }

    static <T> T notNull(T value, String what) {
        if (value == null) {
            throw new InvalidArgumentException(what + " must not be null");
        }
        return value;
    }

    private byte[] key(String key) {
        return Keys.encode(key, maxKeyBytes());
    }

    private void checkValue(String key, Atom value, byte[] text) {
        long size = ValueEncoding.rawSize(value, text);
        checkSize(key, size);
    }

    private void checkSize(String key, long size) {
        int max = db().options().maxValueBytes();
        if (size > max) {
            throw new InvalidArgumentException("value of key '" + key + "' is " + size + " bytes, over maxValueBytes "
                    + max);
        }
    }

    // ---- writes -------------------------------------------------------------------------------

    @Override
    public void put(String key, Atom value) {
        byte[] k = key(key);
        notNull(value, "value of key '" + key + "'");
        byte[] text = value instanceof Atom.Text t ? Keys.encodeText(key, t.value()) : null;
        checkValue(key, value, text);
        db().writer().run(new WriteUnits.Put(target(), key, k, value, text));
    }

    /**
     * As {@code put(key, Atom.of(value))} with one copy instead of two: the record is encoded from
     * the caller's array, and only a value served from memory is copied (into the cached atom).
     */
    @Override
    public void putBytes(String key, byte[] value) {
        byte[] k = key(key);
        notNull(value, "bytes value of key '" + key + "'");
        checkSize(key, value.length);
        db().writer().run(new WriteUnits.PutBytes(target(), key, k, value, null));
    }

    @Override
    public void putBytes(String key, MemorySegment value) {
        byte[] k = key(key);
        notNull(value, "bytes value of key '" + key + "'");
        checkSize(key, value.byteSize());
        db().writer().run(new WriteUnits.PutBytes(target(), key, k, null, value));
    }

    @Override
    public boolean delete(String key) {
        byte[] k = key(key);
        return db().writer().run(new WriteUnits.Delete(target(), key, k));
    }

    @Override
    public void putFloats(String key, double[] values) {
        notNull(values, "values of key '" + key + "'");
        putSeries(key, doubleBits(values), null, ValueType.FLOAT64);
    }

    @Override
    public void putInts(String key, long[] values) {
        notNull(values, "values of key '" + key + "'");
        putSeries(key, values.clone(), null, ValueType.INT64);
    }

    @Override
    public void putFloats(String key, long[] timesMicros, double[] values) {
        notNull(timesMicros, "timesMicros of key '" + key + "'");
        notNull(values, "values of key '" + key + "'");
        putSeries(key, doubleBits(values), checkTimes(key, timesMicros, values.length), ValueType.FLOAT64);
    }

    @Override
    public void putInts(String key, long[] timesMicros, long[] values) {
        notNull(timesMicros, "timesMicros of key '" + key + "'");
        notNull(values, "values of key '" + key + "'");
        putSeries(key, values.clone(), checkTimes(key, timesMicros, values.length), ValueType.INT64);
    }

    private static long[] doubleBits(double[] values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
        return bits;
    }

    /** A copy of {@code times} after checking its length and order. */
    private static long[] checkTimes(String key, long[] times, int n) {
        if (times.length != n) {
            throw new InvalidArgumentException("series of key '" + key + "' has " + times.length + " times for " + n
                    + " values");
        }
        long[] t = times.clone();
        for (int i = 1; i < t.length; i++) {
            if (t[i] < t[i - 1]) {
                throw new InvalidArgumentException("series time " + i + " of key '" + key + "' is " + t[i]
                        + ", before time " + (i - 1) + " at " + t[i - 1] + " (times must not decrease)");
            }
        }
        return t;
    }

    private void putSeries(String key, long[] values, long[] times, ValueType type) {
        byte[] k = key(key);
        if (values.length == 0) {
            return;
        }
        db().writer().run(new WriteUnits.Series(target(), key, k, values, times, type));
    }

    @Override
    public void write(WriteBatch batch) {
        notNull(batch, "batch");
        List<WriteBatch.Op> ops = batch.ops();
        if (ops.isEmpty()) {
            return;
        }
        List<WriteUnits.Batch.Op> checked = new ArrayList<>(ops.size());
        for (WriteBatch.Op op : ops) {
            if (!op.unscoped()) {
                Keys.encodeNamespace(op.namespace());
            }
            byte[] k = Keys.encode(op.key(), op.unscoped() ? maxKeyBytes() : syna.api.Namespace.MAX_KEY_BYTES);
            byte[] text = op.value() instanceof Atom.Text t ? Keys.encodeText(op.key(), t.value()) : null;
            checkValue(op.key(), op.value(), text);
            checked.add(new WriteUnits.Batch.Op(op.namespace(), op.key(), k, op.value(), text));
        }
        db().writer().run(new WriteUnits.Batch(target(), checked));
    }

    private static final byte BYTES_TAG = (byte) ValueType.BYTES.tag();
    private static final byte TEXT_TAG = (byte) ValueType.TEXT.tag();

    // ---- reads --------------------------------------------------------------------------------

    private Space space() {
        return readSpace(db().generation());
    }

    private HistoryView liveView(Space s, String key) {
        Keys.checkReadKey(key);
        HistoryView v = s.index.view(key);
        return v != null && v.live() ? v : null;
    }

    private Atom latest(Generation g, Space s, String key, HistoryView v) {
        Atom a = v.latest();
        if (a != null) {
            return a;
        }
        a = db().stored(g, key, v.offset(v.count() - 1));
        if (WriteUnits.servedFromMemory(a)) {
            s.index.fillLatest(key, v, a); // a key loaded from a checkpoint: its small latest value is read once
        }
        return a;
    }

    /** A small latest value {@code a} of {@code key}, read from its record at {@code at}, stays in memory from now on. */
    private static void keep(Space s, String key, long at, Atom a) {
        if (WriteUnits.servedFromMemory(a)) {
            HistoryView v = s.index.view(key);
            if (v != null && v.count() > 0 && v.offset(v.count() - 1) == at) {
                s.index.fillLatest(key, v, a);
            }
        }
    }

    @Override
    public Optional<Atom> get(String key) {
        Generation g = db().generation();
        Space s = readSpace(g);
        Keys.checkReadKey(key);
        Atom a = s.index.cachedLatest(key); // the common case: no view made, no array read
        if (a != null) {
            return a instanceof Atom.Null ? Optional.empty() : Optional.of(a);
        }
        HistoryView v = s.index.view(key);
        return v != null && v.live() ? Optional.of(latest(g, s, key, v)) : Optional.empty();
    }

    private Atom require(String key, ValueType expected) {
        Generation g = db().generation();
        Space s = readSpace(g);
        Keys.checkReadKey(key);
        Atom a = s.index.cachedLatest(key);
        if (a != null && a.type() == expected) {
            return a; // the common case; anything else takes the checked path below
        }
        HistoryView v = liveView(s, key);
        if (v == null) {
            throw new KeyNotFoundException("key '" + key + "' not found in " + describe() + " (expected a " + expected
                    + " value)");
        }
        ValueType actual = v.latestType();
        if (actual != expected) {
            throw new TypeMismatchException("key '" + key + "' holds a " + actual + " value, not the " + expected
                    + " asked for");
        }
        return latest(g, s, key, v);
    }

    @Override
    public double getFloat(String key) {
        return ((Atom.Float64) require(key, ValueType.FLOAT64)).value();
    }

    @Override
    public long getInt(String key) {
        return ((Atom.Int64) require(key, ValueType.INT64)).value();
    }

    @Override
    public String getText(String key) {
        Generation g = db().generation();
        Space s = readSpace(g);
        Keys.checkReadKey(key);
        long at = s.index.storedOffset(key, TEXT_TAG);
        if (at >= 0 && db().stored(g, key, at) instanceof Atom.Text t) {
            keep(s, key, at, t); // text over 32 B is decoded from the map each time, no view made
            return t.value();
        }
        return ((Atom.Text) require(key, ValueType.TEXT)).value();
    }

    @Override
    public byte[] getBytes(String key) {
        Generation g = db().generation();
        Space s = readSpace(g);
        Keys.checkReadKey(key);
        long at = s.index.storedOffset(key, BYTES_TAG);
        if (at >= 0) {
            byte[] b = db().storedBytes(g, key, at); // the common case for values over 32 B: one copy, from the map
            if (b.length <= RecordFormat.HEAP_VALUE_LIMIT) {
                keep(s, key, at, Atom.of(b));
            }
            return b;
        }
        return ((Atom.Bytes) require(key, ValueType.BYTES)).value();
    }

    @Override
    public MemorySegment getBytes(String key, Arena arena) {
        notNull(arena, "arena");
        Generation g = db().generation();
        LatestBytes l = latestBytes(g, key);
        if (l.cached() != null) {
            MemorySegment raw = l.cached();
            MemorySegment seg = arena.allocate(raw.byteSize());
            MemorySegment.copy(raw, 0, seg, 0, raw.byteSize());
            return seg;
        }
        return db().storedBytes(g, key, l.offset(), arena);
    }

    /** A key's latest bytes value: on the heap ({@code cached}), or the log offset of its record. */
    private record LatestBytes(MemorySegment cached, long offset) {}

    private LatestBytes latestBytes(Generation g, String key) {
        HistoryView v = liveView(readSpace(g), key);
        Atom cached = v == null || v.latestType() != ValueType.BYTES
                ? require(key, ValueType.BYTES) // throws the right exception (or the key just became bytes)
                : v.latest();
        return cached instanceof Atom.Bytes b ? new LatestBytes(b.asSegment(), -1) : new LatestBytes(null, v.offset(v.count() - 1));
    }

    @Override
    public syna.api.BytesView viewBytes(String key) {
        Generation g = db().generation();
        LatestBytes l = latestBytes(g, key);
        if (l.cached() != null) { // the value in memory, read-only, as it is
            MemorySegment raw = l.cached();
            return new syna.api.BytesView(raw, syna.api.spi.format.Checksums.crc32c(raw, 0, raw.byteSize()));
        }
        return db().storedView(g, key, l.offset());
    }

    @Override
    public float[] getVector(String key) {
        return ((Atom.Vector) require(key, ValueType.VECTOR)).value();
    }

    @Override
    public boolean exists(String key) {
        return liveView(space(), key) != null;
    }

    /** Live keys starting with {@code prefix} that {@code filter} accepts, sorted; visits only that range. */
    private List<String> matchingKeys(String prefix, Predicate<String> filter) {
        Space s = space();
        List<String> result = new ArrayList<>();
        if (s.firstUnsortedListing()) {
            s.index.forEach((k, v) -> {
                if (k.startsWith(prefix) && v.live() && filter.test(k)) {
                    result.add(k);
                }
            });
            result.sort(null);
            return result;
        }
        for (String k : s.sortedKeys().tailSet(prefix)) {
            if (!k.startsWith(prefix)) {
                break;
            }
            HistoryView v = s.index.view(k);
            if (v != null && v.live() && filter.test(k)) {
                result.add(k);
            }
        }
        return result;
    }

    @Override
    public List<String> keys() {
        return matchingKeys("", k -> true);
    }

    @Override
    public List<String> keys(String prefix) {
        notNull(prefix, "prefix");
        return matchingKeys(prefix, k -> true);
    }

    @Override
    public List<String> keys(String prefix, String after, int limit) {
        notNull(prefix, "prefix");
        if (limit < 1) {
            throw new InvalidArgumentException("limit must be >= 1, got " + limit);
        }
        Space s = space();
        String from = after == null || after.compareTo(prefix) < 0 ? prefix : after;
        boolean inclusive = after == null || after.compareTo(prefix) < 0;
        java.util.NavigableSet<String> sorted = s.sortedKeysIfBuilt();
        List<String> result = new ArrayList<>(Math.min(limit, 1024));
        if (sorted != null) {
            for (String k : sorted.tailSet(from, inclusive)) {
                if (!k.startsWith(prefix) || result.size() == limit) {
                    break;
                }
                HistoryView v = s.index.view(k);
                if (v != null && v.live()) {
                    result.add(k);
                }
            }
            return result;
        }
        // No sorted view yet (the first listing after an open): one pass over the index keeping the
        // limit smallest matches in a max-heap, instead of sorting every key for one page.
        java.util.PriorityQueue<String> top = new java.util.PriorityQueue<>(Math.min(limit, 1024) + 1,
                java.util.Comparator.reverseOrder());
        s.index.forEach((k, v) -> {
            if (k.startsWith(prefix) && (inclusive ? k.compareTo(from) >= 0 : k.compareTo(from) > 0)
                    && (top.size() < limit || k.compareTo(top.peek()) < 0) && v.live()) {
                top.add(k);
                if (top.size() > limit) {
                    top.poll();
                }
            }
        });
        result.addAll(top);
        result.sort(null);
        return result;
    }

    @Override
    public List<String> keysMatching(String glob) {
        Glob g = new Glob(glob);
        return matchingKeys(g.literalPrefix(), g::matches);
    }

    @Override
    public long size() {
        return space().liveKeys();
    }

    // ---- history ------------------------------------------------------------------------------

    private HistoryView historyView(Space s, String key, boolean required) {
        Keys.checkReadKey(key);
        HistoryView v = s.index.view(key);
        if (v == null) {
            if (required) {
                throw new KeyNotFoundException("key '" + key + "' has no history in " + describe());
            }
            return HistoryView.EMPTY;
        }
        return v;
    }

    @Override
    public List<HistoryEntry> history(String key) {
        return history(key, HistoryQuery.all());
    }

    @Override
    public List<HistoryEntry> history(String key, HistoryQuery query) {
        notNull(query, "query");
        Generation g = db().generation();
        HistoryView v = historyView(readSpace(g), key, false);
        return v.entries(query, offset -> db().stored(g, key, offset));
    }

    @Override
    public double[] historyAsDoubles(String key) {
        return historyAsDoubles(key, HistoryQuery.all());
    }

    @Override
    public double[] historyAsDoubles(String key, HistoryQuery query) {
        notNull(query, "query");
        return historyView(space(), key, true).doubles(key, query);
    }

    @Override
    public long[] historyAsLongs(String key) {
        return historyAsLongs(key, HistoryQuery.all());
    }

    @Override
    public long[] historyAsLongs(String key, HistoryQuery query) {
        notNull(query, "query");
        return historyView(space(), key, true).longs(key, query);
    }

    @Override
    public long[] historyTimestamps(String key) {
        return historyTimestamps(key, HistoryQuery.all());
    }

    @Override
    public long[] historyTimestamps(String key, HistoryQuery query) {
        notNull(query, "query");
        return historyView(space(), key, true).times(key, query);
    }

    @Override
    public TimeSeries series(String key, HistoryQuery query) {
        notNull(query, "query");
        return historyView(space(), key, true).series(key, query);
    }

    @Override
    public MemorySegment historyAsSegment(String key, Arena arena) {
        return historyAsSegment(key, HistoryQuery.all(), arena);
    }

    @Override
    public MemorySegment historyAsSegment(String key, HistoryQuery query, Arena arena) {
        notNull(query, "query");
        notNull(arena, "arena");
        return historyView(space(), key, true).segment(key, query, arena);
    }
}
