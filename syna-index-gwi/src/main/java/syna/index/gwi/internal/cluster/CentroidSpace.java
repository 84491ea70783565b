package syna.index.gwi.internal.cluster;

import syna.api.DistanceMetric;
import syna.api.Vectors;
import syna.api.spi.VectorKernels;

/**
 * Distances between a prepared vector and rows of a centroid matrix, with the kernels of {@link Vectors}. For
 * cosine the vector and the centroids are unit length (spherical k-means), so a distance is one dot product:
 * {@code 1 - dot}; euclidean is squared L2; dot product is {@code -dot}. These equal the distances a
 * {@code VectorScorer} of the same metric gives, so leaves and vectors rank on one scale. Thread-safe.
 */
public final class CentroidSpace {
    private final int dim;
    private final DistanceMetric metric;
    private final VectorKernels kernels = Vectors.kernels();

    /** A space of {@code dim} floats under {@code metric}. */
    public CentroidSpace(int dim, DistanceMetric metric) {
        this.dim = dim;
        this.metric = metric;
    }

    /** Floats per vector. */
    public int dimension() {
        return dim;
    }

    /** The metric. */
    public DistanceMetric metric() {
        return metric;
    }

    /** Makes {@code v} ready for {@link #distance}: unit length for cosine (a zero vector stays zero). */
    public void prepare(float[] v) {
        if (metric == DistanceMetric.COSINE) {
            normalize(v, 0, dim);
        }
    }

    /** Turns a mean into a centroid: unit length for cosine. */
    public void finish(float[] centroids, int row) {
        if (metric == DistanceMetric.COSINE) {
            normalize(centroids, row * dim, dim);
        }
    }

    /** Distance from the prepared {@code q} to row {@code row} of {@code centroids}. */
    public float distance(float[] q, float[] centroids, int row) {
        int off = row * dim;
        return switch (metric) {
            case COSINE -> 1f - kernels.dot(q, 0, centroids, off, dim);
            case EUCLIDEAN -> kernels.squareDistance(q, 0, centroids, off, dim);
            case DOT_PRODUCT -> -kernels.dot(q, 0, centroids, off, dim);
        };
    }

    /**
     * The k-means++ weight of the prepared {@code q} against a chosen centre: a non-negative spread,
     * {@code 1 - cos} for cosine and squared L2 otherwise (a dot product can be negative).
     */
    public float spread(float[] q, float[] centroids, int row) {
        int off = row * dim;
        if (metric == DistanceMetric.COSINE) {
            return Math.max(0f, 1f - kernels.dot(q, 0, centroids, off, dim));
        }
        return kernels.squareDistance(q, 0, centroids, off, dim);
    }

    private static void normalize(float[] v, int off, int len) {
        double s = 0;
        for (int i = off; i < off + len; i++) {
            s += (double) v[i] * v[i];
        }
        if (s > 0) {
            float inv = (float) (1 / Math.sqrt(s));
            for (int i = off; i < off + len; i++) {
                v[i] *= inv;
            }
        }
    }
}
