package syna.tensor.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import syna.api.ClosedException;
import syna.api.InvalidArgumentException;
import syna.api.store.ChunkedBlobs;
import syna.tensor.DType;
import syna.tensor.Shape;
import syna.tensor.TensorInfo;
import syna.tensor.TensorWriter;

/**
 * Streams a large tensor into chunks of a fresh blob: a piece that covers a whole chunk is put
 * straight from the caller's segment (the log's off-heap write path); the rest gathers in one
 * off-heap chunk buffer. The blob is journalled as pending before its first chunk, so a crash
 * leaves nothing the next open does not delete; {@link #commit()} writes the description last.
 * Not thread-safe; one per thread.
 */
final class ChunkWriter implements TensorWriter {
    private final Engine engine;
    private final TensorInfo info;
    private final Descriptor layout;
    private final long generation;
    private final int[] crcs;
    private Arena arena;
    private MemorySegment buffer;
    private int fill;
    private int next;
    private long written;
    private boolean begun;
    private boolean done;

    ChunkWriter(Engine engine, String name, DType dtype, Shape shape, int chunkBytes, long generation) {
        this.engine = engine;
        long bytes = shape.byteSize(dtype);
        int count = (int) ((bytes + chunkBytes - 1) / chunkBytes);
        this.info = new TensorInfo(name, dtype, shape, count, chunkBytes);
        this.crcs = new int[count];
        this.generation = generation;
        this.layout = new Descriptor(name, dtype, shape, generation, chunkBytes, crcs, 0, 0);
    }

    @Override
    public TensorInfo info() {
        return info;
    }

    @Override
    public long written() {
        return written;
    }

    @Override
    public void write(MemorySegment data) {
        open();
        if (data == null) {
            throw new InvalidArgumentException("data written to tensor '" + info.name() + "' must not be null");
        }
        if (written + data.byteSize() > info.byteSize()) {
            throw new InvalidArgumentException("tensor '" + info.name() + "' has " + info.byteSize() + " bytes; "
                    + written + " written, " + data.byteSize() + " more do not fit");
        }
        if (!begun) {
            engine.beginChunks(info.name(), generation);
            begun = true;
        }
        long at = 0;
        long size = data.byteSize();
        while (at < size) {
            int len = layout.chunkLength(next);
            if (fill == 0 && size - at >= len) {
                putChunk(data.asSlice(at, len));
                at += len;
                continue;
            }
            if (buffer == null) {
                arena = Arena.ofConfined();
                buffer = ChunkIO.allocate(arena, info.chunkBytes());
            }
            int n = (int) Math.min(len - fill, size - at);
            MemorySegment.copy(data, at, buffer, fill, n);
            fill += n;
            at += n;
            if (fill == len) {
                putChunk(buffer.asSlice(0, len));
                fill = 0;
            }
        }
        written += size;
    }

    private void putChunk(MemorySegment chunk) {
        crcs[next] = Descriptor.crc(chunk, 0, chunk.byteSize());
        engine.chunks.putBytes(ChunkedBlobs.chunkKey(layout.chunkPrefix(), next), chunk);
        next++;
    }

    @Override
    public TensorInfo commit() {
        open();
        if (written != info.byteSize()) {
            throw new InvalidArgumentException("tensor '" + info.name() + "' is incomplete: " + written + " of "
                    + info.byteSize() + " bytes written");
        }
        byte[] value = Descriptor.encodeChunked(info.dtype(), info.shape(), generation, info.chunkBytes(), crcs);
        done = true;
        freeBuffer();
        engine.commit(info.name(), value, null, generation, info);
        return info;
    }

    private void open() {
        if (done) {
            throw new ClosedException("writer of tensor '" + info.name() + "' is closed");
        }
    }

    private void freeBuffer() {
        if (arena != null) {
            arena.close();
            arena = null;
            buffer = null;
        }
    }

    @Override
    public void close() {
        if (done) {
            return;
        }
        done = true;
        freeBuffer();
        if (begun) {
            engine.abortChunks(generation);
        }
    }
}
