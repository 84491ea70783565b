package syna.tensor.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import syna.api.InvalidArgumentException;
import syna.api.KeyNotFoundException;
import syna.tensor.DType;
import syna.tensor.DTypeMismatchException;
import syna.tensor.Shape;
import syna.tensor.ShapeMismatchException;

/**
 * The rows of a features or labels spec for the batch iterator, read without assembling the
 * tensor: either the dimension-0 rows of one tensor or of tensors concatenated along it
 * ({@link Blocks}: read by row range, chunk by chunk), or tensors that are each one row
 * ({@link Keys}: stacked glob matches, as {@code putAll} wrote them; read row by row).
 * Thread-safe: reads may run on several threads, each with its own {@link Assembler.Slot} and
 * scratch.
 */
sealed interface RowSource {
    DType dtype();

    Shape rowShape();

    long rows();

    default long rowBytes() {
        return rowShape().byteSize(dtype());
    }

    /** Reads row {@code r} into {@code dst} (one row long). */
    void readRow(long r, MemorySegment dst, Assembler.Slot slot, MemorySegment scratch);

    /** Reads rows {@code [from, to)} into {@code dst} (that many rows long). */
    void readRows(long from, long to, MemorySegment dst, Assembler.Slot slot, MemorySegment scratch);

    /** Bytes of scratch a reader needs (0: none). */
    long scratchBytes();

    /** The rows of {@code spec}, a name or a glob, without reading data (besides descriptions). */
    static RowSource of(Engine e, String spec) {
        if (!Engine.isGlob(spec)) {
            Engine.checkName(spec);
            Descriptor d = e.descriptor(spec).orElseThrow(() -> e.notFound(spec));
            if (d.shape().rank() == 0) {
                throw new InvalidArgumentException("tensor '" + spec + "' is a scalar: it has no rows to batch");
            }
            return new Blocks(e, List.of(d));
        }
        List<String> names = e.names(spec);
        if (names.isEmpty()) {
            throw new KeyNotFoundException("no tensor matches '" + spec + "' in namespace " + e.descriptions.name());
        }
        Descriptor first = e.descriptor(names.getFirst()).orElseThrow(() -> e.notFound(names.getFirst()));
        Descriptor last = e.descriptor(names.getLast()).orElseThrow(() -> e.notFound(names.getLast()));
        if (first.shape().equals(last.shape()) && first.dtype() == last.dtype()) {
            return new Keys(e, spec, names, first); // stacked rows; every row is checked as it is read
        }
        List<Descriptor> ds = new ArrayList<>();
        for (String n : names) {
            ds.add(e.descriptor(n).orElseThrow(() -> e.notFound(n)));
        }
        return new Blocks(e, ds);
    }


    /** The rows of {@code b}, read into memory of {@code arena} (chunks in parallel). */
    static InMemory load(Blocks b, Arena arena) {
        MemorySegment all = FreshMemory.allocate(arena, b.rows() * b.rowBytes());
        List<Descriptor> parts = b.parts();
        for (int p = 0; p < parts.size(); p++) {
            Descriptor d = parts.get(p);
            MemorySegment into = all.asSlice(b.start(p) * b.rowBytes(), d.byteSize());
            if (d.chunked()) {
                Assembler.parallel(d.chunkCount(), () -> null, (none, c) -> ChunkIO.readChunk(
                        b.engine().chunks, d, c, into.asSlice((long) c * d.chunkBytes(), d.chunkLength(c))));
            } else {
                b.readRows(b.start(p), b.start(p) + d.shape().dim(0), into, null, null);
            }
        }
        return new Memory(b, all);
    }

    /** Rows held in memory by the batch iterator. */
    non-sealed interface InMemory extends RowSource {}

    /** One tensor, or several concatenated along dimension 0. */
    final class Blocks implements RowSource {
        /** Most checked chunk views kept: 65,536 (a 256 GiB tensor of 4 MiB chunks), a few MB of references. */
        static final int MAX_CHECKED = 1 << 16;
        private final Engine e;
        private final List<Descriptor> parts;
        private final long[] starts;
        private final Shape rowShape;
        private final DType dtype;
        private final ConcurrentHashMap<Integer, MemorySegment> inline = new ConcurrentHashMap<>();
        /**
         * Chunks whose CRC32C was checked, as views of the engine's maps of its file (part in the high
         * half of the key, chunk in the low): a row read by byte range checks its chunk once, not once a row.
         * Only mapped views are kept (they hold no memory of their own), at most {@link #MAX_CHECKED}.
         */
        private final ConcurrentHashMap<Long, MemorySegment> checked = new ConcurrentHashMap<>();
        private final Arena arena = Arena.ofShared();

        Blocks(Engine e, List<Descriptor> parts) {
            this.e = e;
            this.parts = parts;
            Descriptor a = parts.getFirst();
            this.dtype = a.dtype();
            this.rowShape = a.shape().rowShape();
            this.starts = new long[parts.size() + 1];
            for (int i = 0; i < parts.size(); i++) {
                Descriptor d = parts.get(i);
                if (d.dtype() != dtype) {
                    throw new DTypeMismatchException("tensors to batch have different dtypes: '" + a.name() + "' is "
                            + dtype.label() + ", '" + d.name() + "' is " + d.dtype().label(), dtype, d.dtype());
                }
                if (d.shape().rank() == 0 || !d.shape().rowShape().equals(rowShape)) {
                    throw new ShapeMismatchException("tensors to batch need rows of one shape: '" + a.name()
                            + "' has shape " + a.shape() + ", '" + d.name() + "' has shape " + d.shape(), a.shape(),
                            d.shape());
                }
                starts[i + 1] = starts[i] + d.shape().dim(0);
            }
        }

        @Override
        public DType dtype() {
            return dtype;
        }

