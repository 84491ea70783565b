package syna.storage.internal;

/**
 * The exact size of a series record over a growing run of points {@code [from, to)} of one key's
 * history, kept incrementally so compaction can decide in linear time whether merging the next
 * original record's points into the current run pays: the same choices {@link SeriesEncoding} makes
 * (decimal digits or XOR for float64, the smallest timestamp encoding), counted without encoding.
 * Adding a point costs O(1), except when it raises the run's decimal digits or forces XOR, which
 * recounts the run (at most eleven times per run). Not thread-safe; one per compaction.
 */
final class SeriesSizer {
    private final long[] ts;
    private final long[] bits;
    private final boolean floats;
    private final int headerBytes;

    // The run and its state; copied whole by save/restore.
    private int from;
    private int to;
    /** Float64: the run's decimal digits, -1 for XOR. */
    private int digits;
    private long valueBytes;
    private long lastMantissa;
    private boolean allSameTime;
    private long deltaBytes;
    private long dodBytes;
    private long runsBytes;
    private long lastDelta;
    private long runDelta;
    private long run;
    /** Whether the last {@link #add} recounted the run. */
    boolean recounted;

    /** A sizer over the points of {@code ts}/{@code bits} of a key whose key field has {@code keyBytes}. */
    SeriesSizer(long[] ts, long[] bits, boolean floats, int keyBytes) {
        this.ts = ts;
        this.bits = bits;
        this.floats = floats;
        this.headerBytes = RecordFormat.HEADER + keyBytes;
    }

    /** Starts a run at point {@code i}. */
    void start(int i) {
        from = i;
        to = i;
        digits = floats ? SeriesEncoding.decimalDigits(bits, i, i + 1) : 0;
        valueBytes = 0;
        lastMantissa = 0;
        allSameTime = true;
        deltaBytes = 0;
        dodBytes = 0;
        runsBytes = 0;
        lastDelta = 0;
        runDelta = 0;
        run = 0;
        add(i);
    }

    int from() {
        return from;
    }

    int to() {
        return to;
    }

    int count() {
        return to - from;
    }

    /** Appends point {@code to} (points are added in order). */
    void add(int i) {
        recounted = false;
        long d = ts[i] - (to == from ? ts[from] : ts[to - 1]);
        if (d != 0) {
            allSameTime = false;
        }
        deltaBytes += SeriesEncoding.varLen(VarInts.zigZag(d));
        dodBytes += SeriesEncoding.varLen(VarInts.zigZag(d - lastDelta));
        if (run > 0 && d == runDelta) {
            run++;
        } else {
            if (run > 0) {
                runsBytes += SeriesEncoding.varLen(VarInts.zigZag(runDelta)) + SeriesEncoding.varLen(run);
            }
            runDelta = d;
            run = 1;
        }
        lastDelta = d;
        to = i + 1;
        if (!floats) {
            long prev = i == from ? 0 : bits[i - 1];
            valueBytes += SeriesEncoding.varLen(VarInts.zigZag(bits[i] - prev));
            return;
        }
        if (digits >= 0 && !SeriesEncoding.isDecimal(bits[i], digits)) {
            digits = SeriesEncoding.decimalDigits(bits, from, to); // the smallest that fits the whole run, or -1
            recount();
            return;
        }
        if (digits < 0) {
            valueBytes += SeriesEncoding.xorBytes(bits[i], i == from ? 0 : bits[i - 1]);
        } else {
            long m = SeriesEncoding.decimalMantissa(bits[i], digits);
            valueBytes += SeriesEncoding.varLen(VarInts.zigZag(m - (i == from ? 0 : lastMantissa)));
            lastMantissa = m;
        }
    }

    private void recount() {
        recounted = true;
        valueBytes = 0;
        long prev = 0;
        for (int i = from; i < to; i++) {
            if (digits < 0) {
                valueBytes += SeriesEncoding.xorBytes(bits[i], prev);
                prev = bits[i];
            } else {
                long m = SeriesEncoding.decimalMantissa(bits[i], digits);
                valueBytes += SeriesEncoding.varLen(VarInts.zigZag(m - prev));
                prev = m;
            }
        }
        lastMantissa = prev;
    }

    private long timestampBytes() {
        if (allSameTime) {
            return 0;
        }
        long runs = runsBytes + SeriesEncoding.varLen(VarInts.zigZag(runDelta)) + SeriesEncoding.varLen(run);
        return Math.min(deltaBytes, Math.min(dodBytes, runs));
    }

    /** Bytes of the series record of the run. */
    long seriesBytes() {
        int n = to - from;
        return headerBytes + 1 + SeriesEncoding.varLen(n) + (floats && digits >= 0 ? 1 : 0) + timestampBytes()
                + valueBytes;
    }

    /** Bytes the run costs written the cheaper way: a single-value record for one point, else a series record. */
    long bytes() {
        long series = seriesBytes();
        return to - from == 1 ? Math.min(series, headerBytes + 8) : series;
    }

    /** Whether the run is best written as one single-value record. */
    boolean single() {
        return to - from == 1 && headerBytes + 8 <= seriesBytes();
    }

    /** Whether every point of the run has the first point's time. */
    boolean sameTime() {
        return allSameTime;
    }

    /** The state, for {@link #restore}. */
    long[] save() {
        return new long[] {from, to, digits, valueBytes, lastMantissa, allSameTime ? 1 : 0, deltaBytes, dodBytes,
            runsBytes, lastDelta, runDelta, run};
    }

    void restore(long[] s) {
        from = (int) s[0];
        to = (int) s[1];
        digits = (int) s[2];
        valueBytes = s[3];
        lastMantissa = s[4];
        allSameTime = s[5] != 0;
        deltaBytes = s[6];
        dodBytes = s[7];
        runsBytes = s[8];
        lastDelta = s[9];
        runDelta = s[10];
        run = s[11];
    }
}
