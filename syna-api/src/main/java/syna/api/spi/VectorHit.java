package syna.api.spi;

/**
 * One search result.
 *
 * @param ordinal the ordinal of the vector in the index's {@link VectorSource}
 * @param distance distance to the query under the index's metric (lower is closer): 1 - cosine,
 *     squared euclidean, or negative dot product
 */
public record VectorHit(int ordinal, float distance) {}
