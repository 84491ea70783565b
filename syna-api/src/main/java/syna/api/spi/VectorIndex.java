package syna.api.spi;

import java.nio.file.Path;
import java.util.List;

/**
 * A nearest-neighbour index over vectors identified by {@code long} ids. Concurrent reads, one writer:
 * searches may run concurrently with each other and with one adding thread unless the provider has
 * {@link Capability#CONCURRENT_INSERT}. {@code close()} is idempotent; use after close throws
 * {@link syna.api.ClosedException}.
 */
public interface VectorIndex extends AutoCloseable {
    /** Name of the provider that made it. */
    String providerName();

    /** Vector dimension. */
    int dimension();

    /** Metric. */
    syna.api.DistanceMetric metric();

    /**
     * Adds (or replaces) the vector of {@code id}; throws {@link syna.api.DimensionMismatchException}
     * for a wrong dimension.
     */
    void add(long id, float[] vector);

    /** Adds many; {@code ids.length == vectors.length}. */
    default void addAll(long[] ids, float[][] vectors) {
        if (ids.length != vectors.length) {
            throw new syna.api.InvalidArgumentException(
                    "ids and vectors differ in length: " + ids.length + " != " + vectors.length);
        }
        for (int i = 0; i < ids.length; i++) {
            add(ids[i], vectors[i]);
        }
    }

    /** Removes {@code id}; returns whether it was present. Needs {@link Capability#DELETE}. */
    boolean delete(long id);

    /** Whether {@code id} is in the index. */
    boolean contains(long id);

    /** Number of live vectors. */
    int size();

    /** The {@code k} nearest live vectors to {@code query}, nearest first; fewer when fewer exist. */
    List<VectorHit> search(float[] query, int k, SearchOptions options);

    /** As {@link #search(float[], int, SearchOptions)} with default options. */
    default List<VectorHit> search(float[] query, int k) {
        return search(query, k, SearchOptions.defaults());
    }

    /** Writes the index to {@code file} (atomically: a temp file then a rename). */
    void save(Path file);

    /** Approximate heap and off-heap bytes held. */
    long memoryBytes();

    @Override
    void close();
}
