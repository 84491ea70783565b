package syna.tensor.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import syna.api.ClosedException;
import syna.api.InvalidArgumentException;
import syna.tensor.TensorInfo;
import syna.tensor.TensorReader;

/**
 * Streams one tensor: each chunk is a read-only view of the storage engine's map of its file (no
 * copy), checked against its CRC32C ahead of the caller by one virtual thread, so the check runs on
 * another core while the caller works on the current chunk. A caller whose next chunk is not checked
 * yet checks the next unclaimed one itself rather than wait, so on two cores the stream takes about
 * half the time of the checks and the caller's work together (a thread per chunk, tried first, let
 * several checkers and the caller take turns on the cores and ran at the speed of both in a row).
 * Not thread-safe; one per thread.
 */
final class Reader implements TensorReader {
    private final Engine engine;
    private final Descriptor d;
    private final Arena arena = Arena.ofShared();
    /** Chunks checked ahead of the caller, at most. */
    private static final int READ_AHEAD = 4;
    /** How long a waiting thread parks before it looks again (it is also woken). */
    private static final long PARK_NANOS = 50_000;
    /** Chunk {@code c}'s checked view (or the {@link RuntimeException} it failed with) at {@code c % READ_AHEAD}. */
    private final AtomicReferenceArray<Object> ring = new AtomicReferenceArray<>(READ_AHEAD);
    /** The next chunk no thread has begun to check. */
    private final AtomicInteger claim = new AtomicInteger();
    /** Chunks the caller has taken: {@link #claim} stays below {@code taken + READ_AHEAD}. */
    private volatile int taken;
    private volatile Thread caller;
    private Thread checker;
    private volatile boolean closed;
    private MemorySegment inline;

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
            if (taken > 0) {
                return null;
            }
            taken = 1;
            return inlineData().asReadOnly();
        }
        int c = taken;
        if (c >= d.chunkCount()) {
            return null;
        }
        if (checker == null) {
            checker = Thread.ofVirtual().name("syna-tensor-reader-" + d.name()).start(this::checkAhead);
        }
        Object got;
        while ((got = ring.get(c % READ_AHEAD)) == null) {
            if (!checkOne()) { // nothing left to claim: the checker has chunk c in hand
                caller = Thread.currentThread();
                if (ring.get(c % READ_AHEAD) == null) {
                    LockSupport.parkNanos(this, PARK_NANOS);
                }
            }
        }
        ring.set(c % READ_AHEAD, null);
        if (got instanceof RuntimeException e) {
            taken = d.chunkCount(); // the stream ends with its error
            claim.set(d.chunkCount());
            LockSupport.unpark(checker);
            throw e;
        }
        taken = c + 1;
        LockSupport.unpark(checker);
        return (MemorySegment) got;
    }

    /** Claims and checks the next chunk if one is free within the read-ahead; false when none is. */
    private boolean checkOne() {
        int k = claim.get();
        if (k >= d.chunkCount() || k >= taken + READ_AHEAD || !claim.compareAndSet(k, k + 1)) {
            return false;
        }
        Object r;
        try {
            r = ChunkIO.viewChunk(engine.chunks, d, k);
        } catch (RuntimeException e) {
            r = e;
        }
        ring.set(k % READ_AHEAD, r);
        LockSupport.unpark(caller);
        return true;
    }

    /**
     * The checker: claims chunks in order while the read-ahead has room, parks while it has none;
     * ends when every chunk is claimed or the reader closes. Never interrupted: an interrupt in a
     * read would close the engine's file channel.
     */
    private void checkAhead() {
        while (!closed && claim.get() < d.chunkCount()) {
            if (!checkOne()) {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
        }
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
        if (checker != null) {
            LockSupport.unpark(checker);
            boolean interrupted = false;
            while (checker.isAlive()) {
                try {
                    checker.join(); // its check in hand finishes first
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        arena.close();
    }
}
