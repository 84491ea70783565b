package syna.api;

import java.util.Optional;

/**
 * One search result of a vector store.
 * Immutable; thread-safe.
 *
 * @param key the vector's key
 * @param distance distance to the query (lower is closer): 1 - cosine, squared euclidean, or negative dot
 * @param vector the stored vector, when the query asked for vectors
 */
public record VectorMatch(String key, float distance, Optional<float[]> vector) {
    /** Rejects nulls and copies the vector. */
    public VectorMatch {
        syna.api.internal.Checks.notNull(key, "key");
        vector = syna.api.internal.Checks.notNull(vector, "vector").map(float[]::clone);
    }

    /** Similarity in the metric's natural sense: cosine similarity, negative squared distance, or dot product. */
    public float score() {
        return -distance;
    }
}
