package syna.api.spi;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import syna.api.DimensionMismatchException;
import syna.api.DistanceMetric;
import syna.api.InvalidArgumentException;
import syna.api.Vectors;

/**
 * A {@link VectorSource} over one contiguous heap array: for tests, benchmarks and callers that keep their
 * vectors in arrays and want an index over them. Holds its own copy (one), and per vector the inverse norm for
 * cosine. Concurrent reads; {@link #set} is for one writer at a time (the {@link VectorSource} contract says
 * what an index sees meanwhile). Thread-safe under that rule.
 */
public final class ArrayVectorSource implements VectorSource {
    private final int dim;
    private final DistanceMetric metric;
    private final float[] data;
    private final float[] inverseNorms;
    private final MemorySegment segment;
    private final int size;

    private ArrayVectorSource(int dim, DistanceMetric metric, int size) {
        if (dim < 1 || dim > VectorIndexConfig.MAX_DIMENSION) {
            throw new InvalidArgumentException("vector dimension must be in [1, " + VectorIndexConfig.MAX_DIMENSION
                    + "], got " + dim);
        }
        this.dim = dim;
        this.metric = Objects.requireNonNull(metric, "metric");
        this.size = size;
        this.data = new float[Math.multiplyExact(size, dim)];
        this.inverseNorms = metric == DistanceMetric.COSINE ? new float[size] : null;
        this.segment = MemorySegment.ofArray(data);
    }

    /** A source holding a copy of {@code vectors} (ordinal = row), all of one dimension. */
    public static ArrayVectorSource of(float[][] vectors, DistanceMetric metric) {
        Objects.requireNonNull(vectors, "vectors");
        if (vectors.length == 0) {
            throw new InvalidArgumentException("no vectors: give the dimension with ArrayVectorSource.zeros");
        }
        ArrayVectorSource s = new ArrayVectorSource(vectors[0].length, metric, vectors.length);
        for (int i = 0; i < vectors.length; i++) {
            s.set(i, vectors[i]);
        }
        return s;
    }

    /** A source of {@code size} zero vectors of {@code dim} (fill it with {@link #set}). */
    public static ArrayVectorSource zeros(int size, int dim, DistanceMetric metric) {
        if (size < 0) {
            throw new InvalidArgumentException("size must be >= 0, got " + size);
        }
        return new ArrayVectorSource(dim, metric, size);
    }

    /** Replaces the vector of {@code ordinal} (copied). An index that holds it must be told with {@code add}. */
    public void set(int ordinal, float[] vector) {
        Objects.checkIndex(ordinal, size);
        if (vector.length != dim) {
            throw new DimensionMismatchException("dimension " + vector.length + " != source dimension " + dim);
        }
        System.arraycopy(vector, 0, data, ordinal * dim, dim);
        if (inverseNorms != null) {
            inverseNorms[ordinal] = Vectors.inverseNorm(vector, 0, dim);
        }
    }

    @Override
    public int dimension() {
        return dim;
    }

    @Override
    public DistanceMetric metric() {
        return metric;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public MemorySegment vector(int ordinal) {
        Objects.checkIndex(ordinal, size);
        return segment.asSlice(4L * ordinal * dim, 4L * dim);
    }

    @Override
    public void copy(int ordinal, float[] dst) {
        Objects.checkIndex(ordinal, size);
        System.arraycopy(data, ordinal * dim, dst, 0, dim);
    }

    @Override
    public VectorScorer scorer(DistanceMetric metric) {
        return new Scorer(Objects.requireNonNull(metric, "metric"));
    }

    /** Measures on the array with the chosen kernels. Not thread-safe; one per thread. */
    private final class Scorer implements VectorScorer {
        private final DistanceMetric m;
        private final VectorKernels k = Vectors.kernels();
        private final float[] q = new float[dim];
        /** The last, partial block of {@link #distances}. */
        private final float[] spare = new float[4];
        private final boolean unit;
        /** The sum of the elements {@link #distances} touches first, kept so that those loads are not dropped. */
        private float touched;

        Scorer(DistanceMetric m) {
            this.m = m;
            this.unit = m == DistanceMetric.COSINE && inverseNorms != null;
        }

        @Override
        public VectorScorer query(float[] query) {
            if (query.length != dim) {
                throw new DimensionMismatchException("query dimension " + query.length + " != source dimension " + dim);
            }
            System.arraycopy(query, 0, q, 0, dim);
            if (unit) {
                Vectors.scale(q, Vectors.inverseNorm(q, 0, dim));
            }
            return this;
        }

        @Override
        public VectorScorer query(int ordinal) {
            copy(ordinal, q);
            if (unit) {
                Vectors.scale(q, inverseNorms[ordinal]);
            }
            return this;
        }

        @Override
        public float distance(int ordinal) {
            int off = ordinal * dim;
            return switch (m) {
                case COSINE -> unit ? Vectors.cosineDistance(k.dot(q, 0, data, off, dim), inverseNorms[ordinal])
                        : 1f - k.cosine(q, 0, data, off, dim);
                case EUCLIDEAN -> k.squareDistance(q, 0, data, off, dim);
                case DOT_PRODUCT -> -k.dot(q, 0, data, off, dim);
            };
        }

        /** Four vectors a pass ({@link VectorKernels#dot4}); cosine of unnormalized vectors one at a time. */
        @Override
        public void distances(int[] ordinals, int n, float[] out) {
            // Each vector's first and last element read before any is measured: their cache misses then overlap
            // rather than wait on the blocks ahead (HNSW QPS on 100K MiniLM +7-14%, alternated in one JVM).
            float t = 0;
            for (int j = 0; j < n; j++) {
                int o = ordinals[j] * dim;
                t += data[o] + data[o + dim - 1];
            }
            touched += t;
            int i = 0;
            if (m != DistanceMetric.COSINE || unit) {
                // The last two or three are measured in one pass too, the last repeated (its loads then hit the
                // cache) into a spare block; a lone last one is measured alone.
                for (; i + 1 < n; i += 4) {
                    float[] o = out;
                    int at = i;
                    if (i + 4 > n) {
                        o = spare;
                        at = 0;
                    }
                    int a = ordinals[i];
                    int b = ordinals[i + 1];
                    int c = i + 2 < n ? ordinals[i + 2] : b;
                    int d = i + 3 < n ? ordinals[i + 3] : c;
                    if (m == DistanceMetric.EUCLIDEAN) {
                        k.squareDistance4(q, data, a * dim, b * dim, c * dim, d * dim, dim, o, at);
                    } else {
                        k.dot4(q, data, a * dim, b * dim, c * dim, d * dim, dim, o, at);
                        if (m == DistanceMetric.COSINE) {
                            o[at] = Vectors.cosineDistance(o[at], inverseNorms[a]);
                            o[at + 1] = Vectors.cosineDistance(o[at + 1], inverseNorms[b]);
                            o[at + 2] = Vectors.cosineDistance(o[at + 2], inverseNorms[c]);
                            o[at + 3] = Vectors.cosineDistance(o[at + 3], inverseNorms[d]);
                        } else {
                            o[at] = -o[at];
                            o[at + 1] = -o[at + 1];
                            o[at + 2] = -o[at + 2];
                            o[at + 3] = -o[at + 3];
                        }
                    }
                    if (o == spare) {
                        System.arraycopy(spare, 0, out, i, n - i);
                        i = n;
                    }
                }
            }
            for (; i < n; i++) {
                out[i] = distance(ordinals[i]);
            }
        }
    }
}
