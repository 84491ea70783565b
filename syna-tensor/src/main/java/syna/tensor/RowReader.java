package syna.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Random access to the rows (dimension-0 slices) of a tensor, of tensors concatenated along
 * dimension 0, or of stacked glob matches: what a data loader with its own sampler needs (the DJL
 * dataset). Made by {@link TensorEngine#rows(String, long)}; a tensor that fits the memory budget is
 * read into off-heap memory once and rows are then copies; stacked matches are read one key per row;
 * a chunked tensor larger than the budget is read by byte range from the storage engine's maps of its file,
 * each chunk's CRC32C checked at its first row and the checked view kept (a row is then one copy; a chunk
 * the engine cannot map, a compressed one, is read and checked again for each row: use {@link
 * TensorEngine#batches} and its block shuffle for those).
 *
 * <p>Thread-safe: any number of threads may read at once. {@link #close()} frees the memory;
 * idempotent.
 */
public interface RowReader extends AutoCloseable {
    /** Element type. */
    DType dtype();

    /** Shape of one row. */
    Shape rowShape();

    /** Number of rows. */
    long rowCount();

    /** Bytes of one row. */
    default long rowBytes() {
        return rowShape().byteSize(dtype());
    }

    /** Whether the rows are held in memory (random access at memory speed). */
    boolean inMemory();

    /** Copies rows {@code rows[0..]}, in that order, packed into {@code target} (at least {@code rows.length} rows long). */
    void read(long[] rows, MemorySegment target);

    /** Frees the memory; idempotent. */
    @Override
    void close();
}
