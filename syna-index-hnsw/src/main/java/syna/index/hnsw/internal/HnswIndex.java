package syna.index.hnsw.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntPredicate;
import java.util.function.LongPredicate;
import syna.api.ClosedException;
import syna.api.DimensionMismatchException;
import syna.api.DistanceMetric;
import syna.api.InternalException;
import syna.api.InvalidArgumentException;
import syna.api.SynaException;
import syna.api.spi.OrdinalFilter;
import syna.api.spi.SearchOptions;
import syna.api.spi.VectorHit;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorSource;
import syna.api.spi.format.SealedFile;
import syna.index.hnsw.HnswOptions;
import syna.index.hnsw.internal.build.GraphBuilder;
import syna.index.hnsw.internal.disk.HnswWriter;
import syna.index.hnsw.internal.graph.HnswGraph;
import syna.index.hnsw.internal.graph.IdMap;
import syna.index.hnsw.internal.graph.VectorPages;
import syna.index.hnsw.internal.search.GraphSearcher;
import syna.index.hnsw.internal.search.LongHeap;

/**
 * The HNSW {@link VectorIndex}. Searches, adds and deletes run concurrently (several adding threads too:
 * lists are written under per-node locks); {@code save} and {@code close} wait for them and run alone.
 * Thread-safe.
 */
public final class HnswIndex implements VectorIndex {
    /** Samples drawn to estimate how many ids a filter accepts. */
    private static final int FILTER_SAMPLE = 256;

    private final VectorSource source;
    private final int dim;
    private final DistanceMetric metric;
    private final HnswOptions options;
    private final long seed;
    private final double levelScale;
    private final HnswGraph graph;
    private final Object idLock = new Object();
    private final IdMap idMap;
    private volatile int live;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final ConcurrentLinkedQueue<GraphSearcher> searchers = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<GraphBuilder> builders = new ConcurrentLinkedQueue<>();
    private final SealedFile file;
    private volatile boolean closed;
    /**
     * Inserts since the last {@link #compactIfDue compaction}, times {@link #COMPACT_CREDIT}: packing a page
     * costs little next to inserting its nodes, so the graph is packed again once this reaches the nodes on
     * mutable pages (a bulk {@code addAll} packs at its end; single adds into a packed graph thaw the pages
     * they touch and pack them again after about n / {@value #COMPACT_CREDIT} adds).
     */
    private final AtomicLong insertCredit = new AtomicLong();
    /** Credit per insert, in nodes to pack. */
    private static final int COMPACT_CREDIT = 64;

    /**
     * An index over {@code graph}; {@code idMap} maps the live ids, {@code file} (nullable) is the mapping the
     * graph's vectors live in and is closed with the index.
     */
    HnswIndex(VectorSource source, HnswOptions options, long seed, HnswGraph graph, IdMap idMap, SealedFile file) {
        this.source = source;
        this.dim = source.dimension();
        this.metric = source.metric();
        this.options = options;
        this.seed = seed;
        this.levelScale = 1 / Math.log(options.maxConnections());
        this.graph = graph;
        this.idMap = idMap;
        this.live = idMap.size();
        this.file = file;
    }

    /** The seed an index without a configured one draws its levels from. */
    static long seedOf(HnswOptions options) {
        return options.seed().orElseGet(() -> new SplittableRandom().nextLong());
    }

    /** The options. */
    HnswOptions options() {
        return options;
    }

    /** The level seed. */
    long seed() {
        return seed;
    }

    /** The graph (tests check its invariants). */
    HnswGraph graph() {
        return graph;
    }

    @Override
    public String providerName() {
        return HnswProvider.NAME;
    }

    @Override
    public VectorSource source() {
        return source;
    }

    @Override
    public int dimension() {
        return dim;
    }

    @Override
    public DistanceMetric metric() {
        return metric;
    }

    private float[] vectorOf(int ordinal) {
        if (ordinal < 0 || ordinal >= source.size()) {
            throw new InvalidArgumentException("ordinal " + ordinal + " outside the source's [0, " + source.size() + ")");
        }
        float[] v = new float[dim];
        source.copy(ordinal, v);
        return v;
    }

