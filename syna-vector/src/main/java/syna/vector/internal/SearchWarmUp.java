package syna.vector.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import syna.api.DistanceMetric;
import syna.api.spi.ExactSearch;
import syna.api.spi.OrdinalFilter;

/**
 * Compiles the exact-search path ahead of a store's first search: once per JVM and page kind, a daemon thread runs
 * {@link ExactSearch} over a small {@link PagedVectors} of its own, of the page kind the store that started it
 * reads (an arena's for the durable store, a mapping of a temporary file for the mmap store), first for that
 * store's metric, then for the others, until the JIT has compiled the scan, the scorer and the kernels it inlines. Without
 * it the first search after a bulk insert measures the new vectors with interpreted SIMD code, several times
 * slower than compiled code, while the index starts building beside it. The first metric's pass is kept short
 * (about 65,000 distances over vectors that stay in the cache) so that it is done while a bulk insert still runs;
 * most of its time is the JIT's.
 * <p>One page kind a pass, over that kind's kernels: the kernels' loads profile the class of the segments they
 * read, and once one copy of them has seen both kinds the JIT's speculation on them fails again and again until
 * it compiles them without the Vector API's intrinsics. When both kinds shared one copy, a warm-up over both made
 * every search of a reopened durable store about seven times slower (HNSW on 100,000 x 384 at ef 64: 650-760
 * queries per CPU second against 4,300-5,800 with one kind); file mappings now have kernels of their own
 * ({@link syna.api.Vectors#kernelsForMappedFiles}). Thread-safe.
 */
final class SearchWarmUp {
    private static final System.Logger LOG = System.getLogger(SearchWarmUp.class.getName());
    private static final int VECTORS = 1024;
    private static final int DIM = 384;
    static final int ROUNDS = 32;
    private static final int PAGE_SLOTS = 1 << PagedVectors.pageShift(4L * DIM);
    /** Whether the warm-up has started, by page kind: [0] arena, [1] file mapping. */
    private static final AtomicBoolean[] STARTED = {new AtomicBoolean(), new AtomicBoolean()};

    private SearchWarmUp() {}

    /**
     * Starts the warm-up of one page kind if it has not run in this JVM, over pages of a file mapping
     * ({@code mapped}, the mmap store) or of an arena (the durable store), beginning with {@code metric} (null: the
     * default); returns at once. Each kind warms its own kernels ({@link PagedVectors}), once; where file mappings
     * are read through native views ({@link PagedVectors#NATIVE_VIEWS}) the mmap store shares the arena's kind.
     */
    static void start(DistanceMetric metric, boolean mapped) {
        boolean kind = mapped && !PagedVectors.NATIVE_VIEWS; // mapped pages read as native ones: the arena's kind
        if (STARTED[kind ? 1 : 0].compareAndSet(false, true)) {
            DistanceMetric head = metric == null ? DistanceMetric.COSINE : metric;
            Thread.ofPlatform().daemon().name(kind ? "syna-search-warm-up-mapped" : "syna-search-warm-up")
                    .start(() -> run(head, kind));
        }
    }

    /**
     * A file mapping of {@link #VECTORS} slots, in whole pages, in {@code arena}, from a temporary file deleted at once (the mapping
     * stays), or null when the temporary folder cannot take it.
     */
    private static MemorySegment mappedScratch(Arena arena) {
        Path f = null;
        try {
            f = Files.createTempFile("syna-warm-up", ".bin");
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long bytes = (VECTORS + PAGE_SLOTS - 1) / PAGE_SLOTS * PAGE_SLOTS * 4L * DIM;
                return ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        } finally {
            if (f != null) {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // a file of a megabyte left in the temporary folder
                }
            }
        }
    }

    /**
     * Loads every kind of memory segment the JDK has, before anything is compiled: the first heap segment a
     * process makes (a {@code MemorySegment.ofArray} anywhere, often after a bulk insert) otherwise throws away
     * all compiled code that assumed there were only native and mapped ones, the search kernels with it.
     */
    private static long touchSegmentKinds() {
        long n = MemorySegment.ofArray(new byte[1]).byteSize() + MemorySegment.ofArray(new char[1]).byteSize()
                + MemorySegment.ofArray(new short[1]).byteSize() + MemorySegment.ofArray(new int[1]).byteSize()
                + MemorySegment.ofArray(new float[1]).byteSize() + MemorySegment.ofArray(new long[1]).byteSize()
                + MemorySegment.ofArray(new double[1]).byteSize();
        return n + MemorySegment.ofBuffer(java.nio.ByteBuffer.allocateDirect(8)).byteSize();
    }

    /** What one warm-up did: the hits its searches returned, and whether it searched a file mapping. */
    record Result(int hits, boolean mapped) {}

    private static void run(DistanceMetric head, boolean mapped) {
        long t0 = System.nanoTime();
        try {
            Result r = warm(head, mapped, t0);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            LOG.log(Level.DEBUG, () -> "Syna vector search warmed up in " + ms + " ms (" + r.hits() + " hits"
                    + (r.mapped() ? ", file mapping" : ", arena") + ")");
        } catch (RuntimeException | Error e) {
            LOG.log(Level.DEBUG, () -> "Syna vector search warm-up skipped: " + e);
        }
    }

    /**
     * Runs the warm-up on the calling thread over pages of a file mapping ({@code mapped}; an arena's when false or
     * when the temporary folder cannot take one), {@code head} first ({@code t0}: when it started, for the log).
     */
    static Result warm(DistanceMetric head, boolean mapped, long t0) {
        touchSegmentKinds();
        SplittableRandom r = new SplittableRandom(0x5EA2C4L);
        float[][] pool = new float[VECTORS][DIM];
        for (float[] x : pool) {
            for (int j = 0; j < DIM; j++) {
                x[j] = r.nextFloat() - 0.5f;
            }
        }
        try (Arena arena = Arena.ofShared()) {
            MemorySegment file = mapped ? mappedScratch(arena) : null;
            int hits = 0;
            List<DistanceMetric> order = new ArrayList<>(List.of(DistanceMetric.values()));
            order.remove(head);
            order.addFirst(head);
            for (DistanceMetric metric : order) {
                PagedVectors v;
                if (file == null) {
                    v = PagedVectors.allocating(DIM, metric, arena);
                } else {
                    v = PagedVectors.external(DIM, metric, 4L * DIM);
                    long page = PAGE_SLOTS * 4L * DIM;
                    for (int p = 0; p * page < file.byteSize(); p++) {
                        v.install(p, file.asSlice(p * page, page));
                    }
                }
                for (int i = 0; i < VECTORS; i++) {
                    v.set(i, pool[i]);
                }
                java.util.BitSet live = new java.util.BitSet();
                live.set(0, VECTORS);
                for (int i = 0; i < VECTORS; i += 97) {
                    live.clear(i); // as a store's pending slots: not all of them
                }
                for (int round = 0; round < ROUNDS; round++) {
                    // as a store searches: a bitset of the slots to measure, and the unfiltered form
                    float[] q = pool[round];
                    hits += ExactSearch.search(v.scorer().query(q), 10, OrdinalFilter.of(live), VECTORS).size();
                    hits += ExactSearch.search(v, q, 10, OrdinalFilter.all()).size();
                }
                if (metric == head) {
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    LOG.log(Level.DEBUG, () -> "Syna vector search warmed up for " + metric + " in " + ms + " ms");
                }
            }
            return new Result(hits, file != null);
        }
    }
}
