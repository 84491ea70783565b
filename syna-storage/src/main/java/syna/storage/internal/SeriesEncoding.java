package syna.storage.internal;

/**
 * Compact encodings of numeric series records (putFloats/putInts chunks and compacted runs).
 *
 * <p>Value: {@code u8 mode, varint count (1..65536), [u8 decimal digits], [timestamps], values}.
 * Mode bit 0 (XOR) picks the float64 value encoding; bits 2-3 the timestamp encoding.
 *
 * <p><b>Values.</b> Int64: each value as the zig-zag varint of its difference to the previous one.
 * Float64, first choice ("decimal"): when every value is exactly {@code m / 10^d} for one {@code d} in
 * 0..9 (checked bit for bit, so decoding is exact), the integers {@code m} are stored like int64
 * values: a sensor reading rounded to 0.01 costs one or two bytes. Otherwise ("xor", after Gorilla,
 * Pelkonen et al., VLDB 2015, at byte rather than bit granularity): each value's IEEE bits are XORed
 * with the previous value's; a zero XOR is one byte, else a control byte holding the counts of
 * leading and trailing zero bytes, then the remaining middle bytes.
 *
 * <p><b>Timestamps</b> ({@code ts[-1]} is the record's timestamp, {@code d[i] = ts[i] - ts[i-1]},
 * {@code d[-1] = 0}):
 * <ul>
 *   <li>0 shared: every point has the record's timestamp (one putFloats), nothing stored;</li>
 *   <li>1 delta (format 1 and 2): zig-zag varint of each {@code d[i]};</li>
 *   <li>2 delta of delta (format 2): zig-zag varint of each {@code d[i] - d[i-1]}: one byte a point
 *       for near-regular sampling;</li>
 *   <li>3 runs (format 2): pairs {@code zig-zag varint d, varint run length} for runs of equal
 *       {@code d}: a regular 1 s series costs a few bytes per record, not per point.</li>
 * </ul>
 * The writer picks the smallest encoding the file's format allows. Stateless.
 */
final class SeriesEncoding {
    private SeriesEncoding() {}

    static final int MODE_DELTA = 0; // int64 delta, or float64 decimal
    static final int MODE_XOR = 1;
    /** Format 1's per-point timestamps (delta); kept as the name older code and tests use. */
    static final int MODE_TIMESTAMPS = 0x04;
    static final int TS_SHARED = 0;
    static final int TS_DELTA = 1;
    static final int TS_DOD = 2;
    static final int TS_RUNS = 3;
    private static final int TS_SHIFT = 2;
    static final int MAX_DIGITS = 9;
    private static final double[] POW10 = new double[MAX_DIGITS + 1];
    private static final double EXACT_LIMIT = 0x1p53;

