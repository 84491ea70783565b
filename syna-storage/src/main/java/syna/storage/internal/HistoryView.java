package syna.storage.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import syna.api.Atom;
import syna.api.HistoryEntry;
import syna.api.HistoryQuery;
import syna.api.TimeSeries;
import syna.api.TypeMismatchException;
import syna.api.ValueType;

/**
 * A published state of one key's history (see {@link KeyHistory}) and the projections reads make of
 * it: entries, doubles, longs, times, (time, value) pairs and off-heap segments, each over the whole
 * history or the part a {@link HistoryQuery} selects. Entry times are non-decreasing (the writer keeps
 * them so), so a time range is found by binary search and a query costs the entries it returns; a
 * history from a log written before times were kept in order is marked unsorted and filtered
 * entry by entry instead.
 *
 * <p>The first {@code count} entries of the arrays belong to the view; the latest value is cached
 * when small ({@code null}: read the record at {@code offset(count-1)}). Most keys are written once,
 * so a one-entry view keeps its entry in fields instead of four arrays (a quarter of the memory a new
 * key costs, and four fewer objects for the collector to copy); the array accessors then build
 * one-element arrays on demand. Immutable.
 */
final class HistoryView {
    static final long[] NO_LONGS = new long[0];
    static final byte[] NO_BYTES = new byte[0];
    static final HistoryView EMPTY = new HistoryView(0, NO_LONGS, NO_BYTES, NO_LONGS, NO_LONGS, null, true);

    private static final byte F64 = (byte) ValueType.FLOAT64.tag();
    private static final byte I64 = (byte) ValueType.INT64.tag();
    private static final byte NUL = (byte) ValueType.NULL.tag();

    /** Reads a stored (text, bytes, vector) value by its record offset. */
    @FunctionalInterface
    interface StoredReader {
        /** The value of the record at {@code offset}. */
        Atom read(long offset);
    }

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
    private final boolean sorted;

    /** The first {@code count} entries of the arrays. */
    HistoryView(int count, long[] timestamps, byte[] types, long[] bits, long[] offsets, Atom latest, boolean sorted) {
        this.count = count;
        this.timestamps = timestamps;
        this.types = types;
        this.bits = bits;
        this.offsets = offsets;
        this.latest = latest;
        this.latestTag = count == 0 ? NUL : types[count - 1];
        this.ts0 = 0;
        this.bits0 = 0;
        this.offset0 = 0;
        this.sorted = sorted;
    }

    /** One entry, in fields. */
    HistoryView(long ts, byte type, long bits, long offset, Atom latest) {
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
        this.sorted = true;
    }

    /**
     * The latest value a view keeps in memory for an entry of type {@code tag} and bits {@code bits}
     * when nothing else is cached: numbers and deletes; null for text, bytes and vectors (read from
     * the file, or cached by the writer).
     */
    static Atom numericLatest(byte tag, long bits) {
        if (tag == F64) {
            return Atom.of(Double.longBitsToDouble(bits));
        }
        if (tag == I64) {
            return Atom.of(bits);
        }
        return tag == NUL ? ValueEncoding.NULL : null;
    }

    /** Whether this view keeps its entries in arrays (else in fields: one entry). */
    boolean inArrays() {
        return timestamps != null;
    }

    /** A copy of {@code v} with the latest value cached. */
    private HistoryView(HistoryView v, Atom latest) {
        this.count = v.count;
        this.timestamps = v.timestamps;
        this.types = v.types;
        this.bits = v.bits;
        this.offsets = v.offsets;
        this.latest = latest;
        this.latestTag = v.latestTag;
        this.ts0 = v.ts0;
        this.bits0 = v.bits0;
        this.offset0 = v.offset0;
        this.sorted = v.sorted;
    }

    /** This view with {@code value} as its cached latest value (see {@link KeyHistory#fillLatest}). */
    HistoryView withLatest(Atom value) {
        return new HistoryView(this, value);
    }

    int count() {
        return count;
    }

    /**
     * Entries held by records before log offset {@code end}: a prefix, since entries are in log order
     * (what a checkpoint or a compaction that covers the log up to {@code end} takes of this view).
     */
    int countBefore(long end) {
        int n = count;
        while (n > 0 && offset(n - 1) >= end) {
            n--;
        }
        return n;
    }

