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
    private static final long[] NO_LONGS = new long[0];
    private static final byte[] NO_BYTES = new byte[0];

    /**
     * A published state: the first {@code count} entries, and the latest value when it is cached
     * ({@code null}: read the record at {@code offset(count-1)}). Most keys are written once, so a
     * one-entry view keeps its entry in fields instead of four arrays (a quarter of the memory a
     * new key costs, and four fewer objects for the collector to copy); the array accessors then
     * build one-element arrays on demand. Immutable.
     */
    static final class View {
        static final View EMPTY = new View(0, NO_LONGS, NO_BYTES, NO_LONGS, NO_LONGS, null);

        private final int count;
        /** Null in the one-entry form, which keeps its entry in {@code ts0, bits0, offset0}. */
        private final long[] timestamps;
        private final byte[] types;
        private final long[] bits;
        private final long[] offsets;
        private final Atom latest;
        /** Type of the latest entry, kept here so a get reads no array. */
        private final byte latestTag;
        private final long ts0;
        private final long bits0;
        private final long offset0;

        /** The first {@code count} entries of the arrays. */
        View(int count, long[] timestamps, byte[] types, long[] bits, long[] offsets, Atom latest) {
            this.count = count;
            this.timestamps = timestamps;
            this.types = types;
            this.bits = bits;
            this.offsets = offsets;
            this.latest = latest;
            this.latestTag = count == 0 ? (byte) ValueType.NULL.tag() : types[count - 1];
            this.ts0 = 0;
            this.bits0 = 0;
            this.offset0 = 0;
        }

        /** One entry, in fields. */
        View(long ts, byte type, long bits, long offset, Atom latest) {
            this.count = 1;
            this.timestamps = null;
            this.types = null;
            this.bits = null;
            this.offsets = null;
            this.latest = latest;
            this.latestTag = type;
            this.ts0 = ts;
            this.bits0 = bits;
            this.offset0 = offset;
        }

        int count() {
            return count;
        }

        Atom latest() {
            return latest;
        }

        ValueType latestType() {
            return ValueType.ofTag(latestTag);
        }

        boolean live() {
            return latestTag != ValueType.NULL.tag();
        }

        ValueType type(int i) {
            return ValueType.ofTag(timestamps == null ? latestTag : types[i]);
        }

        /** Record offset of entry {@code i} (text/bytes/vector), else -1. */
        long offset(int i) {
            return timestamps == null ? offset0 : offsets[i];
        }

        /** Write times; entries past {@link #count} are not part of this view. */
        long[] timestamps() {
            return timestamps == null ? new long[] {ts0} : timestamps;
        }

        /** Type tags; entries past {@link #count} are not part of this view. */
        byte[] types() {
            return timestamps == null ? new byte[] {latestTag} : types;
        }

        /** Numeric bits; entries past {@link #count} are not part of this view. */
        long[] bits() {
            return timestamps == null ? new long[] {bits0} : bits;
        }

        /** Record offsets; entries past {@link #count} are not part of this view. */
        long[] offsets() {
            return timestamps == null ? new long[] {offset0} : offsets;
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

    // Writer-confined working state: arrays once the key has two entries, before that the fields
    // below (while the arrays are empty).
    private int count;
    private long[] timestamps = NO_LONGS;
    private byte[] types = NO_BYTES;
    private long[] bits = NO_LONGS;
    private long[] offsets = NO_LONGS;
    private long ts0;
    private byte type0;
    private long bits0;
    private long offset0;
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

    /** Appends a numeric entry (float64 IEEE bits or int64). */
    void appendNumeric(long ts, ValueType type, long value) {
        ensure(1);
        add(ts, (byte) type.tag(), value, -1);
        latest = null;
    }

    /** Appends a delete. */
    void appendNull(long ts) {
        ensure(1);
        add(ts, (byte) ValueType.NULL.tag(), 0, -1);
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
        return count > 0 && latest == null && offsetAt(count - 1) >= 0 ? offsetAt(count - 1) : -1;
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
            ValueType t = ValueType.ofTag(typeAt(count - 1));
            if (t == ValueType.FLOAT64) {
                cached = Atom.of(Double.longBitsToDouble(bitsAt(count - 1)));
            } else if (t == ValueType.INT64) {
                cached = Atom.of(bitsAt(count - 1));
            } else if (t == ValueType.NULL) {
                cached = ValueEncoding.NULL;
            }
        }
        latest = cached;
        View v;
        if (timestamps.length > 0) {
            v = new View(count, timestamps, types, bits, offsets, cached);
        } else if (count == 1) {
            v = new View(ts0, type0, bits0, offset0, cached);
        } else {
            v = View.EMPTY;
        }
        VIEW.setRelease(this, v);
        CACHED.setRelease(this, cached);
    }
}