    static {
        double p = 1;
        for (int i = 0; i <= MAX_DIGITS; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    /** Receives decoded points. */
    @FunctionalInterface
    interface PointSink {
        /** One point: its time and its 64 bits (IEEE bits of a float64, or the int64). */
        void point(long timestampMicros, long bits);
    }

    static double pow10(int digits) {
        return POW10[digits];
    }

    /** Bytes of the unsigned varint {@code v}. */
    static int varLen(long v) {
        return v == 0 ? 1 : (63 - Long.numberOfLeadingZeros(v)) / 7 + 1;
    }

    /** As {@link #encode(RecordBuffer, boolean, long[], long[], int, int, long, int)} in the newest format. */
    static void encode(RecordBuffer out, boolean floats, long[] values, long[] timestamps, int from, int to,
            long recordTs) {
        encode(out, floats, values, timestamps, from, to, recordTs, RecordFormat.FORMAT_VERSION);
    }

    /**
     * Encodes {@code values[from, to)} (float64 IEEE bits when {@code floats}, else int64) with
     * per-point {@code timestamps}, or all at {@code recordTs} when {@code timestamps} is null, in the
     * smallest encoding a file of format {@code version} allows.
     */
    static void encode(RecordBuffer out, boolean floats, long[] values, long[] timestamps, int from, int to,
            long recordTs, int version) {
        int count = to - from;
        int digits = floats ? decimalDigits(values, from, to) : 0;
        int tsMode = timestamps == null ? TS_SHARED : bestTimestampMode(timestamps, from, to, recordTs, version);
        int mode = (floats && digits < 0 ? MODE_XOR : MODE_DELTA) | tsMode << TS_SHIFT;
        out.putByte(mode);
        VarInts.put(out, count);
        if (floats && digits >= 0) {
            out.putByte(digits);
        }
        if (tsMode != TS_SHARED) {
            encodeTimestamps(out, tsMode, timestamps, from, to, recordTs);
        }
        if (!floats) {
            long prev = 0;
            for (int i = from; i < to; i++) {
                VarInts.put(out, VarInts.zigZag(values[i] - prev));
                prev = values[i];
            }
        } else if (digits >= 0) {
            double p = POW10[digits];
            long prev = 0;
            for (int i = from; i < to; i++) {
                long m = (long) Math.rint(Double.longBitsToDouble(values[i]) * p);
                VarInts.put(out, VarInts.zigZag(m - prev));
                prev = m;
            }
        } else {
            long prev = 0;
            for (int i = from; i < to; i++) {
                long x = values[i] ^ prev;
                prev = values[i];
                if (x == 0) {
                    out.putByte(0);
                    continue;
                }
                int lead = Long.numberOfLeadingZeros(x) >>> 3;
                int trail = Long.numberOfTrailingZeros(x) >>> 3;
                int n = 8 - lead - trail;
                out.putByte(1 + lead * 8 + trail);
                long m = x >>> (8 * trail);
                for (int k = 0; k < n; k++) {
                    out.putByte((int) (m >>> (8 * k)));
                }
            }
        }
    }

    /** The timestamp encoding with the fewest bytes for {@code ts[from, to)} that {@code version} allows. */
    static int bestTimestampMode(long[] ts, int from, int to, long recordTs, int version) {
        long delta = timestampBytes(TS_DELTA, ts, from, to, recordTs);
        if (version < 2) {
            return TS_DELTA;
        }
        long dod = timestampBytes(TS_DOD, ts, from, to, recordTs);
        long runs = timestampBytes(TS_RUNS, ts, from, to, recordTs);
        if (runs <= dod && runs <= delta) {
            return TS_RUNS;
        }
        return dod <= delta ? TS_DOD : TS_DELTA;
    }

    /** Bytes timestamp encoding {@code tsMode} takes for {@code ts[from, to)}. */
    static long timestampBytes(int tsMode, long[] ts, int from, int to, long recordTs) {
        long n = 0;
        long prev = recordTs;
        long prevDelta = 0;
        long runDelta = 0;
        long run = 0;
        for (int i = from; i < to; i++) {
            long d = ts[i] - prev;
            prev = ts[i];
            switch (tsMode) {
                case TS_DELTA -> n += varLen(VarInts.zigZag(d));
                case TS_DOD -> n += varLen(VarInts.zigZag(d - prevDelta));
                default -> {
                    if (run > 0 && d == runDelta) {
                        run++;
                    } else {
                        if (run > 0) {
                            n += varLen(VarInts.zigZag(runDelta)) + varLen(run);
                        }
                        runDelta = d;
                        run = 1;
                    }
                }
            }
            prevDelta = d;
        }
        if (run > 0) {
            n += varLen(VarInts.zigZag(runDelta)) + varLen(run);
        }
        return n;
    }

    private static void encodeTimestamps(RecordBuffer out, int tsMode, long[] ts, int from, int to, long recordTs) {
        long prev = recordTs;
        long prevDelta = 0;
        long runDelta = 0;
        long run = 0;
        for (int i = from; i < to; i++) {
            long d = ts[i] - prev;
            prev = ts[i];
            switch (tsMode) {
                case TS_DELTA -> VarInts.put(out, VarInts.zigZag(d));
                case TS_DOD -> VarInts.put(out, VarInts.zigZag(d - prevDelta));
                default -> {
                    if (run > 0 && d == runDelta) {
                        run++;
                    } else {
                        if (run > 0) {
                            VarInts.put(out, VarInts.zigZag(runDelta));
                            VarInts.put(out, run);
                        }
                        runDelta = d;
                        run = 1;
                    }
                }
            }
            prevDelta = d;
        }
        if (run > 0) {
            VarInts.put(out, VarInts.zigZag(runDelta));
            VarInts.put(out, run);
        }
    }

    /** Smallest {@code d} such that every value is exactly {@code m / 10^d}; -1 when none is. */
    static int decimalDigits(long[] bits, int from, int to) {
        for (int d = 0; d <= MAX_DIGITS; d++) {
            if (allDecimal(bits, from, to, d)) {
                return d;
            }
        }
        return -1;
    }

    /** Whether every value of {@code bits[from, to)} is exactly {@code m / 10^d}. */
    static boolean allDecimal(long[] bits, int from, int to, int d) {
        for (int i = from; i < to; i++) {
            if (!isDecimal(bits[i], d)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the float64 with IEEE bits {@code bits} is exactly {@code m / 10^d} for an integer m below 2^53. */
    static boolean isDecimal(long bits, int d) {
        double p = POW10[d];
        double s = Math.rint(Double.longBitsToDouble(bits) * p);
        return Math.abs(s) < EXACT_LIMIT && Double.doubleToRawLongBits((long) s / p) == bits;
    }

    /** The integer {@code m} of a value known to be decimal at {@code d}. */
    static long decimalMantissa(long bits, int d) {
        return (long) Math.rint(Double.longBitsToDouble(bits) * POW10[d]);
    }

    /** Bytes of the XOR encoding of {@code bits} after {@code prev}. */
    static int xorBytes(long bits, long prev) {
        long x = bits ^ prev;
        if (x == 0) {
            return 1;
        }
        return 1 + 8 - (Long.numberOfLeadingZeros(x) >>> 3) - (Long.numberOfTrailingZeros(x) >>> 3);
    }

    /** As {@link #decode(byte[], int, int, boolean, long, int, PointSink)} for the newest format. */
    static int decode(byte[] b, int off, int len, boolean floats, long recordTs, PointSink sink) {
        return decode(b, off, len, floats, recordTs, RecordFormat.FORMAT_VERSION, sink);
    }

    /**
     * Decodes a series value from {@code b[off, off+len)} of a file in format {@code version} into
     * {@code sink}; returns the point count. Throws {@link IllegalStateException} describing malformed
     * bytes.
     */
    static int decode(byte[] b, int off, int len, boolean floats, long recordTs, int version, PointSink sink) {
        VarInts.Reader in = new VarInts.Reader(b, off, off + len);
        int mode = in.nextByte();
        int tsMode = (mode >>> TS_SHIFT) & 3;
        if ((mode & ~(3 << TS_SHIFT | MODE_XOR)) != 0 || (!floats && (mode & MODE_XOR) != 0)
                || version < 2 && tsMode > TS_DELTA) {
            throw new IllegalStateException("unknown series mode " + mode + " in a format " + version + " log");
        }
        long count = in.next();
        if (count < 1 || count > RecordFormat.SERIES_CHUNK || count > len) {
            throw new IllegalStateException("series point count " + count + " outside [1, "
                    + Math.min(RecordFormat.SERIES_CHUNK, len) + "]");
        }
        int n = (int) count;
        boolean xor = (mode & MODE_XOR) != 0;
        double p = 1;
        if (floats && !xor) {
            int digits = in.nextByte();
            if (digits > MAX_DIGITS) {
                throw new IllegalStateException("series decimal digits " + digits + " > " + MAX_DIGITS);
            }
            p = POW10[digits];
        }
        long[] ts = tsMode == TS_SHARED ? null : decodeTimestamps(in, tsMode, n, recordTs);
        long prev = 0;
        for (int i = 0; i < n; i++) {
            long bits;
            if (xor) {
                int control = in.nextByte();
                if (control != 0) {
                    int lead = (control - 1) >>> 3;
                    int trail = (control - 1) & 7;
                    if (control > 64 || lead + trail > 7) {
                        throw new IllegalStateException("bad xor control byte " + control);
                    }
                    prev ^= in.nextBytesLE(8 - lead - trail) << (8 * trail);
                }
                bits = prev;
            } else {
                prev += VarInts.unZigZag(in.next());
                bits = floats ? Double.doubleToRawLongBits(prev / p) : prev;
            }
            sink.point(ts == null ? recordTs : ts[i], bits);
        }
        if (!in.atEnd()) {
            throw new IllegalStateException("series value has trailing bytes");
        }
        return n;
    }

    private static long[] decodeTimestamps(VarInts.Reader in, int tsMode, int n, long recordTs) {
        long[] ts = new long[n];
        long prev = recordTs;
        long prevDelta = 0;
        int i = 0;
        while (i < n) {
            switch (tsMode) {
                case TS_DELTA -> {
                    prev += VarInts.unZigZag(in.next());
                    ts[i++] = prev;
                }
                case TS_DOD -> {
                    prevDelta += VarInts.unZigZag(in.next());
                    prev += prevDelta;
                    ts[i++] = prev;
                }
                default -> {
                    long d = VarInts.unZigZag(in.next());
                    long run = in.next();
                    if (run < 1 || run > n - i) {
                        throw new IllegalStateException("series timestamp run of " + run + " points with " + (n - i)
                                + " left");
                    }
                    for (long r = 0; r < run; r++) {
                        prev += d;
                        ts[i++] = prev;
                    }
                }
            }
        }
        return ts;
    }
}
