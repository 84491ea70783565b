package syna.tensor.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import syna.api.InvalidArgumentException;
import syna.api.KeyNotFoundException;
import syna.api.SynaException;
import syna.tensor.DType;
import syna.tensor.DTypeMismatchException;
import syna.tensor.Shape;
import syna.tensor.ShapeMismatchException;
import syna.tensor.Tensor;

/**
 * {@code get(name)} and {@code get(glob[, shape])}: reads stored tensors into one off-heap segment,
 * chunks straight into their place, several reads at a time on virtual threads. Thread-safe
 * (stateless).
 */
final class Assembler {
    /** Matches claimed by a worker at a time. */
    private static final int CLAIM = 64;

    private Assembler() {}

    /** A read's failure to find what the first match promised: the slow path takes over. */
    private static final class Mismatch extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Mismatch() {
            super(null, null, false, false);
        }
    }

    static Tensor get(Engine e, String nameOrGlob, Shape shape) {
        if (nameOrGlob == null || nameOrGlob.isEmpty()) {
            throw new InvalidArgumentException("tensor name or glob must be non-empty, got " + nameOrGlob);
        }
        if (!Engine.isGlob(nameOrGlob)) {
            Engine.checkName(nameOrGlob);
            return one(e, nameOrGlob, shape);
        }
        List<String> names = e.names(nameOrGlob);
        if (names.isEmpty()) {
            throw new KeyNotFoundException("no tensor matches '" + nameOrGlob + "' in namespace " + e.descriptions.name()
                    + " of " + e.database().path());
        }
        String what = "the " + names.size() + " tensors matching '" + nameOrGlob + "'";
        Descriptor first = e.descriptor(names.getFirst()).orElseThrow(() -> e.notFound(names.getFirst()));
        long rowBytes = first.byteSize();
        long total;
        try {
            total = Math.multiplyExact(rowBytes, (long) names.size());
        } catch (ArithmeticException ex) {
            throw new InvalidArgumentException(what + " hold more than " + Long.MAX_VALUE + " bytes", ex);
        }
        Shape stacked = first.shape().prepend(names.size());
        if (shape != null && shape.elements() != stacked.elements()) {
            return readMixed(e, nameOrGlob, names, shape, what); // maybe not all like the first: count them all
        }
        Shape out = shape == null ? stacked : shape;
        try {
            return readUniform(e, names, first, out, total);
        } catch (Mismatch m) {
            return readMixed(e, nameOrGlob, names, shape, what);
        }
    }

    /** One tensor: its value read once into the result's arena; an inline tensor is a slice of it, no copy. */
    private static Tensor one(Engine e, String name, Shape shape) {
        if (!e.descriptions.exists(name)) {
            throw e.notFound(name);
        }
        Arena arena = Arena.ofShared();
        try {
            MemorySegment v;
            try {
                v = e.descriptions.getBytes(name, arena);
            } catch (KeyNotFoundException ex) {
                throw e.notFound(name);
            }
            Descriptor d = Descriptor.parse(name, v);
            Shape out = shape == null ? d.shape() : fit(shape, d.shape(), d.dtype(), "tensor '" + name + "'");
            if (!d.chunked()) {
                MemorySegment data = v.asSlice(d.dataOffset(), d.byteSize());
                ChunkIO.checkInline(d, data);
                return Tensor.owning(d.dtype(), out, data, arena);
            }
            MemorySegment target = FreshMemory.allocate(arena, d.byteSize());
            parallel(d.chunkCount(), () -> null, (none, c) -> ChunkIO.readChunk(e.chunks, d, c,
                    target.asSlice((long) c * d.chunkBytes(), d.chunkLength(c))));
            return Tensor.owning(d.dtype(), out, target, arena);
        } catch (RuntimeException ex) {
            arena.close();
            throw ex;
        }
    }

    /** {@code shape} if it has the elements of {@code have}, else {@link ShapeMismatchException}. */
    private static Shape fit(Shape shape, Shape have, DType dtype, String what) {
        if (shape.elements() != have.elements()) {
            throw new ShapeMismatchException(what + " (" + dtype.label() + " " + have + ", " + have.elements()
                    + " elements) cannot be read as shape " + shape + " (" + shape.elements() + " elements)", shape, have);
        }
        return shape;
    }

    /** Every match like {@code first}: one pass, each read straight into its slot. */
    private static Tensor readUniform(Engine e, List<String> names, Descriptor first, Shape out, long total) {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment target = FreshMemory.allocate(arena, total);
            long rowBytes = first.byteSize();
            int valueBytes = first.chunked() ? 0 : first.dataOffset() + (int) rowBytes;
            parallel(names.size(), () -> new Slot(valueBytes), (slot, i) -> {
                Descriptor d = slot.read(e, names.get(i), target.asSlice(i * rowBytes, rowBytes), first);
                if (d == null) {
                    throw new Mismatch();
                }
            });
            return Tensor.owning(first.dtype(), out, target, arena);
        } catch (RuntimeException ex) {
            arena.close();
            throw ex;
        }
    }

    /** Matches of different shapes: concatenated along dimension 0, or flat into {@code shape}. */
    private static Tensor readMixed(Engine e, String glob, List<String> names, Shape shape, String what) {
        List<Descriptor> ds = new ArrayList<>(names.size());
        for (String n : names) {
            ds.add(e.descriptor(n).orElseThrow(() -> new KeyNotFoundException("tensor '" + n + "' matching '" + glob
                    + "' was deleted while being read")));
        }
        Descriptor a = ds.getFirst();
        long total = 0;
        long rows = 0;
        Descriptor odd = null;
        boolean same = true;
        for (Descriptor d : ds) {
            same &= d.shape().equals(a.shape());
            if (d.dtype() != a.dtype()) {
                throw new DTypeMismatchException(what + " have different dtypes: '" + a.name() + "' is "
                        + a.dtype().label() + ", '" + d.name() + "' is " + d.dtype().label(), a.dtype(), d.dtype());
            }
            total = Math.addExact(total, d.byteSize());
            if (odd == null && !concatenable(a.shape(), d.shape())) {
                odd = d;
            }
            rows += d.shape().rank() == 0 ? 0 : d.shape().dim(0);
        }
        Shape out;
        if (same) {
            Shape stacked = a.shape().prepend(ds.size());
            out = shape == null ? stacked : fit(shape, stacked, a.dtype(), what);
        } else if (odd == null) {
            Shape concat = a.shape().withRows(rows);
            out = shape == null ? concat : fit(shape, concat, a.dtype(), what);
        } else if (shape != null) {
            out = fit(shape, Shape.of(total / a.dtype().byteSize()), a.dtype(), what);
        } else {
            throw new ShapeMismatchException(what + " cannot be stacked or concatenated: '" + a.name() + "' has shape "
                    + a.shape() + ", '" + odd.name() + "' has shape " + odd.shape()
                    + "; pass a shape to read their elements in order", a.shape(), odd.shape());
        }
        return read(e, ds, out, total);
    }

    private static boolean concatenable(Shape a, Shape b) {
        if (a.rank() == 0 || a.rank() != b.rank()) {
            return false;
        }
        for (int i = 1; i < a.rank(); i++) {
            if (a.dim(i) != b.dim(i)) {
                return false;
            }
        }
        return true;
    }

    /** Reads {@code ds} one after another into one segment of {@code total} bytes. */
    private static Tensor read(Engine e, List<Descriptor> ds, Shape out, long total) {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment target = FreshMemory.allocate(arena, total);
            long[] offsets = new long[ds.size()];
            for (int i = 1; i < offsets.length; i++) {
                offsets[i] = offsets[i - 1] + ds.get(i - 1).byteSize();
            }
            {
                parallel(ds.size(), () -> new Slot(0), (slot, i) -> {
                    Descriptor d = ds.get(i);
                    if (slot.read(e, d.name(), target.asSlice(offsets[i], d.byteSize()), d) == null) {
                        throw new SynaException(syna.api.ErrorCode.GENERIC, "tensor '" + d.name()
                                + "' was replaced while being read");
                    }
                });
            }
            return Tensor.owning(ds.getFirst().dtype(), out, target, arena);
        } catch (RuntimeException ex) {
            arena.close();
            throw ex;
        }
    }

    /** A worker's scratch memory for reading one stored value at a time. Not thread-safe; one per worker. */
    static final class Slot {
        private final Arena arena = Arena.ofShared(); // pooled slots move between threads
        private MemorySegment scratch;

        Slot(int bytes) {
            scratch = bytes > 0 ? ChunkIO.allocate(arena, bytes) : null;
        }

        /**
         * Reads tensor {@code name} into {@code into} if it has the dtype and shape of {@code like};
         * returns its description, or null when it differs.
         */
        Descriptor read(Engine e, String name, MemorySegment into, Descriptor like) {
            long want = like.chunked() ? 0 : like.dataOffset() + like.byteSize();
            if (!like.chunked() && (scratch == null || scratch.byteSize() < want)) {
                scratch = ChunkIO.allocate(arena, want);
            }
            MemorySegment v;
            TargetArena ta = new TargetArena(like.chunked() ? MemorySegment.NULL : scratch.asSlice(0, want));
            try {
                v = e.descriptions.getBytes(name, ta);
            } catch (KeyNotFoundException ex) {
                throw new KeyNotFoundException("tensor '" + name + "' was deleted while being read", ex);
            }
            Descriptor d = Descriptor.parse(name, v);
            if (d.dtype() != like.dtype() || !d.shape().equals(like.shape())) {
                return null;
            }
            if (d.chunked()) {
                for (int c = 0; c < d.chunkCount(); c++) {
                    ChunkIO.readChunk(e.chunks, d, c, into.asSlice((long) c * d.chunkBytes(), d.chunkLength(c)));
                }
            } else {
                MemorySegment data = v.asSlice(d.dataOffset(), d.byteSize());
                ChunkIO.checkInline(d, data);
                MemorySegment.copy(data, 0, into, 0, d.byteSize());
            }
            return d;
        }

        void close() {
            arena.close();
        }
    }

    /** A task over index {@code i} with per-worker state {@code S}. */
    interface Task<S> {
        void run(S state, int i);
    }

    /**
     * Runs {@code task} for {@code 0..n-1} on up to as many virtual threads as there are processors,
     * each claiming indices in runs; the first failure is rethrown and stops the others.
     */
    static <S> void parallel(int n, java.util.function.Supplier<S> state, Task<S> task) {
        int workers = (int) Math.min(Math.max(1, Runtime.getRuntime().availableProcessors()), (n + CLAIM - 1L) / CLAIM);
        if (workers <= 1) {
            S s = state.get();
            try {
                for (int i = 0; i < n; i++) {
                    task.run(s, i);
                }
            } finally {
                closeState(s);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                fs.add(ex.submit(() -> {
                    S s = state.get();
                    try {
                        for (int from; failed.get() == 0 && (from = next.getAndAdd(CLAIM)) < n; ) {
                            for (int i = from, to = Math.min(n, from + CLAIM); i < to; i++) {
                                task.run(s, i);
                            }
                        }
                    } catch (RuntimeException t) {
                        failed.incrementAndGet();
                        throw t;
                    } finally {
                        closeState(s);
                    }
                    return null;
                }));
            }
            RuntimeException first = null;
            for (Future<?> f : fs) {
                try {
                    f.get();
                } catch (ExecutionException t) {
                    RuntimeException r = t.getCause() instanceof RuntimeException re ? re
                            : new SynaException(syna.api.ErrorCode.INTERNAL, "tensor read failed", t.getCause());
                    if (first == null || first instanceof Mismatch) {
                        first = r;
                    }
                } catch (InterruptedException t) {
                    Thread.currentThread().interrupt();
                    throw new SynaException(syna.api.ErrorCode.GENERIC, "interrupted while reading tensors", t);
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    private static void closeState(Object s) {
        if (s instanceof Slot slot) {
            slot.close();
        }
    }
}
