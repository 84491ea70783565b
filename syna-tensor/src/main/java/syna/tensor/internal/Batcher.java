package syna.tensor.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import syna.api.ClosedException;
import syna.api.InvalidArgumentException;
import syna.api.SynaException;
import syna.tensor.Batch;
import syna.tensor.BatchIterator;
import syna.tensor.BatchOptions;
import syna.tensor.LastBatch;
import syna.tensor.Shape;
import syna.tensor.ShapeMismatchException;
import syna.tensor.Tensor;

/**
 * The batch iterator. Two plans:
 * <ul>
 *   <li><b>rows</b>: every source is readable row by row at low cost (stacked glob matches, or a
 *       tensor that fits {@code shuffleBufferBytes} and is loaded into memory first). The order is
 *       a seeded Fisher-Yates permutation of all rows (uniform); {@code prefetch} virtual threads
 *       each build whole batches, a semaphore keeping at most {@code prefetch} ahead.</li>
 *   <li><b>windows</b>: the features are a chunked tensor larger than the budget. Its chunks'
 *       row ranges are visited in a seeded random order, grouped into windows of half the budget;
 *       a window is read (the next one ahead, on a virtual thread) and its rows come out in a
 *       random order: a block shuffle.</li>
 * </ul>
 * Batch memory is pooled: a closed batch's buffers serve a later batch. Not thread-safe; one per
 * thread.
 */
final class Batcher implements BatchIterator {
    private final BatchOptions o;
    private final RowSource features;
    private final Optional<RowSource> labels;
    private final long n;
    private final long batches;
    private final boolean uniform;
    private final Arena arena = Arena.ofShared();
    private final List<RowSource.Blocks> toClose = new ArrayList<>();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore permits;
    private final ConcurrentHashMap<Long, CompletableFuture<Batch>> ready = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<MemorySegment[]> pool = new ConcurrentLinkedQueue<>();
    private final AtomicLong claim = new AtomicLong();
    private volatile boolean closed;
    private long cursor;

    // rows plan
    private int[] order;
    // windows plan
    private List<long[][]> windows;

    private Batcher(BatchOptions o, RowSource features, Optional<RowSource> labels) {
        this.o = o;
        this.features = features;
        this.labels = labels;
        this.n = features.rows();
        this.permits = new Semaphore(o.prefetch(), true);
        long full = n / o.batchSize();
        this.batches = o.lastBatch() == LastBatch.DROP || n % o.batchSize() == 0 ? full : full + 1;
        labels.ifPresent(l -> {
            if (l.rows() != n) {
                throw new ShapeMismatchException("features '" + o.features() + "' have " + n + " rows, labels '"
                        + o.labels().orElseThrow() + "' have " + l.rows(), Shape.of(n), Shape.of(l.rows()));
            }
        });
        boolean big = features instanceof RowSource.Blocks && !fits(features, labels);
        this.uniform = o.shuffle() && !big;
    }

    static Batcher open(Engine e, BatchOptions o) {
        RowSource f = RowSource.of(e, o.features());
        Optional<RowSource> l = o.labels().map(s -> RowSource.of(e, s));
        Batcher b = new Batcher(o, f, l);
        try {
            b.start(e);
            return b;
        } catch (RuntimeException ex) {
            b.close();
            throw ex;
        }
    }

    private boolean fits(RowSource f, Optional<RowSource> l) {
        long bytes = f.rows() * f.rowBytes() + l.map(x -> x.rows() * x.rowBytes()).orElse(0L);
        return bytes <= o.shuffleBufferBytes();
    }

    private SplittableRandom random() {
        return new SplittableRandom(o.seed() * 0x9E3779B97F4A7C15L + o.epoch());
    }