    /** The level of node {@code node}: ⌊−ln U · m_L⌋ with U a hash of (seed, node) in (0, 1]. */
    int levelOf(int node) {
        long z = seed + (node + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        double u = ((z >>> 11) + 1) * 0x1.0p-53;
        return (int) Math.min(HnswGraph.MAX_LEVEL, Math.floor(-Math.log(u) * levelScale));
    }

    @Override
    public void add(int ordinal) {
        long id = ordinal;
        float[] q = VectorPages.prepare(metric, vectorOf(ordinal));
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            GraphBuilder b = builder();
            try {
                insert(id, q, b);
            } finally {
                builders.add(b);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
        compactIfDue();
    }

    /**
     * Packs the graph's mutable pages when enough inserts have paid for it; alone (under the write lock), as
     * packing may not race readers or writers.
     */
    private void compactIfDue() {
        if (insertCredit.get() < graph.mutableNodes()) {
            return;
        }
        lifecycle.writeLock().lock();
        try {
            if (!closed && graph.mutableNodes() > 0 && insertCredit.get() >= graph.mutableNodes()) {
                graph.compact();
                insertCredit.set(0);
                // Builders keep visited arrays as large as the graph; the next insert makes a fresh one.
                builders.clear();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private GraphBuilder builder() {
        GraphBuilder b = builders.poll();
        return b != null ? b : new GraphBuilder(graph, options.efConstruction());
    }

    private void insert(long id, float[] q, GraphBuilder b) {
        int node;
        int old;
        synchronized (idLock) {
            node = graph.allocate(id, this::levelOf);
            graph.setVector(node, q);
            old = idMap.put(id, node);
            if (old < 0) {
                live++;
            }
        }
        b.insert(node, q, graph.level(node));
        insertCredit.addAndGet(COMPACT_CREDIT);
        if (old >= 0) {
            // The old vector of a replaced id stays a (never returned) stepping stone in the graph.
            graph.mark(old, HnswGraph.DELETED);
        }
    }

    @Override
    public void addAll(int[] ordinals) {
        long[] ids = new long[ordinals.length];
        float[][] vectors = new float[ordinals.length][];
        for (int i = 0; i < ordinals.length; i++) {
            ids[i] = ordinals[i];
            vectors[i] = vectorOf(ordinals[i]);
        }
        int threads = options.buildThreads() == 0 ? Runtime.getRuntime().availableProcessors() : options.buildThreads();
        threads = Math.max(1, Math.min(threads, ids.length / 64));
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            synchronized (idLock) {
                // One table of the final size, not a doubling series with its last step half empty.
                idMap.reserve((int) Math.min(Integer.MAX_VALUE / 2, (long) idMap.size() + ids.length));
            }
            AtomicInteger next = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Runnable work = () -> {
                GraphBuilder b = builder();
                try {
                    while (failure.get() == null) {
                        int from = next.getAndAdd(16);
                        if (from >= ids.length) {
                            break;
                        }
                        for (int i = from; i < Math.min(ids.length, from + 16); i++) {
                            insert(ids[i], VectorPages.prepare(metric, vectors[i]), b);
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    builders.add(b);
                }
            };
            if (threads == 1) {
                work.run();
            } else {
                List<Thread> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    workers.add(Thread.ofPlatform().name("syna-hnsw-build-" + t).start(work));
                }
                for (Thread w : workers) {
                    w.join();
                }
            }
            Throwable f = failure.get();
            if (f instanceof SynaException se) {
                throw se;
            } else if (f instanceof Error err) {
                throw err;
            } else if (f != null) {
                throw new InternalException("hnsw build thread failed: " + f, f);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalException("interrupted while building the hnsw index", e);
        } finally {
            lifecycle.readLock().unlock();
        }
        compactIfDue();
    }

    @Override
    public boolean delete(int ordinal) {
        long id = ordinal;
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            synchronized (idLock) {
                int node = idMap.remove(id);
                if (node < 0) {
                    return false;
                }
                graph.mark(node, HnswGraph.DELETED);
                live--;
                return true;
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public boolean contains(int ordinal) {
        long id = ordinal;
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            synchronized (idLock) {
                return idMap.get(id) >= 0;
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public int size() {
        ensureOpen();
        return live;
    }

    @Override
    public List<VectorHit> search(float[] query, int k, SearchOptions options) {
        checkDimension(query);
        if (k < 1) {
            throw new InvalidArgumentException("k must be >= 1, got " + k);
        }
        float[] q = VectorPages.prepare(metric, query);
        int ef = Math.max(k, options.effort() == 0 ? this.options.efSearch() : options.effort());
        OrdinalFilter f = options.filter();
        LongPredicate filter = options.filtered() ? id -> f.accepts((int) id) : null;
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            GraphSearcher s = searchers.poll();
            if (s == null) {
                s = new GraphSearcher(graph, false);
            }
            try {
                return toHits(search(s, q, k, ef, filter), k);
            } finally {
                searchers.add(s);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private long[] search(GraphSearcher s, float[] q, int k, int ef, LongPredicate filter) {
        long e = graph.entry();
        int limit = graph.count();
        int entry = HnswGraph.entryNode(e);
        if (entry < 0 || entry >= limit) {
            return new long[0];
        }
        IntPredicate accept;
        long budget = Long.MAX_VALUE;
        if (filter == null) {
            accept = graph::isLive;
        } else {
            accept = node -> graph.isLive(node) && filter.test(graph.id(node));
            double share = acceptedShare(accept, limit);
            // A graph search that keeps ef accepted results visits about ef / share nodes of 2·M links each; an
            // exact scan tests every id and measures the accepted ones. Take the cheaper (filter tests cost
            // about a tenth of a distance).
            double graphCost = ef * graph.maxConnections(0) / Math.max(share, 1e-9);
            double exactCost = limit * (share + 0.1);
            if (share == 0 || exactCost <= graphCost) {
                return exact(q, k, accept, limit);
            }
            budget = (long) (4 * graphCost);
        }
        long cur = LongHeap.pack(graph.vectors().distance(q, entry), entry);
        for (int layer = HnswGraph.entryLevel(e); layer > 0; layer--) {
            cur = s.greedy(q, cur, layer, limit);
        }
        s.visitBudget(budget);
        long[] found = s.searchLayer(q, new long[] {cur}, 1, ef, 0, accept, limit);
        s.visitBudget(Long.MAX_VALUE);
        if (found.length < k && (filter != null || found.length < live)) {
            // Too few found (a selective filter, many tombstones): exact search is the answer that keeps recall.
            return exact(q, k, accept, limit);
        }
        return found;
    }

    private double acceptedShare(IntPredicate accept, int limit) {
        int step = Math.max(1, limit / FILTER_SAMPLE);
        int seen = 0;
        int ok = 0;
        // A fixed stride, offset by the seed, so the estimate is reproducible.
        for (int node = (int) Long.remainderUnsigned(seed, step); node < limit; node += step) {
            seen++;
            if (accept.test(node)) {
                ok++;
            }
        }
        return seen == 0 ? 0 : (double) ok / seen;
    }

    private long[] exact(float[] q, int k, IntPredicate accept, int limit) {
        LongHeap worst = new LongHeap(k + 1);
        VectorPages v = graph.vectors();
        for (int node = 0; node < limit; node++) {
            if (!accept.test(node)) {
                continue;
            }
            long p = LongHeap.pack(v.distance(q, node), node);
            if (worst.size() < k) {
                worst.push(~p);
            } else if (p < ~worst.peek()) {
                worst.pop();
                worst.push(~p);
            }
        }
        long[] out = new long[worst.size()];
        for (int i = out.length - 1; i >= 0; i--) {
            out[i] = ~worst.pop();
        }
        return out;
    }

    private List<VectorHit> toHits(long[] found, int k) {
        int n = Math.min(k, found.length);
        List<VectorHit> hits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int node = LongHeap.node(found[i]);
            hits.add(new VectorHit((int) graph.id(node), LongHeap.distance(found[i])));
        }
        return hits;
    }

    @Override
    public void save(Path target) {
        lifecycle.writeLock().lock();
        try {
            ensureOpen();
            HnswWriter.write(target, dim, metric, options, seed, graph, live);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    @Override
    public long memoryBytes() {
        // The read lock keeps a compaction from changing the pages while they are counted.
        lifecycle.readLock().lock();
        try {
            synchronized (idLock) {
                return graph.heapBytes() + idMap.bytes() + (file == null ? 0 : graph.vectors().mappedBytes());
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                searchers.clear();
                builders.clear();
                if (file != null) {
                    file.close();
                }
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private void checkDimension(float[] v) {
        if (v.length != dim) {
            throw new DimensionMismatchException("dimension " + v.length + " != index dimension " + dim);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new ClosedException("hnsw vector index is closed");
        }
    }
}
