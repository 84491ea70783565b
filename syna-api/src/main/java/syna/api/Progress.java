package syna.api;

/**
 * Where a long operation of a database is ({@link Database#compact(HistoryRetention, Progress)},
 * {@link Database#verify(Progress)}): called on the thread doing the work, at its start, about every
 * 100 ms while it runs, and once with {@code done == total} when the work (not yet the call) is
 * finished. An exception thrown from {@link #update} cancels the operation: it propagates out of the
 * call, and a cancelled compaction leaves the database as it was. Not thread-safe; one per operation
 * (an implementation is called from one thread at a time and need not synchronise).
 */
@FunctionalInterface
public interface Progress {
    /** Ignores every update. */
    Progress NONE = (phase, done, total) -> {};

    /**
     * Reports how far the operation is.
     *
     * @param phase what is being done, e.g. {@code "copying entries"} or {@code "checking records"}
     * @param done units done so far, from 0 to {@code total}
     * @param total units in all (entries for a compaction, bytes for a verify); the same for every update
     *     of one phase
     */
    void update(String phase, long done, long total);
}
