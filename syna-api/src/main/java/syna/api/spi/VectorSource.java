package syna.api.spi;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import syna.api.DistanceMetric;

/**
 * The vectors an index is built over, kept by their owner (a vector store) and read by ordinal: dense
 * {@code int}s from 0 to {@link #size()}, the owner's slot numbers. An index keeps its own structure (a graph,
 * lists, codes) and reads the vectors from here; it never needs a second copy of the floats. The shape of
 * Lucene's {@code FloatVectorValues} under its HNSW format and of jvector's {@code RandomAccessVectorValues}.
 *
 * <p>Which ordinals hold live vectors is the owner's business: it tells the index through
 * {@link VectorIndex#add(int)} and {@link VectorIndex#delete(int)}, and a search only returns ordinals the
 * index was given. The owner changes the vector of an ordinal the index holds only if it then adds the
 * ordinal again (or deletes it); until then an index may read the old or the new floats (a background build
 * may race the write) and must not fail on either.
 *
 * <p>Concurrent reads: {@link #vector}, {@link #size} and {@link #scorer} may be called from any number of
 * threads while the owner appends; each {@link VectorScorer} belongs to one thread. A segment returned by
 * {@link #vector} stays readable until the owner is closed (which closes every index over it first).
 */
public interface VectorSource {
    /** Floats per vector. */
    int dimension();

    /** The metric distances are measured with unless a scorer asks for another. */
    DistanceMetric metric();

    /** Ordinals in use or used before: {@code [0, size())}; grows as the owner appends. */
    int size();

    /**
     * The vector of {@code ordinal}, zero-copy: {@code dimension() * 4} bytes of native-order floats
     * ({@link ValueLayout#JAVA_FLOAT_UNALIGNED}). Read-only by contract.
     */
    MemorySegment vector(int ordinal);

    /**
     * A new scorer measuring with {@code metric} (an index may build with another metric than it searches
     * with, as HNSW does for dot product). The source does per-query work once (a cosine query's norm) and
     * keeps what makes each distance cheap (a cosine vector's norm). Not shared between threads.
     */
    VectorScorer scorer(DistanceMetric metric);

    /** A new scorer with the source's metric. */
    default VectorScorer scorer() {
        return scorer(metric());
    }

    /** Copies the vector of {@code ordinal} into {@code dst} (length at least {@code dimension()}). */
    default void copy(int ordinal, float[] dst) {
        MemorySegment.copy(vector(ordinal), ValueLayout.JAVA_FLOAT_UNALIGNED, 0, dst, 0, dimension());
    }

    /** Distance from {@code query} to {@code ordinal} with the source's metric; a new scorer, so not for loops. */
    default float distance(float[] query, int ordinal) {
        return scorer().query(query).distance(ordinal);
    }
}
