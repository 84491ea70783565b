package syna.api;

/**
 * What a compaction did.
 * Immutable; thread-safe.
 *
 * @param entriesBefore values (history entries, see {@link DatabaseStats}) before
 * @param entriesAfter values after
 * @param bytesBefore file bytes before
 * @param bytesAfter file bytes after
 * @param retention the history retention that was applied
 */
public record CompactionResult(
        long entriesBefore, long entriesAfter, long bytesBefore, long bytesAfter, HistoryRetention retention) {
    /** Rejects a null retention. */
    public CompactionResult {
        syna.api.internal.Checks.notNull(retention, "retention");
    }
}
