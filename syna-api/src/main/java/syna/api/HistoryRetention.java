package syna.api;

/**
 * How much history compaction keeps per key. The default, {@link #all()}, keeps every value a key
 * ever had, as the original system promised (and then lost on compaction without saying so).
 * Immutable; thread-safe.
 *
 * @param keepLast number of most recent values kept per live key; {@link Integer#MAX_VALUE} for all
 */
public record HistoryRetention(int keepLast) {
    /** Validates the bound. */
    public HistoryRetention {
        if (keepLast < 1) {
            throw new InvalidArgumentException("history retention keepLast must be >= 1, got " + keepLast);
        }
    }

    /** Keep every value (the default). */
    public static HistoryRetention all() {
        return new HistoryRetention(Integer.MAX_VALUE);
    }

    /** Keep the {@code n} most recent values of each live key. */
    public static HistoryRetention lastN(int n) {
        return new HistoryRetention(n);
    }

    /** Keep only the current value of each live key. */
    public static HistoryRetention none() {
        return new HistoryRetention(1);
    }

    /** Whether every value is kept. */
    public boolean keepsAll() {
        return keepLast == Integer.MAX_VALUE;
    }

    @Override
    public String toString() {
        return keepsAll() ? "HistoryRetention[all]" : "HistoryRetention[keepLast=" + keepLast + "]";
    }
}
