package syna.index.gwi.internal;

import java.lang.foreign.MemorySegment;
import syna.api.DistanceMetric;
import syna.api.spi.VectorScorer;
import syna.api.spi.VectorSource;
import syna.tests.GroundTruth;

/** A heap source over arrays for the engine's unit tests; vectors can be replaced. */
final class TestSource implements VectorSource {
    final float[][] data;
    private final DistanceMetric metric;

    TestSource(float[][] data, DistanceMetric metric) {
        this.data = data;
        this.metric = metric;
    }

    @Override
    public int dimension() {
        return data[0].length;
    }

    @Override
    public DistanceMetric metric() {
        return metric;
    }

    @Override
    public int size() {
        return data.length;
    }

    @Override
    public MemorySegment vector(int ordinal) {
        return MemorySegment.ofArray(data[ordinal].clone());
    }

    @Override
    public void copy(int ordinal, float[] dst) {
        System.arraycopy(data[ordinal], 0, dst, 0, data[ordinal].length);
    }

    @Override
    public VectorScorer scorer(DistanceMetric m) {
        return new VectorScorer() {
            float[] q;

            @Override
            public VectorScorer query(float[] query) {
                q = query.clone();
                return this;
            }

            @Override
            public VectorScorer query(int ordinal) {
                q = data[ordinal].clone();
                return this;
            }

            @Override
            public float distance(int ordinal) {
                return (float) GroundTruth.distance(m, q, data[ordinal]);
            }
        };
    }
}