    private void start(Engine e) {
        boolean windowsPlan = features instanceof RowSource.Blocks && !fits(features, labels);
        if (!windowsPlan) {
            RowSource f = resident(features);
            Optional<RowSource> l = labels.map(this::resident);
            if (n > Integer.MAX_VALUE - 8) {
                throw new InvalidArgumentException(n + " rows are more than a batch order of " + (Integer.MAX_VALUE - 8)
                        + " holds");
            }
            order = new int[(int) n];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            if (o.shuffle()) {
                SplittableRandom r = random();
                for (int i = order.length - 1; i > 0; i--) {
                    int j = r.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
            }
            for (int w = 0; w < Math.min(o.prefetch(), Math.max(1, batches)); w++) {
                threads.submit(() -> produceRows(f, l));
            }
        } else {
            windows = plan((RowSource.Blocks) features);
            threads.submit(this::produceWindows);
        }
    }

    /** {@code s} loaded into memory when it is a tensor source (the plan said it fits); keys stay as they are. */
    private RowSource resident(RowSource s) {
        if (!(s instanceof RowSource.Blocks b)) {
            return s;
        }
        toClose.add(b);
        return RowSource.load(b, arena);
    }

    /** Row ranges of the features' chunks, in a seeded random order, grouped into windows of half the budget. */
    private List<long[][]> plan(RowSource.Blocks b) {
        List<long[]> units = new ArrayList<>();
        long rb = b.rowBytes() + labels.map(RowSource::rowBytes).orElse(0L);
        for (int p = 0; p < b.parts().size(); p++) {
            Descriptor d = b.parts().get(p);
            long rows = d.shape().dim(0);
            long per = d.chunked() ? Math.max(1, d.chunkBytes() / Math.max(1, b.rowBytes())) : Math.max(1, rows);
            for (long r = 0; r < rows; r += per) {
                units.add(new long[] {b.start(p) + r, b.start(p) + Math.min(rows, r + per)});
            }
        }
        if (o.shuffle()) {
            SplittableRandom r = random();
            for (int i = units.size() - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                long[] t = units.get(i);
                units.set(i, units.get(j));
                units.set(j, t);
            }
        }
        long windowRows = Math.max(1, o.shuffleBufferBytes() / 2 / Math.max(1, rb));
        List<long[][]> out = new ArrayList<>();
        List<long[]> cur = new ArrayList<>();
        long curRows = 0;
        for (long[] u : units) {
            if (!cur.isEmpty() && curRows + (u[1] - u[0]) > windowRows) {
                out.add(cur.toArray(long[][]::new));
                cur = new ArrayList<>();
                curRows = 0;
            }
            cur.add(u);
            curRows += u[1] - u[0];
        }
        if (!cur.isEmpty()) {
            out.add(cur.toArray(long[][]::new));
        }
        return out;
    }

    // ---- producing ---------------------------------------------------------------------------------

    private MemorySegment[] buffers() {
        MemorySegment[] b = pool.poll();
        if (b != null) {
            return b;
        }
        Arena auto = Arena.ofAuto();
        MemorySegment f = ChunkIO.allocate(auto, o.batchSize() * features.rowBytes());
        MemorySegment l = labels.map(x -> ChunkIO.allocate(auto, o.batchSize() * x.rowBytes())).orElse(null);
        return new MemorySegment[] {f, l};
    }

    private CompletableFuture<Batch> slot(long b) {
        return ready.computeIfAbsent(b, k -> new CompletableFuture<>());
    }

    private Batch batch(long b, int rows, MemorySegment[] buf) {
        int shapeRows = o.lastBatch() == LastBatch.PAD ? o.batchSize() : rows;
        if (rows < shapeRows) {
            buf[0].asSlice(rows * features.rowBytes()).fill((byte) 0);
            if (buf[1] != null) {
                buf[1].asSlice(rows * labels.orElseThrow().rowBytes()).fill((byte) 0);
            }
        }
        Tensor f = Tensor.wrap(features.dtype(), features.rowShape().prepend(shapeRows), buf[0]);
        Optional<Tensor> l = labels.map(x -> Tensor.wrap(x.dtype(), x.rowShape().prepend(shapeRows), buf[1]));
        return new Batch(b, rows, f, l, () -> {
            if (!closed) {
                pool.offer(buf);
            }
        });
    }

    private void produceRows(RowSource f, Optional<RowSource> l) {
        Assembler.Slot slot = new Assembler.Slot(0);
        Arena scratchArena = Arena.ofConfined();
        try {
            MemorySegment fs = ChunkIO.allocate(scratchArena, f.scratchBytes());
            MemorySegment ls = ChunkIO.allocate(scratchArena, l.map(RowSource::scratchBytes).orElse(0L));
            while (!closed) {
                permits.acquire();
                long b = claim.getAndIncrement();
                if (b >= batches || closed) {
                    permits.release();
                    return;
                }
                try {
                    long from = b * o.batchSize();
                    int rows = (int) Math.min(o.batchSize(), n - from);
                    MemorySegment[] buf = buffers();
                    long frb = f.rowBytes();
                    for (int i = 0; i < rows; i++) {
                        int row = order[(int) (from + i)];
                        f.readRow(row, buf[0].asSlice(i * frb, frb), slot, fs);
                        if (l.isPresent()) {
                            long lrb = l.get().rowBytes();
                            l.get().readRow(row, buf[1].asSlice(i * lrb, lrb), slot, ls);
                        }
                    }
                    slot(b).complete(batch(b, rows, buf));
                } catch (RuntimeException ex) {
                    slot(b).completeExceptionally(ex);
                    return;
                }
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } finally {
            slot.close();
            scratchArena.close();
        }
    }

    /** A loaded window: its rows (features, labels) and the order they come out in. */
    private record Window(MemorySegment f, MemorySegment l, int[] order, Arena arena) {}

    private Window load(long[][] units, SplittableRandom r) {
        long count = 0;
        for (long[] u : units) {
            count += u[1] - u[0];
        }
        long rows = count;
        Arena a = Arena.ofShared();
        try {
            MemorySegment f = FreshMemory.allocate(a, rows * features.rowBytes());
            MemorySegment l = labels.map(x -> FreshMemory.allocate(a, rows * x.rowBytes())).orElse(null);
            long[] at = new long[units.length];
            for (int i = 1; i < units.length; i++) {
                at[i] = at[i - 1] + units[i - 1][1] - units[i - 1][0];
            }
            long scratchBytes = Math.max(features.scratchBytes(), labels.map(RowSource::scratchBytes).orElse(0L));
            Assembler.parallel(units.length, () -> new Scratch(scratchBytes), (s, i) -> {
                long[] u = units[i];
                features.readRows(u[0], u[1], f.asSlice(at[i] * features.rowBytes(), (u[1] - u[0]) * features.rowBytes()),
                        s.slot, s.seg);
                if (l != null) {
                    RowSource x = labels.get();
                    x.readRows(u[0], u[1], l.asSlice(at[i] * x.rowBytes(), (u[1] - u[0]) * x.rowBytes()), s.slot, s.seg);
                }
            });
            int[] ord = new int[(int) rows];
            for (int i = 0; i < ord.length; i++) {
                ord[i] = i;
            }
            if (o.shuffle()) {
                for (int i = ord.length - 1; i > 0; i--) {
                    int j = r.nextInt(i + 1);
                    int t = ord[i];
                    ord[i] = ord[j];
                    ord[j] = t;
                }
            }
            return new Window(f, l, ord, a);
        } catch (RuntimeException ex) {
            a.close();
            throw ex;
        }
    }

    /** Per-worker scratch of a window load. */
    static final class Scratch implements AutoCloseable {
        final Arena arena = Arena.ofConfined();
        final Assembler.Slot slot = new Assembler.Slot(0);
        final MemorySegment seg;

        Scratch(long bytes) {
            seg = ChunkIO.allocate(arena, bytes);
        }

        @Override
        public void close() {
            slot.close();
            arena.close();
        }
    }

    private void produceWindows() {
        long base = random().nextLong();
        long b = 0;
        CompletableFuture<Window> next = null;
        Window w = null;
        try {
            int wi = 0;
            int pos = 0;
            MemorySegment[] buf = null;
            int fill = 0;
            while (b < batches && !closed) {
                if (w == null || pos == w.order.length) {
                    if (w != null) {
                        w.arena.close();
                        w = null;
                    }
                    if (wi == windows.size()) {
                        break;
                    }
                    if (next == null) {
                        long[][] units = windows.get(wi);
                        SplittableRandom rr = new SplittableRandom(base + wi * 0x9E3779B97F4A7C15L);
                        next = CompletableFuture.supplyAsync(() -> load(units, rr), threads);
                    }
                    w = join(next);
                    wi++;
                    pos = 0;
                    if (wi < windows.size()) {
                        long[][] units = windows.get(wi);
                        SplittableRandom rr = new SplittableRandom(base + wi * 0x9E3779B97F4A7C15L);
                        next = CompletableFuture.supplyAsync(() -> load(units, rr), threads);
                    } else {
                        next = null;
                    }
                }
                if (buf == null) {
                    permits.acquire();
                    buf = buffers();
                    fill = 0;
                }
                int take = Math.min(o.batchSize() - fill, w.order.length - pos);
                long frb = features.rowBytes();
                for (int i = 0; i < take; i++) {
                    int row = w.order[pos + i];
                    MemorySegment.copy(w.f, row * frb, buf[0], (fill + i) * frb, frb);
                    if (w.l != null) {
                        long lrb = labels.orElseThrow().rowBytes();
                        MemorySegment.copy(w.l, row * lrb, buf[1], (fill + i) * lrb, lrb);
                    }
                }
                pos += take;
                fill += take;
                boolean lastRows = wi == windows.size() && pos == w.order.length;
                if (fill == o.batchSize() || (lastRows && o.lastBatch() != LastBatch.DROP)) {
                    slot(b).complete(batch(b, fill, buf));
                    b++;
                    buf = null;
                }
            }
            if (buf != null) {
                pool.offer(buf);
                permits.release();
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException ex) {
            slot(b).completeExceptionally(ex);
        } finally {
            if (w != null) {
                w.arena.close();
            }
            if (next != null) {
                next.handle((x, t) -> {
                    if (x != null) {
                        x.arena.close();
                    }
                    return null;
                });
            }
        }
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new SynaException(syna.api.ErrorCode.INTERNAL,
                    "batch read failed", e.getCause());
        }
    }

    // ---- consuming ---------------------------------------------------------------------------------

    @Override
    public boolean hasNext() {
        if (closed) {
            throw new ClosedException("batch iterator over '" + o.features() + "' is closed");
        }
        return cursor < batches;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no batch after " + batches + " of '" + o.features() + "'");
        }
        CompletableFuture<Batch> f = slot(cursor);
        Batch b;
        try {
            b = join(f);
        } finally {
            ready.remove(cursor);
        }
        cursor++;
        permits.release();
        return b;
    }

    @Override
    public long rowCount() {
        return n;
    }

    @Override
    public long batchCount() {
        return batches;
    }

    @Override
    public boolean uniformShuffle() {
        return uniform;
    }

    @Override
    public Shape featureRowShape() {
        return features.rowShape();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        permits.release(o.prefetch() + 1024); // wake producers waiting for room; they see closed and stop
        // never interrupt: a storage read interrupted mid-way would close the database's file channel
        threads.close();
        ready.values().forEach(f -> f.cancel(false));
        pool.clear();
        for (RowSource.Blocks b : toClose) {
            b.close();
        }
        if (features instanceof RowSource.Blocks b) {
            b.close();
        }
        labels.ifPresent(l -> {
            if (l instanceof RowSource.Blocks b) {
                b.close();
            }
        });
        arena.close();
    }

    @Override
    public String toString() {
        return "BatchIterator[" + o.features() + labels.map(l -> " + " + o.labels().orElseThrow()).orElse("") + ", " + n
                + " rows, " + batches + " batches of " + o.batchSize() + (o.shuffle() ? uniform ? ", uniform shuffle"
                : ", block shuffle" : "") + "]";
    }
}
