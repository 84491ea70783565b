package syna.api;


/**
 * One value a key had, with the time it was written (microseconds since the Unix epoch).
 * Immutable; thread-safe.
 *
 * @param timestampMicros write time in microseconds since 1970-01-01T00:00Z
 * @param value the value written (a {@link Atom.Null} for a delete)
 */
public record HistoryEntry(long timestampMicros, Atom value) {
    /** Rejects a null value. */
    public HistoryEntry {
        syna.api.internal.Checks.notNull(value, "value");
    }
}
