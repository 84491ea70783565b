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

    /** Closes the store; idempotent. */
    @Override
    void close();
}
