package syna.index.gwi.internal.cluster;

import syna.api.DistanceMetric;
import syna.api.Vectors;
import syna.api.spi.VectorKernels;

/**
 * Distances between a prepared vector and rows of a centroid matrix, with the kernels of {@link Vectors}. For
 * cosine the vector and the centroids are unit length (spherical k-means), so a distance is one dot product:
 * {@code 1 - dot}; euclidean is squared L2; dot product is {@code -dot}. These equal the distances a
 * {@code VectorScorer} of the same metric gives, so leaves and vectors rank on one scale.
 *
 * <p>A vector that is only ranked against centroids (which is nearest: routing an insert, reassignment, merging)
 * skips {@link #prepare}: cosine's {@code 1 - dot} against unit centroids orders the rows the same for any
 * positive scale of the vector, and the norm costs as much as a distance; the other metrics prepare nothing.
 * Absolute distances (a query's adaptive threshold, k-means sums) still need it. Thread-safe.
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

    /**
     * The distance {@code v} would have from a centroid once prepared, given its {@code distance} unprepared
     * ({@code 1 - dot} for cosine becomes {@code 1 - dot / |v|}, what a source's scorer measures; the other
     * metrics prepare nothing). A zero vector is at 1 from every centroid, as prepared.
     */
    public float preparedDistance(float[] v, float distance) {
        if (metric != DistanceMetric.COSINE) {
            return distance;
        }
        double s = kernels.dot(v, 0, v, 0, dim);
        if (!(s > 0) || !Double.isFinite(s)) {
            return s == 0 ? 1f : Float.NaN;
        }
        return Vectors.cosineDistance(1f - distance, (float) (1 / Math.sqrt(s)));
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
     * Distances from the prepared {@code q} to rows {@code from .. from + n - 1} of {@code centroids}, into
     * {@code out[0, n)}: four rows a pass ({@link VectorKernels#dot4}), so the query is loaded once for the four.
     */
    public void distances(float[] q, float[] centroids, int from, int n, float[] out) {
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            int o = (from + i) * dim;
            four(q, centroids, o, o + dim, o + 2 * dim, o + 3 * dim, out, i);
        }
        for (; i < n; i++) {
            out[i] = distance(q, centroids, from + i);
        }
    }

    /**
     * Distances from four prepared points, rows of {@code pts} at offsets {@code p0..p3}, to rows {@code 0 .. k - 1}
     * of {@code centroids}: point {@code t}'s to row {@code j} into {@code out[t * k + j]}. Four rows a pass
     * against the four points ({@link VectorKernels#dot4x4}), so each centroid load feeds four distances: k-means
     * assignment is bound by loading the centroids (more than fit the first-level cache) rather than by the
     * arithmetic, and this does a quarter of the loads of {@link #distances} per point.
     */
    public void distances4(float[] pts, int p0, int p1, int p2, int p3, float[] centroids, int k, float[] out) {
        float[] tile = new float[16];
        int j = 0;
        for (; j + 4 <= k; j += 4) {
            int o = j * dim;
            if (metric == DistanceMetric.EUCLIDEAN) {
                kernels.squareDistance4x4(pts, p0, p1, p2, p3, centroids, o, o + dim, o + 2 * dim, o + 3 * dim, dim,
                        tile, 0);
            } else {
                kernels.dot4x4(pts, p0, p1, p2, p3, centroids, o, o + dim, o + 2 * dim, o + 3 * dim, dim, tile, 0);
            }
            for (int t = 0; t < 4; t++) {
                for (int u = 0; u < 4; u++) {
                    float v = tile[4 * t + u];
                    out[t * k + j + u] = switch (metric) {
                        case COSINE -> 1f - v;
                        case EUCLIDEAN -> v;
                        case DOT_PRODUCT -> -v;
                    };
                }
            }
        }
        int[] ps = {p0, p1, p2, p3};
        for (; j < k; j++) {
            int o = j * dim;
            for (int t = 0; t < 4; t++) {
                out[t * k + j] = switch (metric) {
                    case COSINE -> 1f - kernels.dot(pts, ps[t], centroids, o, dim);
                    case EUCLIDEAN -> kernels.squareDistance(pts, ps[t], centroids, o, dim);
                    case DOT_PRODUCT -> -kernels.dot(pts, ps[t], centroids, o, dim);
                };
            }
        }
    }

    /** Distances from the prepared {@code q} to the rows {@code rows[0, n)} of {@code centroids}, into {@code out[0, n)}. */
    public void distances(float[] q, float[] centroids, int[] rows, int n, float[] out) {
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            four(q, centroids, rows[i] * dim, rows[i + 1] * dim, rows[i + 2] * dim, rows[i + 3] * dim, out, i);
        }
        for (; i < n; i++) {
            out[i] = distance(q, centroids, rows[i]);
        }
    }

    private void four(float[] q, float[] c, int o0, int o1, int o2, int o3, float[] out, int at) {
        if (metric == DistanceMetric.EUCLIDEAN) {
            kernels.squareDistance4(q, c, o0, o1, o2, o3, dim, out, at);
            return;
        }
        kernels.dot4(q, c, o0, o1, o2, o3, dim, out, at);
        if (metric == DistanceMetric.COSINE) {
            for (int j = at; j < at + 4; j++) {
                out[j] = 1f - out[j];
            }
        } else {
            for (int j = at; j < at + 4; j++) {
                out[j] = -out[j];
            }
        }
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

    /**
     * The k-means++ spreads ({@link #spread}) of rows {@code 0 .. n - 1} of {@code pts} to the prepared centre
     * {@code q}, into {@code out[0, n)}: four rows a pass.
     */
    public void spreads(float[] q, float[] pts, int n, float[] out) {
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            int o = i * dim;
            if (metric == DistanceMetric.COSINE) {
                kernels.dot4(q, pts, o, o + dim, o + 2 * dim, o + 3 * dim, dim, out, i);
                for (int t = i; t < i + 4; t++) {
                    out[t] = Math.max(0f, 1f - out[t]);
                }
            } else {
                kernels.squareDistance4(q, pts, o, o + dim, o + 2 * dim, o + 3 * dim, dim, out, i);
            }
        }
        for (; i < n; i++) {
            out[i] = spread(q, pts, i);
        }
    }

    private void normalize(float[] v, int off, int len) {
        // the squared norm with the SIMD kernel: this runs for every vector k-means reads, every pass
        double s = kernels.dot(v, off, v, off, len);
        if (!Double.isFinite(s)) {
            s = 0;
            for (int i = off; i < off + len; i++) {
                s += (double) v[i] * v[i];
            }
        }
        if (s > 0) {
            float inv = (float) (1 / Math.sqrt(s));
            for (int i = off; i < off + len; i++) {
                v[i] *= inv;
            }
        }
    }
}