    /** Type tag of entry {@code i}. */
    byte tagAt(int i) {
        return tag(i);
    }

    Atom latest() {
        return latest;
    }

    /** Type tag of the latest entry ({@link ValueType#tag()}). */
    byte latestTag() {
        return latestTag;
    }

    ValueType latestType() {
        return ValueType.ofTag(latestTag);
    }

    boolean live() {
        return latestTag != NUL;
    }

    /** Whether entry times never decrease (always, for logs written by this version). */
    boolean sorted() {
        return sorted;
    }

    ValueType type(int i) {
        return ValueType.ofTag(tag(i));
    }

    private byte tag(int i) {
        return timestamps == null ? latestTag : types[i];
    }

    /** Time of entry {@code i}. */
    long time(int i) {
        return timestamps == null ? ts0 : timestamps[i];
    }

    /** The 64 bits of numeric entry {@code i}. */
    long bitsAt(int i) {
        return timestamps == null ? bits0 : bits[i];
    }

    /** Offset of the record holding entry {@code i} (several points of one series record share it). */
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

    // ---- selection ----------------------------------------------------------------------------

    /** First entry with a time at or after {@code t} (binary search; the view is sorted). */
    private int lowerBound(long t) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (time(mid) < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Positions of the entries {@code q} selects, ascending: entries in the time range (numeric
     * ones only when {@code numeric}, deletes skipped), then the last {@code lastN} of them. On a
     * sorted view this touches only the selected range and the entries skipped in it.
     */
    private int[] select(HistoryQuery q, boolean numeric) {
        int from;
        int to;
        if (sorted) {
            from = q.fromMicros() == Long.MIN_VALUE ? 0 : lowerBound(q.fromMicros());
            to = q.toMicros() == Long.MAX_VALUE ? count : lowerBound(q.toMicros());
        } else {
            from = 0;
            to = count;
        }
        int want = q.lastN();
        int[] picked = new int[Math.min(want, to - from)];
        int n = 0;
        for (int i = to - 1; i >= from && n < picked.length; i--) {
            long t = time(i);
            if (t < q.fromMicros() || t >= q.toMicros() || numeric && tag(i) == NUL) {
                continue;
            }
            picked[n++] = i;
        }
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            out[k] = picked[n - 1 - k];
        }
        return out;
    }

    private TypeMismatchException notNumeric(String key, int i, boolean longsOnly) {
        return new TypeMismatchException("history of key '" + key + "' holds a " + type(i) + " entry at index " + i
                + ", not " + (longsOnly ? "INT64" : "FLOAT64 or INT64"));
    }

