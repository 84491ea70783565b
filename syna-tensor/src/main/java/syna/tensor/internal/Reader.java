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
 * Streams one tensor: each chunk is a read-only view of the storage engine's map of its file (no
 * copy), checked against its CRC32C on a virtual thread a few chunks ahead of the caller, so the
 * check runs on another core while the caller works on the current chunk. Not thread-safe; one per
 * thread.
 */
final class Reader implements TensorReader {
    private final Engine engine;
    private final Descriptor d;
    private final Arena arena = Arena.ofShared();
    /** Chunks checked ahead of the caller: on a virtual thread each, so on several cores at once. */
    private static final int READ_AHEAD = 4;
    private ExecutorService prefetcher;
    private final java.util.ArrayDeque<CompletableFuture<MemorySegment>> ahead = new java.util.ArrayDeque<>();
    private int scheduled;
    private MemorySegment inline;
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
        while (ahead.size() < READ_AHEAD && scheduled < d.chunkCount()) {
            int c = scheduled++;
            if (prefetcher == null) {
                prefetcher = Executors.newVirtualThreadPerTaskExecutor();
            }
            ahead.add(CompletableFuture.supplyAsync(() -> ChunkIO.viewChunk(engine.chunks, d, c), prefetcher));
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
        return got;
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
        ChunkIO.readRange(engine.chunks, d, offset, target);
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
            f.handle((r, e) -> null).join(); // let the checks ahead finish before the executor closes
        }
        if (prefetcher != null) {
            prefetcher.close();
        }
        arena.close();
    }
}
