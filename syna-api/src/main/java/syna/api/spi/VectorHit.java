package syna.api.spi;

/**
 * One search result.
 *
 * @param id the id the vector was added under
 * @param distance distance to the query under the index's metric (lower is closer): 1 - cosine,
 *     squared euclidean, or negative dot product
 */
public record VectorHit(long id, float distance) {}
