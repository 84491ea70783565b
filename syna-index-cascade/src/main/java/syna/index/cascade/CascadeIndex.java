package syna.index.cascade;

import java.time.Duration;
import syna.api.spi.VectorIndex;

/**
 * A Cascade index as the {@code cascade} provider makes it: a {@link VectorIndex} with its counters and explicit
 * consolidation of deleted nodes. Reach it by casting what the provider returns. Concurrent reads, one writer;
 * thread-safe.
 */
public interface CascadeIndex extends VectorIndex {
    /**
     * Removes every tombstone from the graph and the buckets now, on the calling thread (it also runs on its own
     * in the background once tombstones exceed {@link CascadeOptions#consolidateFraction()} of the live nodes).
     * Searches go on meanwhile; inserts wait between batches of nodes.
     */
    void consolidate();

    /** Waits until a background consolidation in flight has finished, at most {@code timeout}. */
    boolean awaitConsolidated(Duration timeout) throws InterruptedException;

    /** The counters now. */
    CascadeStats stats();

    /** The options the index runs with. */
    CascadeOptions options();
}
