package syna.tensor;

import java.util.Iterator;

/**
 * The batches of one epoch, read ahead on virtual threads. {@link #next()} blocks until the next
 * batch is read and rethrows a read's failure ({@link ChunkCorruptException}...) in the caller.
 * {@link #close()} stops the readers and frees the memory; idempotent. Not thread-safe; one per
 * thread (the prefetching inside is its own).
 */
public interface BatchIterator extends Iterator<Batch>, AutoCloseable {
    /** Rows of the features (and labels). */
    long rowCount();

    /** Batches this epoch yields. */
    long batchCount();

    /** Whether the order is a uniform permutation of all rows (false: stored order, or a block shuffle). */
    boolean uniformShuffle();

    /** The shape of one features row. */
    Shape featureRowShape();

    /** Stops prefetching and frees the memory; idempotent. */
    @Override
    void close();
}
