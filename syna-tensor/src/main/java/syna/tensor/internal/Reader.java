package syna.tensor.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import syna.api.ClosedException;
import syna.api.InvalidArgumentException;
import syna.tensor.TensorInfo;
import syna.tensor.TensorReader;

/**
 * Streams one tensor: two off-heap chunk buffers, the next chunk read on a virtual thread while the
 * caller works on the current one. Not thread-safe; one per thread.
 */
final class Reader implements TensorReader {
    private final Engine engine;
    private final Descriptor d;
    private final Arena arena = Arena.ofShared();
    private ExecutorService prefetcher;
    private MemorySegment current;
    private MemorySegment spare;
    private CompletableFuture<MemorySegment> ahead;
    private MemorySegment inline;
    private MemorySegment scratch;
    private int next;
    private boolean closed;

    Reader(Engine engine, Descriptor d) {
        this.engine = engine;
        this.d = d;
    }

    @Override
    public TensorInfo info() {
        return d.info();
    }

    private MemorySegment inlineData() {
        if (inline == null) {
            MemorySegment v;
            try {
                v = engine.descriptions.getBytes(d.name(), arena);
            } catch (syna.api.KeyNotFoundException e) {
                throw new syna.tensor.ChunkCorruptException("tensor '" + d.name() + "' was deleted while being read",
                        d.name(), -1, e);
            }
            Descriptor now = Descriptor.parse(d.name(), v);
            if (!now.equals(d)) {
                throw new syna.tensor.ChunkCorruptException("tensor '" + d.name() + "' was replaced while being read",
                        d.name(), -1, null);
            }
            inline = v.asSlice(d.dataOffset(), d.byteSize());
            ChunkIO.checkInline(d, inline);
        }
        return inline;
    }

    @Override
    public MemorySegment next() {
        check();
        if (!d.chunked()) {
            return next++ == 0 ? inlineData().asReadOnly() : null;
        }
        if (next >= d.chunkCount()) {
            return null;
        }
        if (current == null) {
            current = ChunkIO.allocate(arena, d.chunkBytes());
            spare = ChunkIO.allocate(arena, d.chunkBytes());
        }
        MemorySegment got;
        if (ahead != null) {
            try {
                got = ahead.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            } finally {
                ahead = null;
            }
            MemorySegment t = current;
            current = spare;
            spare = t;
        } else {
            got = current.asSlice(0, d.chunkLength(next));
            ChunkIO.readChunk(engine.chunks, d, next, got);
        }
        next++;
        if (next < d.chunkCount()) {
            int c = next;
            MemorySegment into = spare.asSlice(0, d.chunkLength(c));
            if (prefetcher == null) {
                prefetcher = Executors.newVirtualThreadPerTaskExecutor();
            }
            ahead = CompletableFuture.supplyAsync(() -> {
                ChunkIO.readChunk(engine.chunks, d, c, into);
                return into;
            }, prefetcher);
        }
        return got.asReadOnly();
    }

    @Override
    public void read(long offset, MemorySegment target) {
        check();
        if (target == null) {
            throw new InvalidArgumentException("target of a read of tensor '" + d.name() + "' must not be null");
        }
        if (offset < 0 || offset + target.byteSize() > d.byteSize()) {
            throw new InvalidArgumentException("bytes [" + offset + ", " + (offset + target.byteSize())
                    + ") are outside the " + d.byteSize() + " bytes of tensor '" + d.name() + "'");
        }
        if (!d.chunked()) {
            MemorySegment.copy(inlineData(), offset, target, 0, target.byteSize());
            return;
        }
        if (scratch == null) {
            scratch = ChunkIO.allocate(arena, d.chunkBytes());
        }
        ChunkIO.readRange(engine.chunks, d, offset, target, scratch);
    }

    private void check() {
        if (closed) {
            throw new ClosedException("reader of tensor '" + d.name() + "' is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ahead != null) {
            ahead.handle((r, e) -> null).join(); // the read ahead writes into our memory: let it finish
        }
        if (prefetcher != null) {
            prefetcher.close();
        }
        arena.close();
    }
}
