package syna.api;

import java.time.Duration;
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
 * <p>Inserting an existing key replaces its vector. Keys are non-empty valid UTF-16 strings; vectors have the
 * store's dimension and finite components; a null argument, a NaN or infinite component ({@link
 * InvalidArgumentException} naming key and index) or a wrong dimension ({@link DimensionMismatchException}) is
 * rejected before anything is written.
 *
 * <p><b>Nothing waits for the index.</b> Writes return once the vectors are stored; a background thread adds
 * them to the index, and until it has, searches measure them exactly, so results never miss an acknowledged
 * vector. {@link #indexStatus()} says how far the index is; {@link #awaitIndex(Duration)} waits for it.
 *
 * <p>Concurrent reads, one writer; thread-safe. {@code close()} is idempotent; use after close throws
 * {@link ClosedException}.
 */
public interface VectorStore extends AutoCloseable {
    /**
     * Vector dimension, fixed when the store was created.
     *
     * @return 1 to 4096
     */
    int dimension();

    /**
     * Distance metric, fixed when the store was created.
     *
     * @return the metric
     */
    DistanceMetric metric();

    /**
     * Inserts or replaces the vector of {@code key}, durable by the store's rules (the database's durability
     * mode, or the next checkpoint of a memory-mapped store). Does not wait for the index.
     *
     * @param key the vector's key: non-empty, valid UTF-16
     * @param vector the vector (copied)
     * @throws DimensionMismatchException when {@code vector.length != dimension()}
     * @throws InvalidArgumentException for a bad key
     * @throws ClosedException after {@link #close()}
     */
    void insert(String key, float[] vector);

    /**
     * Inserts or replaces the vector of {@code key} with its metadata (replacing any earlier metadata),
     * atomically.
     *
     * @param key the vector's key
     * @param vector the vector (copied)
     * @param metadata values a search filter can test; empty for none
     * @throws DimensionMismatchException when {@code vector.length != dimension()}
     * @throws UnsupportedFeatureException for non-empty metadata in a store that cannot keep it
     * @throws ClosedException after {@link #close()}
     */
    void insert(String key, float[] vector, Map<String, Atom> metadata);

    /**
     * The metadata stored with {@code key}'s vector.
     *
     * @param key the vector's key
     * @return the metadata; empty when none or when the key is absent
     * @throws ClosedException after {@link #close()}
     */
    Map<String, Atom> metadata(String key);

    /**
     * Inserts or replaces many vectors, validated as a whole before anything is written.
     *
     * @param keys the keys
     * @param vectors the vectors, position for position
     * @throws InvalidArgumentException when the lists differ in length or a key is bad
     * @throws DimensionMismatchException when a vector has another dimension
     * @throws ClosedException after {@link #close()}
     */
    void insertBatch(List<String> keys, List<float[]> vectors);

    /**
     * Inserts or replaces many vectors, each with its metadata (replacing any earlier metadata), atomically;
     * validated as a whole before anything is written.
     *
     * @param keys the keys
     * @param vectors the vectors, position for position
     * @param metadata the metadata, position for position
     * @throws InvalidArgumentException when the lists differ in length
     * @throws UnsupportedFeatureException when a map is non-empty and the store cannot keep metadata
     * @throws ClosedException after {@link #close()}
     */
    default void insertBatch(List<String> keys, List<float[]> vectors, List<Map<String, Atom>> metadata) {
        if (keys == null || vectors == null || metadata == null) {
            throw new InvalidArgumentException("keys, vectors and metadata must not be null");
        }
        if (metadata.size() != keys.size()) {
            throw new InvalidArgumentException("keys and metadata differ in length: " + keys.size() + " != " + metadata.size());
        }
        if (metadata.stream().anyMatch(java.util.Objects::isNull)) {
            throw new InvalidArgumentException("a metadata map of the batch is null (use Map.of() for none)");
        }
        if (metadata.stream().anyMatch(m -> !m.isEmpty())) {
            throw new UnsupportedFeatureException("this vector store cannot keep metadata");
        }
        insertBatch(keys, vectors);
    }

    /**
     * Live keys, sorted; a snapshot.
     *
     * @return the keys
     * @throws ClosedException after {@link #close()}
     */
    List<String> keys();

    /**
     * Removes every present key of {@code keys}, atomically where the store can. The default removes them
     * one by one.
     *
     * @param keys the keys to remove
     * @return how many were present
     * @throws ClosedException after {@link #close()}
     */
    default int deleteBatch(Collection<String> keys) {
        if (keys == null) {
            throw new InvalidArgumentException("keys must not be null");
        }
        int removed = 0;
        for (String key : keys) {
            if (delete(key)) {
                removed++;
            }
        }
        return removed;
    }

    /**
     * The vector of {@code key}.
     *
     * @param key the key
     * @return a copy of the vector, empty when absent
     * @throws ClosedException after {@link #close()}
     */
    Optional<float[]> get(String key);

    /**
     * Removes {@code key}.
     *
     * @param key the key
     * @return whether it was present
     * @throws ClosedException after {@link #close()}
     */
    boolean delete(String key);

    /**
     * Whether {@code key} is present.
     *
     * @param key the key
     * @return true when present
     * @throws ClosedException after {@link #close()}
     */
    boolean contains(String key);

    /**
     * Number of vectors.
     *
     * @return the count
     * @throws ClosedException after {@link #close()}
     */
    long size();

    /**
     * The {@code k} nearest vectors to {@code vector}, nearest first; never misses an acknowledged vector
     * (what the index has not caught up with is searched exactly). Returns {@code min(k, size())} of them,
     * so {@code k} may be {@link Integer#MAX_VALUE}.
     *
     * @param vector the query
     * @param k how many matches at most
     * @return at most {@code k} matches, nearest first
     * @throws DimensionMismatchException when {@code vector.length != dimension()}
     * @throws InvalidArgumentException when {@code k < 1}, or a component is NaN or infinite
     * @throws ClosedException after {@link #close()}
     */
    default List<VectorMatch> search(float[] vector, int k) {
        return search(vector, k, VectorQuery.defaults());
    }

    /**
     * The {@code k} nearest vectors to {@code vector} that the query's filter accepts, nearest first; a
     * selective filter still returns {@code k} matches when that many pass it.
     *
     * @param vector the query
     * @param k how many matches at most
     * @param query effort, filter, and whether matches carry their vectors
     * @return at most {@code k} matches, nearest first
     * @throws DimensionMismatchException when {@code vector.length != dimension()}
     * @throws InvalidArgumentException when {@code k < 1}
     * @throws ClosedException after {@link #close()}
     */
    List<VectorMatch> search(float[] vector, int k, VectorQuery query);

    /**
     * Name of the index provider answering searches now.
     *
     * @return {@code flat} while search is exact, else the index's provider name
     * @throws ClosedException after {@link #close()}
     */
    String indexName();

    /**
     * Where the index stands: state, vectors covered out of the total, an estimate of the time left.
     *
     * @return the status at this moment
     * @throws ClosedException after {@link #close()}
     */
    IndexStatus indexStatus();

    /**
     * Waits until the index covers every vector (or there is no index to build), at most {@code timeout}.
     * Searches never need this: it is for callers that want index speed, not completeness, which they
     * always have.
     *
     * @param timeout the longest wait
     * @return whether the index covers every vector
     * @throws ClosedException after {@link #close()}
     */
    boolean awaitIndex(Duration timeout);

    /**
     * Reads back every stored vector and checks it (checksums, the store's own files) and reports what it
     * found, including damage found and worked around at open (an older checkpoint taken because the newest
     * was damaged, and what it lost).
     *
     * @return what was checked and found; problems are reported, not thrown
     * @throws ClosedException after {@link #close()}
     */
    VerifyReport verify();

    /**
     * Makes everything inserted or deleted so far durable. Waits for the store's own writes to reach stable
     * storage and, when the index covers every vector and changed since it was saved, for the index file to
     * be written; it never waits for an index build (an index still building is saved at {@link #close()}).
     *
     * @throws SynaIOException when writing fails
     * @throws ClosedException after {@link #close()}
     */
    void checkpoint();

    /**
     * Makes everything durable (as {@link #checkpoint()}), stops the background indexing after the batch it
     * is adding (a bounded wait, never a whole build), saves the index as far as it is built (the next open
     * resumes from there) and releases the store; idempotent. A store opened inside a database leaves the
     * database open.
     */
    @Override
    void close();
}
