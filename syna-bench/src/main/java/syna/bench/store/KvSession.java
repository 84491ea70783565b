package syna.bench.store;

/**
 * One thread's handle on a {@link KvStore}: per-thread buffers and transactions live here.
 * Not thread-safe; one per thread.
 */
public interface KvSession extends AutoCloseable {

    /** Writes {@code value} as the latest value of {@code key}, with the store's durability. */
    void put(BenchKey key, byte[] value);

    /** The latest value of {@code key} as an owned array, or an empty array when absent. */
    byte[] get(BenchKey key);

    /** Releases per-thread resources; idempotent. */
    @Override
    void close();
}
