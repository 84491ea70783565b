package syna.bench.store;

/**
 * An open key-value store under test. Opened by {@link Engine#open}; {@link #close()} is
 * idempotent. Thread-safe: threads each take their own {@link #session()}.
 */
public interface KvStore extends AutoCloseable {

    /** A session for the calling thread. */
    KvSession session();

    /**
     * Brings the store to a steady state after a bulk load, untimed: forces data to disk and lets
     * the engine flush its write buffers (RocksDB memtable flush, no manual compaction).
     */
    void settle();

    /**
     * A full manual compaction that drops replaced values (Syna keeps the latest value of each key,
     * RocksDB compacts its whole key range); returns when it is done. Other threads' sessions keep
     * working meanwhile, as far as the engine lets them.
     *
     * @throws UnsupportedOperationException for an engine without one
     */
    default void compact() {
        throw new UnsupportedOperationException("no manual compaction");
    }

    /** Closes the store; idempotent. */
    @Override
    void close();
}
