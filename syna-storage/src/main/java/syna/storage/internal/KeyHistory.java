package syna.storage.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import syna.api.Atom;
import syna.api.ValueType;

/**
 * Every entry one key ever had, in columns: write time, type, the 64 bits of a numeric value, and
 * for text/bytes/vector entries the offset of their record in the log. The single writer appends
 * to working arrays and then publishes an immutable {@link View} through a volatile field; a
 * reader takes one view and sees exactly the entries committed when it was published. Arrays are
 * only ever written past a published count, and grow by copying, so a view never changes.
 * Concurrent reads, one writer.
 */
final class KeyHistory {
    /** Most keys are written once: the first entry gets arrays of exactly one. */
    private static final int FIRST_CAPACITY = 1;
    private static final long[] NO_LONGS = new long[0];
    private static final byte[] NO_BYTES = new byte[0];

    /**
     * A published state: the first {@code count} entries of the arrays, and the latest value when it
     * is cached ({@code null}: read the record at {@code offsets[count-1]}).
     */
    record View(int count, long[] timestamps, byte[] types, long[] bits, long[] offsets, Atom latest, byte latestTag) {
        static final View EMPTY = new View(0, NO_LONGS, NO_BYTES, NO_LONGS, NO_LONGS, null, (byte) ValueType.NULL.tag());

        /** {@code latestTag} is the type of the latest entry, kept here so a get reads no array. */
        View(int count, long[] timestamps, byte[] types, long[] bits, long[] offsets, Atom latest) {
            this(count, timestamps, types, bits, offsets, latest,
                    count == 0 ? (byte) ValueType.NULL.tag() : types[count - 1]);
        }

        ValueType latestType() {
            return ValueType.ofTag(latestTag);
        }

        boolean live() {
            return latestTag != ValueType.NULL.tag();
        }

        ValueType type(int i) {
            return ValueType.ofTag(types[i]);
        }
    }

    private static final VarHandle VIEW;
    private static final VarHandle CACHED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            VIEW = l.findVarHandle(KeyHistory.class, "view", View.class);
            CACHED = l.findVarHandle(KeyHistory.class, "cached", Atom.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Published with release semantics (a plain store on x86), read with acquire. */
    @SuppressWarnings("unused") // through VIEW
    private View view = View.EMPTY;
    /** The published view's latest value when cached, else null; lets a get skip the view. */
    @SuppressWarnings("unused") // through CACHED
    private Atom cached;

    // Writer-confined working state.
    private int count;
    private long[] timestamps = NO_LONGS;
    private byte[] types = NO_BYTES;
    private long[] bits = NO_LONGS;
    private long[] offsets = NO_LONGS;
    private Atom latest;
    // Recovery: state at the start of the current atomic unit, restored when the unit is torn.
    private int unitCount = -1;
    private Atom unitLatest;

    View view() {
        return (View) VIEW.getAcquire(this);
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

    private void ensure(int extra) {
        if (count + extra > timestamps.length) {
            int cap = Math.max(FIRST_CAPACITY, Math.max(count + extra, timestamps.length + (timestamps.length >> 1)));
            timestamps = Arrays.copyOf(timestamps, cap);
            types = Arrays.copyOf(types, cap);
            bits = Arrays.copyOf(bits, cap);
            offsets = Arrays.copyOf(offsets, cap);
        }
    }

    /** Makes room for {@code extra} more entries at once (a large putFloats). */
    void reserve(int extra) {
        ensure(extra);
    }

    /** Appends a numeric entry (float64 IEEE bits or int64). */
    void appendNumeric(long ts, ValueType type, long value) {
        ensure(1);
        timestamps[count] = ts;
        types[count] = (byte) type.tag();
        bits[count] = value;
        offsets[count] = -1;
        count++;
        latest = null;
    }

    /** Appends a delete. */
    void appendNull(long ts) {
        ensure(1);
        timestamps[count] = ts;
        types[count] = (byte) ValueType.NULL.tag();
        bits[count] = 0;
        offsets[count] = -1;
        count++;
        latest = ValueEncoding.NULL;
    }

    /** Appends a text/bytes/vector entry stored at {@code offset}; {@code cached} may be null. */
    void appendStored(long ts, ValueType type, long offset, Atom cached) {
        ensure(1);
        timestamps[count] = ts;
        types[count] = (byte) type.tag();
        bits[count] = 0;
        offsets[count] = offset;
        count++;
        latest = cached;
    }

    /** Offset of the latest entry's record when it is an uncached text/bytes/vector entry, else -1. */
    long workingLatestOffset() {
        return count > 0 && latest == null && offsets[count - 1] >= 0 ? offsets[count - 1] : -1;
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
            unitCount = -1;
            unitLatest = null;
        }
    }

    /** Publishes the working state to readers. */
    void publish() {
        Atom cached = latest;
        if (cached == null && count > 0) {
            ValueType t = ValueType.ofTag(types[count - 1]);
            if (t == ValueType.FLOAT64) {
                cached = Atom.of(Double.longBitsToDouble(bits[count - 1]));
            } else if (t == ValueType.INT64) {
                cached = Atom.of(bits[count - 1]);
            } else if (t == ValueType.NULL) {
                cached = ValueEncoding.NULL;
            }
        }
        latest = cached;
        VIEW.setRelease(this, new View(count, timestamps, types, bits, offsets, cached));
        CACHED.setRelease(this, cached);
    }
}
