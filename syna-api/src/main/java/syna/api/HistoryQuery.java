package syna.api;

/**
 * Which entries of a key's history to read: those with a time in {@code [fromMicros, toMicros)},
 * and of those the last {@code lastN}. Numeric projections ({@link KeySpace#historyAsDoubles(String,
 * HistoryQuery)} and its twins) count numeric points only, skipping deletes; {@link
 * KeySpace#history(String, HistoryQuery)} counts every entry. The engine finds the range by binary
 * search on the key's times in its index, so a query costs the entries it returns. Immutable; thread-safe.
 *
 * <pre>{@code
 * db.historyAsDoubles("sensor/1", HistoryQuery.between(t0, t1));   // [t0, t1)
 * db.historyAsDoubles("sensor/1", HistoryQuery.last(1000));         // the newest 1,000 points
 * db.series("sensor/1", HistoryQuery.since(t0).withLast(10));       // the last 10 from t0 on
 * }</pre>
 *
 * @param fromMicros first time included, microseconds since the epoch ({@link Long#MIN_VALUE}: no bound)
 * @param toMicros first time excluded ({@link Long#MAX_VALUE}: no bound)
 * @param lastN at most this many entries, the newest of the range ({@link Integer#MAX_VALUE}: all)
 */
public record HistoryQuery(long fromMicros, long toMicros, int lastN) {
    private static final HistoryQuery ALL = new HistoryQuery(Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE);

    /** Validates the bounds: {@code fromMicros <= toMicros}, {@code lastN >= 0}. */
    public HistoryQuery {
        if (fromMicros > toMicros) {
            throw new InvalidArgumentException("history query from " + fromMicros + " is after to " + toMicros);
        }
        if (lastN < 0) {
            throw new InvalidArgumentException("history query lastN must be >= 0, got " + lastN);
        }
    }

    /** Every entry. */
    public static HistoryQuery all() {
        return ALL;
    }

    /** Entries with a time in {@code [fromMicros, toMicros)}. */
    public static HistoryQuery between(long fromMicros, long toMicros) {
        return new HistoryQuery(fromMicros, toMicros, Integer.MAX_VALUE);
    }

    /** Entries at or after {@code fromMicros}. */
    public static HistoryQuery since(long fromMicros) {
        return new HistoryQuery(fromMicros, Long.MAX_VALUE, Integer.MAX_VALUE);
    }

    /** Entries before {@code toMicros}. */
    public static HistoryQuery until(long toMicros) {
        return new HistoryQuery(Long.MIN_VALUE, toMicros, Integer.MAX_VALUE);
    }

    /** The newest {@code n} entries. */
    public static HistoryQuery last(int n) {
        return new HistoryQuery(Long.MIN_VALUE, Long.MAX_VALUE, n);
    }

    /** This range, limited to its newest {@code n} entries. */
    public HistoryQuery withLast(int n) {
        return new HistoryQuery(fromMicros, toMicros, n);
    }

    /** Whether the query selects every entry. */
    public boolean selectsAll() {
        return fromMicros == Long.MIN_VALUE && toMicros == Long.MAX_VALUE && lastN == Integer.MAX_VALUE;
    }

    @Override
    public String toString() {
        return "HistoryQuery[from=" + (fromMicros == Long.MIN_VALUE ? "-inf" : Long.toString(fromMicros))
                + ", to=" + (toMicros == Long.MAX_VALUE ? "+inf" : Long.toString(toMicros))
                + ", lastN=" + (lastN == Integer.MAX_VALUE ? "all" : Integer.toString(lastN)) + "]";
    }
}
