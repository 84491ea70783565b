package syna.api;

import java.util.Arrays;

/**
 * Numeric points of one key as (time, value) pairs in two parallel arrays, oldest first: point
 * {@code i} is {@code (timesMicros()[i], values()[i])}. Int64 points are widened to doubles (exact up
 * to 2^53; read {@link KeySpace#historyAsLongs(String, HistoryQuery)} for exact int64). Immutable and
 * thread-safe: the arrays are copied in and out.
 *
 * @param timesMicros point times, microseconds since the epoch, non-decreasing
 * @param values point values
 */
public record TimeSeries(long[] timesMicros, double[] values) {
    /** Copies the arrays; checks that they have one length. */
    public TimeSeries {
        if (timesMicros == null || values == null) {
            throw new InvalidArgumentException("time series arrays must not be null");
        }
        if (timesMicros.length != values.length) {
            throw new InvalidArgumentException("time series has " + timesMicros.length + " times but "
                    + values.length + " values");
        }
        timesMicros = timesMicros.clone();
        values = values.clone();
    }

    /** A copy of the times. */
    @Override
    public long[] timesMicros() {
        return timesMicros.clone();
    }

    /** A copy of the values. */
    @Override
    public double[] values() {
        return values.clone();
    }

    /** Number of points. */
    public int size() {
        return values.length;
    }

    /** Time of point {@code i}. */
    public long timeMicros(int i) {
        return timesMicros[i];
    }

    /** Value of point {@code i}. */
    public double value(int i) {
        return values[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimeSeries t && Arrays.equals(t.timesMicros, timesMicros)
                && Arrays.equals(doubleBits(t.values), doubleBits(values));
    }

    private static long[] doubleBits(double[] v) {
        long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Double.doubleToRawLongBits(v[i]);
        }
        return b;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(timesMicros) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "TimeSeries[" + values.length + " points"
                + (values.length == 0 ? "" : ", " + timesMicros[0] + ".." + timesMicros[values.length - 1]) + "]";
    }
}
