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

    /** Live keys, sorted; a snapshot. */
    List<String> keys();

    /**
     * Removes every present key of {@code keys}, atomically where the store can; returns how many were
     * present. The default removes them one by one.
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

    /** The vector of {@code key}, if present. */
    Optional<float[]> get(String key);

    /** Removes {@code key}; returns whether it was present. */
    boolean delete(String key);

    /** Whether {@code key} is present. */
    boolean contains(String key);

    /** Number of vectors. */
    long size();

    /**
     * The {@code k} nearest vectors to {@code vector}, nearest first; {@code min(k, size())} of them, so
     * {@code k} may be {@link Integer#MAX_VALUE}.
     */
    default List<VectorMatch> search(float[] vector, int k) {
        return search(vector, k, VectorQuery.defaults());
    }

    /** The {@code k} nearest vectors to {@code vector} accepted by the query's filter, nearest first. */
    List<VectorMatch> search(float[] vector, int k, VectorQuery query);

    /** Name of the index provider answering searches now ({@code flat} while exact). */
    String indexName();

    /** Where the index stands: state, vectors covered out of the total, an estimate of the time left. */
    IndexStatus indexStatus();

    /**
     * Waits until the index covers every vector (or there is no index to build), at most {@code timeout};
     * returns whether it does. Searches never need this: it is for callers that want index speed, not
     * completeness, which they always have.
     */
    boolean awaitIndex(Duration timeout);

    /**
     * Reads back every stored vector and checks it (checksums, the store's own files) and reports what it found,
     * including damage found and worked around at open (an older checkpoint taken because the newest was
     * damaged, and what it lost).
     */
    VerifyReport verify();

    /**
     * Makes everything inserted or deleted so far durable. Waits for the store's own writes to reach stable
     * storage and, when the index covers every vector and changed since it was saved, for the index file to be
     * written; it never waits for an index build (an index still building is saved at {@link #close()}).
     */
    void checkpoint();

    /**
     * Makes everything durable (as {@link #checkpoint()}), stops the background indexing after the batch it is
     * adding (a bounded wait, never a whole build), saves the index as far as it is built (the next open
     * resumes from there) and releases the store. Idempotent.
     */
    @Override
    void close();
}
