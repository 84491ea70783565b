package syna.storage.internal;

/**
 * Compact encodings of numeric series records (putFloats/putInts chunks and compacted runs).
 *
 * <p>Int64: each value as the zig-zag varint of its difference to the previous one. Float64, first
 * choice ("decimal"): when every value is exactly {@code m / 10^d} for one {@code d} in 0..9 (checked
 * bit for bit, so decoding is exact), the integers {@code m} are stored like int64 values: a sensor
 * reading rounded to 0.01 costs one or two bytes. Otherwise ("xor", after Gorilla, Pelkonen et al.,
 * VLDB 2015, at byte rather than bit granularity): each value's IEEE bits are XORed with the
 * previous value's; a zero XOR is one byte, else a control byte holding the counts of leading and
 * trailing zero bytes, then the remaining middle bytes. Timestamps are either the record's own
 * (one write) or per point as zig-zag varint deltas (compacted runs of single writes). Stateless.
 */
final class SeriesEncoding {
    private SeriesEncoding() {}

    static final int MODE_DELTA = 0; // int64 delta, or float64 decimal
    static final int MODE_XOR = 1;
    static final int MODE_TIMESTAMPS = 0x04;
    private static final int MAX_DIGITS = 9;
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
        /** One point: its write time and its 64 bits (IEEE bits of a float64, or the int64). */
        void point(long timestampMicros, long bits);
    }

    /**
     * Encodes {@code values[from, to)} (float64 IEEE bits when {@code floats}, else int64) with
     * per-point {@code timestamps}, or all at {@code recordTs} when {@code timestamps} is null.
     */
    static void encode(RecordBuffer out, boolean floats, long[] values, long[] timestamps, int from, int to,
            long recordTs) {
        int count = to - from;
        int digits = floats ? decimalDigits(values, from, to) : 0;
        int mode = (floats && digits < 0 ? MODE_XOR : MODE_DELTA) | (timestamps != null ? MODE_TIMESTAMPS : 0);
        out.putByte(mode);
        VarInts.put(out, count);
        if (floats && digits >= 0) {
            out.putByte(digits);
        }
        if (timestamps != null) {
            long prev = recordTs;
            for (int i = from; i < to; i++) {
                VarInts.put(out, VarInts.zigZag(timestamps[i] - prev));
                prev = timestamps[i];
            }
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

    /** Smallest {@code d} such that every value is exactly {@code m / 10^d}; -1 when none is. */
    private static int decimalDigits(long[] bits, int from, int to) {
        for (int d = 0; d <= MAX_DIGITS; d++) {
            if (allDecimal(bits, from, to, POW10[d])) {
                return d;
            }
        }
        return -1;
    }

    private static boolean allDecimal(long[] bits, int from, int to, double p) {
        for (int i = from; i < to; i++) {
            double v = Double.longBitsToDouble(bits[i]);
            double s = Math.rint(v * p);
            if (!(Math.abs(s) < EXACT_LIMIT) || Double.doubleToRawLongBits((long) s / p) != bits[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Decodes a series value from {@code b[off, off+len)} into {@code sink}; returns the point
     * count. Throws {@link IllegalStateException} describing malformed bytes.
     */
    static int decode(byte[] b, int off, int len, boolean floats, long recordTs, PointSink sink) {
        VarInts.Reader in = new VarInts.Reader(b, off, off + len);
        int mode = in.nextByte();
        if ((mode & ~(MODE_TIMESTAMPS | MODE_XOR)) != 0 || (!floats && (mode & MODE_XOR) != 0)) {
            throw new IllegalStateException("unknown series mode " + mode);
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
        long[] ts = null;
        if ((mode & MODE_TIMESTAMPS) != 0) {
            ts = new long[n];
            long prev = recordTs;
            for (int i = 0; i < n; i++) {
                prev += VarInts.unZigZag(in.next());
                ts[i] = prev;
            }
        }
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
}