    /** Number of numeric entries, after checking that all non-null entries are numeric (and int64 when asked). */
    private int numericCount(String key, boolean longsOnly) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            byte t = tag(i);
            if (t == I64 || (t == F64 && !longsOnly)) {
                n++;
            } else if (t != NUL) {
                throw notNumeric(key, i, longsOnly);
            }
        }
        return n;
    }

    /** The positions a numeric projection reads: all numeric entries, or those {@code q} selects; types checked. */
    private int[] numericPositions(String key, HistoryQuery q, boolean longsOnly) {
        int[] pos;
        if (q.selectsAll()) {
            pos = new int[numericCount(key, longsOnly)];
            int n = 0;
            for (int i = 0; i < count; i++) {
                if (tag(i) != NUL) {
                    pos[n++] = i;
                }
            }
            return pos;
        }
        pos = select(q, true);
        for (int i : pos) {
            byte t = tag(i);
            if (!(t == I64 || (t == F64 && !longsOnly))) {
                throw notNumeric(key, i, longsOnly);
            }
        }
        return pos;
    }

    private double doubleAt(int i) {
        long b = bitsAt(i);
        return tag(i) == F64 ? Double.longBitsToDouble(b) : (double) b;
    }

    // ---- projections --------------------------------------------------------------------------

    /** Entries {@code q} selects, deletes included; stored values through {@code reader}. */
    List<HistoryEntry> entries(HistoryQuery q, StoredReader reader) {
        int[] pos = q.selectsAll() ? null : select(q, false);
        int n = pos == null ? count : pos.length;
        List<HistoryEntry> result = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int i = pos == null ? k : pos[k];
            Atom a = switch (type(i)) {
                case NULL -> ValueEncoding.NULL;
                case FLOAT64 -> Atom.of(Double.longBitsToDouble(bitsAt(i)));
                case INT64 -> Atom.of(bitsAt(i));
                case TEXT, BYTES, VECTOR -> i == count - 1 && latest != null ? latest : reader.read(offset(i));
            };
            result.add(new HistoryEntry(time(i), a));
        }
        return result;
    }

    /** Numeric points as doubles (int64 widened). */
    double[] doubles(String key, HistoryQuery q) {
        if (q.selectsAll() && timestamps != null) {
            double[] result = new double[numericCount(key, false)];
            int n = 0;
            for (int i = 0; i < count; i++) {
                byte t = types[i];
                if (t == F64) {
                    result[n++] = Double.longBitsToDouble(bits[i]);
                } else if (t == I64) {
                    result[n++] = bits[i];
                }
            }
            return result;
        }
        int[] pos = numericPositions(key, q, false);
        double[] result = new double[pos.length];
        for (int k = 0; k < pos.length; k++) {
            result[k] = doubleAt(pos[k]);
        }
        return result;
    }

    /** Int64 points. */
    long[] longs(String key, HistoryQuery q) {
        int[] pos = numericPositions(key, q, true);
        long[] result = new long[pos.length];
        for (int k = 0; k < pos.length; k++) {
            result[k] = bitsAt(pos[k]);
        }
        return result;
    }

    /** Times of the numeric points. */
    long[] times(String key, HistoryQuery q) {
        int[] pos = numericPositions(key, q, false);
        long[] result = new long[pos.length];
        for (int k = 0; k < pos.length; k++) {
            result[k] = time(pos[k]);
        }
        return result;
    }

    /** (time, value) pairs of the numeric points. */
    TimeSeries series(String key, HistoryQuery q) {
        int[] pos = numericPositions(key, q, false);
        long[] t = new long[pos.length];
        double[] v = new double[pos.length];
        for (int k = 0; k < pos.length; k++) {
            t[k] = time(pos[k]);
            v[k] = doubleAt(pos[k]);
        }
        return new TimeSeries(t, v);
    }

    /** Numeric points as native-order doubles in a segment of {@code arena}. */
    MemorySegment segment(String key, HistoryQuery q, Arena arena) {
        if (q.selectsAll() && timestamps != null) {
            return wholeSegment(key, arena);
        }
        int[] pos = numericPositions(key, q, false);
        MemorySegment seg = arena.allocate(ValueLayout.JAVA_DOUBLE, pos.length);
        for (int k = 0; k < pos.length; k++) {
            seg.setAtIndex(ValueLayout.JAVA_DOUBLE, k, doubleAt(pos[k]));
        }
        return seg;
    }

    /**
     * The whole numeric history as a segment without a position array: one bulk copy of the value bits
     * when every entry is a float64 (a double's bits in native order are the double in native order),
     * else one pass that widens int64 and skips deletes.
     */
    private MemorySegment wholeSegment(String key, Arena arena) {
        // One pass over the types: how many float64 and int64 entries, and no other kind but deletes.
        byte[] t0 = types;
        int floats = 0;
        int longs = 0;
        for (int i = 0; i < count; i++) {
            byte t = t0[i];
            if (t == F64) {
                floats++;
            } else if (t == I64) {
                longs++;
            } else if (t != NUL) {
                throw notNumeric(key, i, false);
            }
        }
        int n = floats + longs;
        MemorySegment seg = arena.allocate(ValueLayout.JAVA_DOUBLE, n);
        if (floats == count) {
            MemorySegment.copy(bits, 0, seg, ValueLayout.JAVA_LONG, 0, n);
            return seg;
        }
        int k = 0;
        for (int i = 0; i < count; i++) {
            byte t = types[i];
            if (t == F64) {
                seg.setAtIndex(ValueLayout.JAVA_DOUBLE, k++, Double.longBitsToDouble(bits[i]));
            } else if (t == I64) {
                seg.setAtIndex(ValueLayout.JAVA_DOUBLE, k++, (double) bits[i]);
            }
        }
        return seg;
    }

    @Override
    public String toString() {
        return "HistoryView[" + count + " entries, latest " + latestType() + (sorted ? "" : ", unsorted") + "]";
    }

    /** For tests: the times of the view. */
    long[] timesCopy() {
        return Arrays.copyOf(timestamps(), count);
    }
}
