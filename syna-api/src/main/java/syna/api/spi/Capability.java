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
    NATIVE,
    /**
     * The index keeps its own copy of the vectors it was given (a device copy, a quantized tier, a native
     * library's layout) on top of the source's, and says why in its documentation; without it an index reads
     * the vectors from its {@link VectorSource} and holds only its own structure.
     */
    VECTOR_COPY
}
