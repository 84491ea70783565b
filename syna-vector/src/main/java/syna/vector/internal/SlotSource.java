package syna.vector.internal;

import java.lang.foreign.MemorySegment;
import syna.api.DimensionMismatchException;
import syna.api.DistanceMetric;
import syna.api.Vectors;
import syna.api.spi.VectorKernels;
import syna.api.spi.VectorScorer;
import syna.api.spi.VectorSource;

/**
 * A store's slots as a {@link VectorSource}: slot {@code i} is ordinal {@code i}, read where the store keeps
 * it. Concurrent reads; thread-safe as the store's storage is.
 */
abstract class SlotSource implements VectorSource {
    private final int dim;
    private final DistanceMetric metric;

    SlotSource(int dim, DistanceMetric metric) {
        this.dim = dim;
        this.metric = metric;
    }

    /** The segment holding slot {@code ordinal}. */
    abstract MemorySegment segmentOf(int ordinal);

    /** The byte offset of slot {@code ordinal} in {@link #segmentOf}. */
    abstract long offsetOf(int ordinal);

    @Override
    public final int dimension() {
        return dim;
    }

    @Override
    public final DistanceMetric metric() {
        return metric;
    }

    @Override
    public final MemorySegment vector(int ordinal) {
        return segmentOf(ordinal).asSlice(offsetOf(ordinal), 4L * dim);
    }

    @Override
    public final VectorScorer scorer(DistanceMetric m) {
        VectorKernels k = Vectors.kernels();
        float[] q = new float[dim];
        return new VectorScorer() {
            @Override
            public VectorScorer query(float[] query) {
                if (query.length != dim) {
                    throw new DimensionMismatchException("query dimension " + query.length + " != store dimension " + dim);
                }
                System.arraycopy(query, 0, q, 0, dim);
                return this;
            }

            @Override
            public VectorScorer query(int ordinal) {
                copy(ordinal, q);
                return this;
            }

            @Override
            public float distance(int ordinal) {
                return Vectors.distance(k, m, q, segmentOf(ordinal), offsetOf(ordinal), dim);
            }
        };
    }
}
