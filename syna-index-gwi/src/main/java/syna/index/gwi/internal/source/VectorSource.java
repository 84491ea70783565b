package syna.index.gwi.internal.source;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import syna.api.DistanceMetric;

/**
 * Temporary stand-in for {@code syna.api.spi.VectorSource} (issue 11, branch vec) with the same methods, so the
 * cores compile before the SPI is merged; replaced by the real type when it is.
 */
public interface VectorSource {
    /** Floats per vector. */
    int dimension();

    /** The metric. */
    DistanceMetric metric();

    /** Ordinals are {@code [0, size())}. */
    int size();

    /** The vector of {@code ordinal}, zero-copy, native-order floats. */
    MemorySegment vector(int ordinal);

    /** A new scorer measuring with {@code metric}; one per thread. */
    VectorScorer scorer(DistanceMetric metric);

    /** A new scorer with the source's metric. */
    default VectorScorer scorer() {
        return scorer(metric());
    }

    /** Copies the vector of {@code ordinal} into {@code dst}. */
    default void copy(int ordinal, float[] dst) {
        MemorySegment.copy(vector(ordinal), ValueLayout.JAVA_FLOAT_UNALIGNED, 0, dst, 0, dimension());
    }
}
