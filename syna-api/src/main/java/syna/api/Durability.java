package syna.api;

/** When a write is forced to stable storage. Chosen per database. */
public enum Durability {
    /** Writes reach the OS page cache; a power loss may lose the most recent ones, a process crash does not. */
    NONE,
    /** Group commit: each write waits for an fsync that it shares with concurrent writers. */
    GROUP,
    /** Each write is fsynced before it returns. */
    ALWAYS
}
