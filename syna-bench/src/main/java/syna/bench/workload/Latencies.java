package syna.bench.workload;

import java.util.Arrays;

/**
 * Per-operation latencies in nanoseconds, recorded into a preallocated array (no allocation while
 * timing) and sorted once for percentiles. Not thread-safe; one per thread, merged afterwards.
 */
public final class Latencies {
    private final long[] nanos;
    private int count;

    /** Room for {@code capacity} operations. */
    public Latencies(int capacity) {
        this.nanos = new long[capacity];
    }

    /** Records one operation's latency. */
    public void record(long elapsedNanos) {
        nanos[count++] = elapsedNanos;
    }

    /** Operations recorded. */
    public int count() {
        return count;
    }

    /** All latencies of {@code parts}, sorted. */
    public static long[] mergeSorted(Iterable<Latencies> parts) {
        int total = 0;
        for (Latencies l : parts) {
            total += l.count;
        }
        long[] all = new long[total];
        int at = 0;
        for (Latencies l : parts) {
            System.arraycopy(l.nanos, 0, all, at, l.count);
            at += l.count;
        }
        Arrays.sort(all);
        return all;
    }

    /** The {@code q}-quantile (nearest rank) of sorted latencies, in microseconds. */
    public static double quantileMicros(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)] / 1_000.0;
    }
}
