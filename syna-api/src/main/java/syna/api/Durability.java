package syna.api;

/** When a write is forced to stable storage. Chosen per open (not stored in the file). Immutable; thread-safe. */
public enum Durability {
    /**
     * No fsync: writes are buffered in the process and handed to the OS every 5 ms, when 64 KiB
     * gather, at once for values over 4 KiB, and on {@code sync()}, compaction and {@code close()}. A
     * process crash may lose the last few milliseconds of writes, a power loss what the OS had not
     * written back; what survives is always a prefix of the writes, batches whole or not at all.
     */
    NONE,
    /**
     * Group commit, the default: each write returns once an fsync covering it has finished; writers
     * arriving while one fsync runs share the next. Nothing acknowledged is lost, even on power loss.
     */
    GROUP,
    /** Each write is fsynced on its own before it returns. Nothing acknowledged is lost. */
    ALWAYS
}
