package syna.storage.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import syna.api.Atom;
import syna.api.ValueType;

/**
 * Every entry one key ever had, in columns: time, type, the 64 bits of a numeric value, and the
 * offset of the record holding the entry in the log (several points of one series record share it;
 * compaction uses that to never encode worse than the original records). The single writer appends
 * to working arrays and then publishes an immutable {@link HistoryView} through a volatile field; a
 * reader takes one view and sees exactly the entries committed when it was published. Arrays are
 * only ever written past a published count, and grow by copying, so a view never changes.
 * Concurrent reads, one writer.
 */
final class KeyHistory {
    private static final VarHandle VIEW;
    private static final VarHandle CACHED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            VIEW = l.findVarHandle(KeyHistory.class, "view", HistoryView.class);
            CACHED = l.findVarHandle(KeyHistory.class, "cached", Atom.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Published with release semantics (a plain store on x86), read with acquire. */
    @SuppressWarnings("unused") // through VIEW
    private HistoryView view = HistoryView.EMPTY;
    /** The published view's latest value when cached, else null; lets a get skip the view. */
    @SuppressWarnings("unused") // through CACHED
    private Atom cached;

    // Writer-confined working state: arrays once the key has two entries, before that the fields
    // below (while the arrays are empty).
    private int count;
    private long[] timestamps = HistoryView.NO_LONGS;
    private byte[] types = HistoryView.NO_BYTES;
    private long[] bits = HistoryView.NO_LONGS;
    private long[] offsets = HistoryView.NO_LONGS;
    private long ts0;
    private byte type0;
    private long bits0;
    private long offset0;
    private Atom latest;
    /** Whether some entry has an earlier time than the one before it (logs written before times were kept in order). */
    private boolean unsorted;
    // Recovery: state at the start of the current atomic unit, restored when the unit is torn.
    private int unitCount = -1;
    private Atom unitLatest;
    private boolean unitUnsorted;

    HistoryView view() {
        return (HistoryView) VIEW.getAcquire(this);
    }

    /**
     * The latest value as of the last publish when it is kept in memory (an {@link Atom.Null}
     * after a delete), else null: then read {@link #view()}. Any thread.
     */
    Atom latestCached() {
        return (Atom) CACHED.getAcquire(this);
    }

    int workingCount() {
        return count;
    }

    /** Room for {@code extra} more entries: none needed for a first single entry (the fields hold it). */
    private void ensure(int extra) {
        if (count + extra > timestamps.length && count + extra > 1) {
            int cap = Math.max(2, Math.max(count + extra, timestamps.length + (timestamps.length >> 1)));
            boolean fromFields = timestamps.length == 0 && count == 1;
            timestamps = Arrays.copyOf(timestamps, cap);
            types = Arrays.copyOf(types, cap);
            bits = Arrays.copyOf(bits, cap);
            offsets = Arrays.copyOf(offsets, cap);
            if (fromFields) {
                timestamps[0] = ts0;
                types[0] = type0;
                bits[0] = bits0;
                offsets[0] = offset0;
            }
        }
    }

    /** Writes entry {@code count} and counts it; {@link #ensure} made room. */
    private void add(long ts, byte type, long value, long offset) {
        if (count > 0 && ts < tsAt(count - 1)) {
            unsorted = true;
        }
        if (timestamps.length == 0) { // the first entry (count is 0 here)
            ts0 = ts;
            type0 = type;
            bits0 = value;
            offset0 = offset;
        } else {
            timestamps[count] = ts;
            types[count] = type;
            bits[count] = value;
            offsets[count] = offset;
        }
        count++;
    }

    private long tsAt(int i) {
        return timestamps.length == 0 ? ts0 : timestamps[i];
    }

    /** Time of the latest working entry, or {@link Long#MIN_VALUE} when there is none. Writer only. */
    long lastTimestamp() {
        return count == 0 ? Long.MIN_VALUE : tsAt(count - 1);
    }

    private byte typeAt(int i) {
        return timestamps.length == 0 ? type0 : types[i];
    }

    private long bitsAt(int i) {
        return timestamps.length == 0 ? bits0 : bits[i];
    }

    private long offsetAt(int i) {
        return timestamps.length == 0 ? offset0 : offsets[i];
    }

    /** Makes room for {@code extra} more entries at once (a large putFloats). */
    void reserve(int extra) {
        ensure(extra);
    }

    /** Appends a numeric entry (float64 IEEE bits or int64) held by the record at {@code offset}. */
    void appendNumeric(long ts, ValueType type, long value, long offset) {
        ensure(1);
        add(ts, (byte) type.tag(), value, offset);
        latest = null;
    }

    /** Appends a delete written by the record at {@code offset}. */
    void appendNull(long ts, long offset) {
        ensure(1);
        add(ts, (byte) ValueType.NULL.tag(), 0, offset);
        latest = ValueEncoding.NULL;
    }

    /** Appends a text/bytes/vector entry stored at {@code offset}; {@code cached} may be null. */
    void appendStored(long ts, ValueType type, long offset, Atom cached) {
        ensure(1);
        add(ts, (byte) type.tag(), 0, offset);
        latest = cached;
    }

    /** Offset of the latest entry's record when it is an uncached text/bytes/vector entry, else -1. */
    long workingLatestOffset() {
        if (count == 0 || latest != null) {
            return -1;
        }
        int t = typeAt(count - 1);
        boolean stored = t == ValueType.TEXT.tag() || t == ValueType.BYTES.tag() || t == ValueType.VECTOR.tag();
        return stored ? offsetAt(count - 1) : -1;
    }

    /** Drops the latest value from memory when it is still {@code value} and republishes. Writer only. */
    void uncache(Atom value) {
        if (latest == value && value != null) {
            latest = null;
            publish();
        }
    }

    /** Recovery: caches the decoded latest value (null: too large, read on demand). */
    void cacheLatest(Atom value) {
        latest = value;
    }

    /** Recovery: remembers the state before the first record of an atomic unit touches this key; true the first time. */
    boolean markUnit() {
        if (unitCount < 0) {
            unitCount = count;
            unitLatest = latest;
            unitUnsorted = unsorted;
            return true;
        }
        return false;
    }

    /** Recovery: the unit committed. */
    void commitUnit() {
        unitCount = -1;
        unitLatest = null;
    }

    /** Recovery: the unit was torn; forget its entries. */
    void rollbackUnit() {
        if (unitCount >= 0) {
            count = unitCount;
            latest = unitLatest;
            unsorted = unitUnsorted;
            unitCount = -1;
            unitLatest = null;
        }
    }

    /**
     * Checkpoint load: the working state becomes one entry (the key must be new), to be published.
     * Writer only.
     */
    void restoreOne(long ts, byte type, long value, long offset) {
        ts0 = ts;
        type0 = type;
        bits0 = value;
        offset0 = offset;
        count = 1;
        latest = null;
    }

    /**
     * Checkpoint load: the working state becomes the first {@code n} entries of the arrays, which
     * this history owns from now on (the key must be new); to be published. Writer only.
     */
    void restore(int n, long[] ts, byte[] type, long[] value, long[] offset, boolean outOfOrder) {
        timestamps = ts;
        types = type;
        bits = value;
        offsets = offset;
        count = n;
        unsorted = outOfOrder;
        latest = null;
    }

    /**
     * A reader read the latest value of view {@code v} back from the file: keeps it in the view,
     * unless the writer published another view since (then the writer's view stands). Any thread.
     * Only values read after a checkpoint load miss the cache this way; writes and full scans cache
     * their small latest values themselves.
     */
    void fillLatest(HistoryView v, Atom value) {
        VIEW.compareAndSet(this, v, v.withLatest(value));
    }

    /**
     * A history whose working and published state is {@code v}, for a key the index held as a bare
     * view (see {@link KeyIndex}) and that is written again. A view in arrays hands them over: the
     * history writes only past the view's count, as it does for its own views. Writer only.
     */
    static KeyHistory of(HistoryView v) {
        KeyHistory h = new KeyHistory();
        int n = v.count();
        if (n == 1) {
            h.restoreOne(v.time(0), v.tagAt(0), v.bitsAt(0), v.offset(0));
        } else if (n > 1) {
            h.restore(n, v.timestamps(), v.types(), v.bits(), v.offsets(), !v.sorted());
        }
        h.latest = v.latest();
        VIEW.setRelease(h, v);
        CACHED.setRelease(h, v.latest());
        return h;
    }

    /** Publishes the working state to readers. */
    void publish() {
        Atom cached = latest;
        if (cached == null && count > 0) {
            cached = HistoryView.numericLatest(typeAt(count - 1), bitsAt(count - 1));
        }
        latest = cached;
        HistoryView v;
        if (timestamps.length > 0) {
            v = new HistoryView(count, timestamps, types, bits, offsets, cached, !unsorted);
        } else if (count == 1) {
            v = new HistoryView(ts0, type0, bits0, offset0, cached);
        } else {
            v = HistoryView.EMPTY;
        }
        VIEW.setRelease(this, v);
        CACHED.setRelease(this, cached);
    }
}
