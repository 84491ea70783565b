package syna.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Streams the bytes of one tensor into the engine, chunk by chunk, without holding the tensor in
 * memory: {@link #write} the packed little-endian row-major bytes in pieces of any size, then
 * {@link #commit()}. Until the commit nothing is visible: readers see the previous tensor of the name
 * (or none), and a crash leaves no trace (the next {@code TensorEngine.open} deletes the chunks a
 * dead writer left). {@link #close()} without a commit aborts and deletes what was written.
 *
 * <p>Not thread-safe; one per thread.
 */
public interface TensorWriter extends AutoCloseable {
    /** What is being written. */
    TensorInfo info();

    /** Bytes written so far. */
    long written();

    /**
     * Appends the bytes of {@code data} (heap, native or mapped); more than the tensor's size in total
     * throws {@link syna.api.InvalidArgumentException} and writes nothing of this piece.
     */
    void write(MemorySegment data);

    /**
     * Makes the tensor visible under its name, replacing any earlier one, atomically; every byte must
     * have been written, else {@link syna.api.InvalidArgumentException} says how many are missing.
     */
    TensorInfo commit();

    /** Aborts an uncommitted write (deleting its chunks); idempotent, and a no-op after a commit. */
    @Override
    void close();
}
