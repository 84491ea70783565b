package syna.cli.internal;

import java.util.Locale;

/** Human-readable numbers for command output. Thread-safe (stateless). */
final class Format {
    private Format() {}

    /** {@code 12345} as {@code 12,345}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Bytes in B, KiB, MiB or GiB. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** Nanoseconds as milliseconds with one decimal. */
    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    /** A rate per second. */
    static String rate(long n, long nanos) {
        return String.format(Locale.ROOT, "%,.0f/s", nanos <= 0 ? 0.0 : n * 1e9 / nanos);
    }
}
