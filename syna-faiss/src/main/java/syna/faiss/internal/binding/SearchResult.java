package syna.faiss.internal.binding;

/**
 * The {@code k} results of each of {@code n} queries, as FAISS returns them: row-major, nearest first;
 * a missing result has label -1. Distances are FAISS's: squared L2, or inner product (larger is closer).
 *
 * @param queries n
 * @param k results per query
 * @param distances n * k distances
 * @param labels n * k ids
 */
public record SearchResult(int queries, int k, float[] distances, long[] labels) {
    /** The id of result {@code j} of query {@code i}; -1 when missing. */
    public long label(int i, int j) {
        return labels[i * k + j];
    }

    /** The distance of result {@code j} of query {@code i}. */
    public float distance(int i, int j) {
        return distances[i * k + j];
    }
}
