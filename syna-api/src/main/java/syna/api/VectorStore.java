package syna.api;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keyed float vectors with nearest-neighbour search: exact below the options' index threshold, then
 * through the configured index provider. Two kinds: {@link Syna#vectorStore} keeps each vector in the
 * database log (durable per write, by the database's durability mode) and
 * {@link Syna#mmapVectorStore} keeps them in a memory-mapped file (bulk ingest at memory speed,
 * durable at {@link #checkpoint()}).
 *
 * <p>Inserting an existing key replaces its vector. Concurrent reads, one writer; thread-safe.
 * {@code close()} is idempotent; use after close throws {@link ClosedException}.
 */
public interface VectorStore extends AutoCloseable {
    /** Vector dimension. */
    int dimension();

    /** Distance metric. */
    DistanceMetric metric();

    /** Inserts or replaces the vector of {@code key}; {@link DimensionMismatchException} on a wrong dimension. */
    void insert(String key, float[] vector);

    /**
     * Inserts or replaces the vector of {@code key} with its metadata (replacing any earlier metadata),
     * atomically. Stores that cannot keep metadata throw {@link UnsupportedFeatureException} for a
     * non-empty map.
     */
    void insert(String key, float[] vector, Map<String, Atom> metadata);

    /** The metadata stored with {@code key}'s vector; empty when none or when the key is absent. */
    Map<String, Atom> metadata(String key);

    /** Inserts or replaces many; validated as a whole before anything is written. */
    void insertBatch(List<String> keys, List<float[]> vectors);

    /**
     * Inserts or replaces many vectors, each with its metadata (replacing any earlier metadata), atomically;
     * validated as a whole before anything is written. The three lists are positional. Stores that cannot
     * keep metadata throw {@link UnsupportedFeatureException} when any map is non-empty.
     */
    default void insertBatch(List<String> keys, List<float[]> vectors, List<Map<String, Atom>> metadata) {
        if (metadata.size() != keys.size()) {
            throw new InvalidArgumentException("keys and metadata differ in length: " + keys.size() + " != " + metadata.size());
        }
        if (metadata.stream().anyMatch(m -> !m.isEmpty())) {
            throw new UnsupportedFeatureException("this vector store cannot keep metadata");
        }
        insertBatch(keys, vectors);
    }

    /** Live keys, sorted; a snapshot. */
    List<String> keys();

    /**
     * Removes every present key of {@code keys}, atomically where the store can; returns how many were
     * present. The default removes them one by one.
     */
    default int deleteBatch(Collection<String> keys) {
        int removed = 0;
        for (String key : keys) {
            if (delete(key)) {
                removed++;
            }
        }
        return removed;
    }

    /** The vector of {@code key}, if present. */
    Optional<float[]> get(String key);

    /** Removes {@code key}; returns whether it was present. */
    boolean delete(String key);

    /** Whether {@code key} is present. */
    boolean contains(String key);

    /** Number of vectors. */
    long size();

    /** The {@code k} nearest vectors to {@code query}, nearest first. */
    default List<VectorMatch> search(float[] vector, int k) {
        return search(vector, k, VectorQuery.defaults());
    }

    /** The {@code k} nearest vectors to {@code vector} accepted by the query's filter, nearest first. */
    List<VectorMatch> search(float[] vector, int k, VectorQuery query);

    /** Name of the index provider answering searches now ({@code flat} while exact). */
    String indexName();

    /** Makes everything inserted or deleted so far durable. */
    void checkpoint();

    @Override
    void close();
}
