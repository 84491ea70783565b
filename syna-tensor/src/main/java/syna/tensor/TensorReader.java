package syna.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Reads one stored tensor piece by piece without holding it in memory: sequentially, chunk after
 * chunk ({@link #next()}), or any byte range ({@link #read}). Every chunk is checked (CRC32C) as it
 * is read; a bad one throws {@link ChunkCorruptException} naming it.
 *
 * <p>Reads see the tensor as it was when the reader was opened; if the name is replaced or deleted
 * meanwhile, a read of a chunk that is gone throws {@link ChunkCorruptException} saying so.
 *
 * <p>Not thread-safe; one per thread. {@link #close()} frees its buffers; idempotent.
 */
public interface TensorReader extends AutoCloseable {
    /** What is being read. */
    TensorInfo info();

    /**
     * The next piece of the tensor's bytes in order (a chunk, or the whole of a small tensor),
     * read-only; {@code null} after the last. Use it until the next call or {@link #close()} (a chunk
     * is a view of the storage engine's map of its file, no copy, and in fact stays readable while
     * reachable). The next few chunks are checked ahead on virtual threads, so on another core.
     */
    MemorySegment next();

    /**
     * Copies {@code target.byteSize()} bytes of the tensor from byte {@code offset} into
     * {@code target}, reading only the chunks they lie in.
     */
    void read(long offset, MemorySegment target);

    /** Frees the buffers; idempotent. */
    @Override
    void close();
}
