package syna.api.spi;

import java.nio.file.Path;
import java.util.List;
import syna.api.DistanceMetric;

/**
 * A nearest-neighbour index over the vectors of a {@link VectorSource}, by ordinal. The index keeps its own
 * structure only (a graph, lists, codes) and reads the vectors from the source; it never copies the floats
 * unless it says why (a quantized tier, a device copy). Concurrent reads, one writer: searches may run
 * concurrently with each other and with one adding thread (several with {@link Capability#CONCURRENT_INSERT}).
 * {@code close()} is idempotent; use after close throws {@link syna.api.ClosedException}. Closing an index
 * never closes its source.
 */
public interface VectorIndex extends AutoCloseable {
    /** Name of the provider that made it. */
    String providerName();

    /** The vectors it is built over. */
    VectorSource source();

    /** Vector dimension (the source's). */
    default int dimension() {
        return source().dimension();
    }

    /** Metric (the source's). */
    default DistanceMetric metric() {
        return source().metric();
    }

    /**
     * Indexes the current vector of {@code ordinal} (in {@code [0, source().size())}); for an ordinal the
     * index already holds, the new vector replaces the old one.
     */
    void add(int ordinal);

    /** Adds many, in any order (a provider may use several threads). */
    default void addAll(int[] ordinals) {
        for (int o : ordinals) {
            add(o);
        }
    }

    /** Removes {@code ordinal}; returns whether it was present. Needs {@link Capability#DELETE}. */
    boolean delete(int ordinal);

    /** Whether {@code ordinal} is in the index. */
    boolean contains(int ordinal);

    /** Number of ordinals in the index. */
    int size();

    /**
     * The {@code k} nearest ordinals in the index to {@code query} that the options' filter accepts, nearest
     * first; fewer when fewer exist. {@code k} may be as large as {@link Integer#MAX_VALUE}: no allocation
     * is sized by it beyond the index's size.
     */
    List<VectorHit> search(float[] query, int k, SearchOptions options);

    /** As {@link #search(float[], int, SearchOptions)} with default options. */
    default List<VectorHit> search(float[] query, int k) {
        return search(query, k, SearchOptions.defaults());
    }

    /**
     * Writes the index's own structure to {@code file} (atomically: a temp file then a rename); the vectors
     * stay with the source, which {@link VectorIndexProvider#load} is given again.
     */
    void save(Path file);

    /** Approximate heap and off-heap bytes held by the index itself (not the source's vectors). */
    long memoryBytes();

    @Override
    void close();
}
