package syna.api;

/**
 * How vectors are compared. Scores are "higher is more similar" everywhere in the API; distances
 * are "lower is closer". Append only: the ordinal of a metric may be written by index plugins.
 * Immutable; thread-safe.
 */
public enum DistanceMetric {
    /** 1 - cosine similarity; the default, for text embeddings. */
    COSINE,
    /** Euclidean (L2) distance; computed squared internally. */
    EUCLIDEAN,
    /** Negative dot product, for maximum inner product search. */
    DOT_PRODUCT
}
