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
 * Streams one tensor: a few off-heap chunk buffers, the next chunks read on virtual threads (so on
 * several cores) while the caller works on the current one. Not thread-safe; one per thread.
 */
final class Reader implements TensorReader {
    private final Engine engine;
    private final Descriptor d;
    private final Arena arena = Arena.ofShared();
    /** Chunks read ahead: on a virtual thread each, so on several cores at once. */
    private static final int READ_AHEAD = 3;
    private ExecutorService prefetcher;
    private final java.util.ArrayDeque<MemorySegment> free = new java.util.ArrayDeque<>();
    private final java.util.ArrayDeque<CompletableFuture<MemorySegment>> ahead = new java.util.ArrayDeque<>();
    private MemorySegment held;
    private int scheduled;
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
        if (held != null) { // the caller is done with the previous chunk: its buffer reads ahead now
            free.push(held);
            held = null;
        }
        if (free.isEmpty() && ahead.isEmpty()) {
            int buffers = Math.min(READ_AHEAD + 1, d.chunkCount());
            for (int i = 0; i < buffers; i++) {
                free.push(ChunkIO.allocate(arena, d.chunkBytes()));
            }
        }
        while (!free.isEmpty() && scheduled < d.chunkCount()) {
            int c = scheduled++;
            MemorySegment into = free.pop().asSlice(0, d.chunkLength(c));
            if (prefetcher == null) {
                prefetcher = Executors.newVirtualThreadPerTaskExecutor();
            }
            ahead.add(CompletableFuture.supplyAsync(() -> {
                ChunkIO.readChunk(engine.chunks, d, c, into);
                return into;
            }, prefetcher));
        }
        if (ahead.isEmpty()) {
            return null;
        }
        MemorySegment got;
        try {
            got = ahead.poll().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        next++;
        held = got;
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
        for (CompletableFuture<MemorySegment> f : ahead) {
            f.handle((r, e) -> null).join(); // the reads ahead write into our memory: let them finish
        }
        if (prefetcher != null) {
            prefetcher.close();
        }
        arena.close();
    }
}
