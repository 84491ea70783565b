package syna.tensor.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentLinkedQueue;
import syna.api.ClosedException;
import syna.api.InvalidArgumentException;
import syna.tensor.DType;
import syna.tensor.RowReader;
import syna.tensor.Shape;

/**
 * {@link RowReader} over a {@link RowSource}: loaded into memory when it fits the budget, else read
 * per row with scratch memory taken from a pool (one per concurrent reader). Thread-safe.
 */
final class Rows implements RowReader {
    private final RowSource source;
    private final RowSource.Blocks blocks;
    private final Arena arena;
    private final ConcurrentLinkedQueue<Scratch> scratch = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Scratch> all = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    /** One reader's scratch. */
    private record Scratch(Arena arena, Assembler.Slot slot, MemorySegment seg) {}

    private Rows(RowSource source, RowSource.Blocks blocks, Arena arena) {
        this.source = source;
        this.blocks = blocks;
        this.arena = arena;
    }

    static Rows open(Engine e, String spec, long memoryBytes) {
        RowSource s = RowSource.of(e, spec);
        if (s instanceof RowSource.Blocks b && b.rows() * b.rowBytes() <= memoryBytes) {
            Arena arena = Arena.ofShared();
            try {
                return new Rows(RowSource.load(b, arena), b, arena);
            } catch (RuntimeException ex) {
                arena.close();
                b.close();
                throw ex;
            }
        }
        return new Rows(s, s instanceof RowSource.Blocks b ? b : null, Arena.ofShared());
    }

    /** Chunks whose check the byte-range reader keeps (tests). */
    int checkedChunks() {
        return blocks == null ? 0 : blocks.checkedChunks();
    }

    @Override
    public DType dtype() {
        return source.dtype();
    }

    @Override
    public Shape rowShape() {
        return source.rowShape();
    }

    @Override
    public long rowCount() {
        return source.rows();
    }

    @Override
    public boolean inMemory() {
        return source instanceof RowSource.InMemory;
    }

    @Override
    public void read(long[] rows, MemorySegment target) {
        if (closed) {
            throw new ClosedException("row reader is closed");
        }
        if (rows == null || target == null) {
            throw new InvalidArgumentException("rows and target must not be null");
        }
        long rb = rowBytes();
        if (target.byteSize() < rows.length * rb) {
            throw new InvalidArgumentException("target of " + target.byteSize() + " bytes cannot hold " + rows.length
                    + " rows of " + rb + " bytes");
        }
        long n = rowCount();
        Scratch s = inMemory() ? null : take();
        try {
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] < 0 || rows[i] >= n) {
                    throw new InvalidArgumentException("row " + rows[i] + " out of [0, " + n + ")");
                }
                source.readRow(rows[i], target.asSlice(i * rb, rb), s == null ? null : s.slot, s == null ? null : s.seg);
            }
        } finally {
            if (s != null) {
                scratch.offer(s);
            }
        }
    }

    private Scratch take() {
        Scratch s = scratch.poll();
        if (s == null) {
            Arena a = Arena.ofShared();
            s = new Scratch(a, new Assembler.Slot(0), ChunkIO.allocate(a, source.scratchBytes()));
            all.add(s);
        }
        return s;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Scratch s : all) {
            s.slot.close();
            s.arena.close();
        }
        if (blocks != null) {
            blocks.close();
        }
        arena.close();
    }
}