        @Override
        public Shape rowShape() {
            return rowShape;
        }

        @Override
        public long rows() {
            return starts[parts.size()];
        }

        List<Descriptor> parts() {
            return parts;
        }

        Engine engine() {
            return e;
        }

        long start(int part) {
            return starts[part];
        }

        @Override
        public long scratchBytes() {
            long max = 0;
            for (Descriptor d : parts) {
                max = Math.max(max, d.chunkBytes());
            }
            return max;
        }

        private int part(long row) {
            int i = Arrays.binarySearch(starts, row);
            int p = i >= 0 ? i : -i - 2;
            while (p < parts.size() - 1 && starts[p + 1] == row) {
                p++; // skip empty parts
            }
            return p;
        }

        @Override
        public void readRow(long r, MemorySegment dst, Assembler.Slot slot, MemorySegment scratch) {
            readRows(r, r + 1, dst, slot, scratch);
        }

        @Override
        public void readRows(long from, long to, MemorySegment dst, Assembler.Slot slot, MemorySegment scratch) {
            long rb = rowBytes();
            long at = 0;
            for (long r = from; r < to; ) {
                int p = part(r);
                Descriptor d = parts.get(p);
                long local = r - starts[p];
                long n = Math.min(to - r, starts[p + 1] - r);
                MemorySegment into = dst.asSlice(at, n * rb);
                if (d.chunked()) {
                    int part = p;
                    ChunkIO.readRange(d, local * rb, into, c -> checkedChunk(part, d, c));
                } else {
                    MemorySegment.copy(inlineData(p, d), local * rb, into, 0, n * rb);
                }
                at += n * rb;
                r += n;
            }
        }

        /** Chunk {@code c} of part {@code p}, checked once while it stays a view of the engine's maps. */
        private MemorySegment checkedChunk(int p, Descriptor d, int c) {
            long id = ((long) p << 32) | c;
            MemorySegment v = checked.get(id);
            if (v == null) {
                v = ChunkIO.viewChunk(e.chunks, d, c);
                if (v.isMapped() && checked.size() < MAX_CHECKED) {
                    checked.putIfAbsent(id, v);
                }
            }
            return v;
        }

        /** Chunks whose check is kept (tests). */
        int checkedChunks() {
            return checked.size();
        }

        private MemorySegment inlineData(int p, Descriptor d) {
            return inline.computeIfAbsent(p, k -> {
                MemorySegment v;
                synchronized (arena) {
                    v = e.descriptions.getBytes(d.name(), arena);
                }
                Descriptor now = Descriptor.parse(d.name(), v);
                if (!now.equals(d)) {
                    throw new syna.tensor.ChunkCorruptException("tensor '" + d.name() + "' was replaced while being "
                            + "batched", d.name(), -1, null);
                }
                MemorySegment data = v.asSlice(d.dataOffset(), d.byteSize());
                ChunkIO.checkInline(d, data);
                return data;
            });
        }

        void close() {
            synchronized (arena) {
                if (arena.scope().isAlive()) {
                    arena.close();
                }
            }
        }
    }

    /** Glob matches of one shape, each one row. */
    final class Keys implements RowSource {
        private final Engine e;
        private final String spec;
        private final List<String> names;
        private final Descriptor like;

        Keys(Engine e, String spec, List<String> names, Descriptor like) {
            this.e = e;
            this.spec = spec;
            this.names = names;
            this.like = like;
        }

        @Override
        public DType dtype() {
            return like.dtype();
        }

        @Override
        public Shape rowShape() {
            return like.shape();
        }

        @Override
        public long rows() {
            return names.size();
        }

        @Override
        public long scratchBytes() {
            return 0;
        }

        @Override
        public void readRow(long r, MemorySegment dst, Assembler.Slot slot, MemorySegment scratch) {
            String name = names.get((int) r);
            Descriptor got = slot.read(e, name, dst, like);
            if (got == null) {
                Descriptor d = e.descriptor(name).orElseThrow(() -> e.notFound(name));
                if (d.dtype() != like.dtype()) {
                    throw new DTypeMismatchException("tensors matching '" + spec + "' have different dtypes: '"
                            + like.name() + "' is " + like.dtype().label() + ", '" + name + "' is " + d.dtype().label(),
                            like.dtype(), d.dtype());
                }
                throw new ShapeMismatchException("tensors matching '" + spec + "' are rows of different shapes: '"
                        + like.name() + "' has shape " + like.shape() + ", '" + name + "' has shape " + d.shape(),
                        like.shape(), d.shape());
            }
        }

        @Override
        public void readRows(long from, long to, MemorySegment dst, Assembler.Slot slot, MemorySegment scratch) {
            long rb = rowBytes();
            for (long r = from; r < to; r++) {
                readRow(r, dst.asSlice((r - from) * rb, rb), slot, scratch);
            }
        }
    }

    /** Rows of a source held in memory: a read is a copy. */
    record Memory(RowSource.Blocks of, MemorySegment all) implements RowSource.InMemory {
        @Override
        public syna.tensor.DType dtype() {
            return of.dtype();
        }

        @Override
        public Shape rowShape() {
            return of.rowShape();
        }

        @Override
        public long rows() {
            return of.rows();
        }

        @Override
        public long scratchBytes() {
            return 0;
        }

        @Override
        public void readRow(long r, MemorySegment dst, Assembler.Slot slot, MemorySegment scratch) {
            MemorySegment.copy(all, r * dst.byteSize(), dst, 0, dst.byteSize());
        }

        @Override
        public void readRows(long from, long to, MemorySegment dst, Assembler.Slot slot, MemorySegment scratch) {
            MemorySegment.copy(all, from * rowBytes(), dst, 0, (to - from) * rowBytes());
        }
    }
}
