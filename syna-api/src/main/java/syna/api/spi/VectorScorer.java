package syna.api.spi;

/**
 * Distances from one query to the vectors of a {@link VectorSource}, lower is closer: 1 - cosine, squared
 * euclidean, or negative dot product, as the scorer's metric says. Made by {@link VectorSource#scorer}; set
 * a query, then measure as often as needed; setting another query reuses the scorer, so loops allocate
 * nothing. Not thread-safe; one per thread.
 */
public interface VectorScorer {
    /**
     * Measures from {@code query} from now on (copied; its norm taken once for cosine). Throws
     * {@link syna.api.DimensionMismatchException} for a wrong length. Returns this scorer.
     */
    VectorScorer query(float[] query);

    /** Measures from the stored vector of {@code ordinal} from now on (copied). Returns this scorer. */
    VectorScorer query(int ordinal);

    /** Distance from the query to the vector of {@code ordinal}. */
    float distance(int ordinal);

    /**
     * Distances from the query to the vectors of {@code ordinals[0..n)}, into {@code out[0..n)}: what
     * {@link #distance} gives for each, up to float rounding. A scorer may measure several vectors in one pass
     * (a graph search asks for a node's unvisited neighbours at once); this default measures one at a time.
     */
    default void distances(int[] ordinals, int n, float[] out) {
        for (int i = 0; i < n; i++) {
            out[i] = distance(ordinals[i]);
        }
    }
}
