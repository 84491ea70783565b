package syna.api.spi;

/** Optional features a provider may have. Append only: never reorder. */
public enum Capability {
    /** Entries can be deleted. */
    DELETE,
    /** Search accepts a filter and still returns k matches when k match. */
    FILTER,
    /** State can be saved to and loaded from a file. */
    PERSISTENCE,
    /** Entries can be added after the first build. */
    INCREMENTAL_INSERT,
    /** Work runs on a GPU. */
    GPU,
    /** Several threads may insert at once. */
    CONCURRENT_INSERT,
    /** Needs a native library at run time. */
    NATIVE
}
