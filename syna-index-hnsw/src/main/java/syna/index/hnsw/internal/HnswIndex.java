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
import java.util.stream.IntStream;
import syna.api.ClosedException;
import syna.api.InternalException;
import syna.api.InvalidArgumentException;
import syna.api.SynaException;
import syna.api.spi.ExactSearch;
import syna.api.spi.OrdinalFilter;
import syna.api.spi.SearchOptions;
import syna.api.spi.VectorHit;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorScorer;
import syna.api.spi.VectorSource;
import syna.index.hnsw.HnswOptions;
import syna.index.hnsw.internal.build.GraphBuilder;
import syna.index.hnsw.internal.disk.HnswWriter;
import syna.index.hnsw.internal.graph.HnswGraph;
import syna.index.hnsw.internal.search.GraphSearcher;
import syna.index.hnsw.internal.quant.Int8Codes;
import syna.index.hnsw.internal.search.LongHeap;

/**
 * The HNSW {@link VectorIndex} over a {@link VectorSource}: node {@code i} of the graph is ordinal {@code i},
 * and every distance is read from the source's vectors in place, so the index holds its graph only
 * (and, with {@code quantization = int8}, one int8 code per node: the graph search scores codes, keeping
 * ef results, the best {@code k · rerank} of them measured again on the source's floats). Searches,
 * adds and deletes run concurrently (several adding threads too: lists are written under per-node locks); one
 * ordinal is added or deleted by one thread at a time; {@code save} and {@code close} wait for them and run
 * alone. Thread-safe.
 */
public final class HnswIndex implements VectorIndex {
    /** Samples drawn to estimate how many ordinals a filter of unknown cardinality accepts. */
    private static final int FILTER_SAMPLE = 256;

    private final VectorSource source;
    private final HnswOptions options;
    private final long seed;
    private final double levelScale;
    private final HnswGraph graph;
    private final AtomicInteger live;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final ConcurrentLinkedQueue<Searcher> searchers = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<GraphBuilder> builders = new ConcurrentLinkedQueue<>();
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
     * Nodes an int8 index first trains its quantizer on (fewer: it searches the floats). It trains again, coding
     * every node afresh, each time the index has grown fourfold, until a training saw {@link #TRAIN_SAMPLE}
     * nodes; from then on the quantizer is fixed and each add codes its node only.
     */
    static final int TRAIN_MIN = 32;
    /** Most nodes a training reads (an even stride of the present nodes). */
    static final int TRAIN_SAMPLE = 20_000;

    /** The int8 codes, or null without quantization. */
    private final Int8Codes codes;

    /** Per-thread search scratch: the layer searcher, a scorer of the search metric, the codes' scorer (or null). */
    private record Searcher(GraphSearcher layers, VectorScorer scorer, Int8Codes.Scorer quantized) {}

    /** An index over {@code source} with {@code graph} ({@code live} nodes neither deleted nor unfinished). */
    HnswIndex(VectorSource source, HnswOptions options, long seed, HnswGraph graph, int live) {
        this(source, options, seed, graph, live,
                options.quantization() == HnswOptions.Quantization.INT8 ? new Int8Codes(source) : null);
    }

    /** As above, with the codes (null without quantization) already restored. */
    HnswIndex(VectorSource source, HnswOptions options, long seed, HnswGraph graph, int live, Int8Codes codes) {
        this.codes = codes;
        this.source = source;
        this.options = options;
        this.seed = seed;
        this.levelScale = 1 / Math.log(options.maxConnections());
        this.graph = graph;
        this.live = new AtomicInteger(live);
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

    /** The int8 codes, or null without quantization (tests compare them). */
    Int8Codes codes() {
        return codes;
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

    /** The level of node {@code node}: ⌊−ln U · m_L⌋ with U a hash of (seed, node) in (0, 1]. */
    int levelOf(int node) {
        long z = seed + (node + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        double u = ((z >>> 11) + 1) * 0x1.0p-53;
        return (int) Math.min(HnswGraph.MAX_LEVEL, Math.floor(-Math.log(u) * levelScale));
    }

    private void checkOrdinal(int ordinal) {
        if (ordinal < 0 || ordinal >= source.size()) {
            throw new InvalidArgumentException("ordinal " + ordinal + " outside the source's [0, " + source.size() + ")");
        }
    }

    @Override
    public void add(int ordinal) {
        checkOrdinal(ordinal);
        reserveCodes(ordinal + 1);
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            GraphBuilder b = builder();
            try {
                insert(ordinal, b);
            } finally {
                builders.add(b);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
        trainIfDue();
        compactIfDue();
    }

    /** Makes room for the codes of nodes {@code [0, nodes)} (alone: a search never sees the segment move). */
    private void reserveCodes(int nodes) {
        if (codes == null || codes.capacity() >= nodes) {
            return;
        }
        lifecycle.writeLock().lock();
        try {
            ensureOpen();
            codes.ensureCapacity(nodes);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /** Trains (or trains again) the quantizer when the index has grown enough ({@link #TRAIN_MIN}); alone. */
    private void trainIfDue() {
        if (codes == null || !trainingDue()) {
            return;
        }
        lifecycle.writeLock().lock();
        try {
            if (closed || !trainingDue()) {
                return;
            }
            int limit = graph.limit();
            codes.ensureCapacity(limit);
            int[] present = IntStream.range(0, limit).filter(graph::isPresent).toArray();
            int[] sample = present;
            if (present.length > TRAIN_SAMPLE) {
                sample = new int[TRAIN_SAMPLE];
                for (int i = 0; i < sample.length; i++) {
                    sample[i] = present[(int) ((long) i * present.length / sample.length)];
                }
            }
            codes.train(present, sample);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private boolean trainingDue() {
        int n = live.get();
        int t = codes.trainedOn();
        return t == 0 ? n >= TRAIN_MIN : t < TRAIN_SAMPLE && n >= 4L * t;
    }

    /**
     * Packs the graph's mutable pages when enough inserts have paid for it. A page may not be packed while it is
     * read or written, so each page is packed alone (under the write lock): searches wait for one page at a
     * time (a fraction of a millisecond), never for the whole graph.
     */
    private void compactIfDue() {
        if (insertCredit.get() < graph.mutableNodes() || graph.mutableNodes() == 0) {
            return;
        }
        insertCredit.set(0);
        for (int p = 0; p < graph.pages(); p++) {
            lifecycle.writeLock().lock();
            try {
                if (closed) {
                    return;
                }
                graph.compactPage(p);
            } finally {
                lifecycle.writeLock().unlock();
            }
        }
    }

    private GraphBuilder builder() {
        GraphBuilder b = builders.poll();
        return b != null ? b : new GraphBuilder(graph, source, options.efConstruction());
    }

    /** Links {@code ordinal} from its current vector: a new node, a tombstone brought back, or a live one re-linked. */
    private void insert(int ordinal, GraphBuilder b) {
        boolean counted;
        if (graph.allocate(ordinal, this::levelOf)) {
            counted = false;
        } else {
            // Present before: not returned while it is re-linked; counted again only if it was deleted.
            counted = !graph.isDeleted(ordinal);
            graph.clear(ordinal, HnswGraph.READY | HnswGraph.DELETED);
        }
        if (codes != null) {
            // Coded before it is linked: a search that reaches the node through its new links reads its code.
            codes.encode(ordinal, new float[source.dimension()], new byte[source.dimension()]);
        }
        b.insert(ordinal, graph.level(ordinal));
        if (!counted) {
            live.incrementAndGet();
        }
        insertCredit.addAndGet(COMPACT_CREDIT);
    }

    @Override
    public void addAll(int[] ordinals) {
        int[] unique = IntStream.of(ordinals).distinct().toArray();
        for (int o : unique) {
            checkOrdinal(o);
        }
        int threads = options.buildThreads() == 0 ? Runtime.getRuntime().availableProcessors() : options.buildThreads();
        threads = Math.max(1, Math.min(threads, unique.length / 64));
        reserveCodes(IntStream.of(unique).max().orElse(-1) + 1);
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            AtomicInteger next = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Runnable work = () -> {
                GraphBuilder b = builder();
                try {
                    while (failure.get() == null) {
                        int from = next.getAndAdd(16);
                        if (from >= unique.length) {
                            break;
                        }
                        for (int i = from; i < Math.min(unique.length, from + 16); i++) {
                            insert(unique[i], b);
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
        trainIfDue();
        compactIfDue();
    }

    @Override
    public boolean delete(int ordinal) {
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            if (!graph.isPresent(ordinal)) {
                return false;
            }
            synchronized (graph.lock(ordinal)) {
                if (graph.isDeleted(ordinal)) {
                    return false;
                }
                graph.mark(ordinal, HnswGraph.DELETED);
            }
            live.decrementAndGet();
            return true;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public boolean contains(int ordinal) {
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            return graph.isPresent(ordinal) && !graph.isDeleted(ordinal);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public int size() {
        ensureOpen();
        return live.get();
    }

    @Override
    public List<VectorHit> search(float[] query, int k, SearchOptions options) {
        ExactSearch.checkK(k);
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            Searcher s = searchers.poll();
            if (s == null) {
                s = new Searcher(new GraphSearcher(graph), source.scorer(), codes == null ? null : codes.scorer());
            }
            try {
                VectorScorer q = s.scorer().query(query);
                VectorScorer nav = codes != null && codes.trained() ? s.quantized().query(query) : q;
                return toHits(search(s.layers(), q, nav, k, options));
            } finally {
                searchers.add(s);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * The plan: the graph, or an exact scan when it is cheaper or more complete. A graph search that keeps ef
     * accepted results visits about {@code ef / share} nodes of 2·M links each when a {@code share} of the nodes
     * passes the filter; an exact scan measures every accepted node (and, for a filter of unknown cardinality,
     * tests every node, a tenth of a distance each). The graph is searched with {@code nav}: {@code q} itself, or
     * the int8 codes' scorer, whose best {@code k · rerank} results are measured again with {@code q}.
     */
    private long[] search(GraphSearcher s, VectorScorer q, VectorScorer nav, int k, SearchOptions opts) {
        long e = graph.entry();
        int limit = graph.limit();
        int entry = HnswGraph.entryNode(e);
        int liveNow = live.get();
        if (entry < 0 || entry >= limit || liveNow == 0) {
            return new long[0];
        }
        int ef = Math.max(k, opts.effort() == 0 ? options.efSearch() : opts.effort());
        OrdinalFilter filter = opts.filter();
        IntPredicate accept;
        long budget = Long.MAX_VALUE;
        if (!opts.filtered()) {
            if (k >= liveNow) {
                return exact(q, k, OrdinalFilter.of(graph::isLive), limit); // every node asked for: exact is complete
            }
            accept = graph::isLive;
        } else {
            accept = node -> graph.isLive(node) && filter.accepts(node);
            int known = filter.cardinality();
            double share = known >= 0 ? Math.min(1, (double) known / liveNow) : acceptedShare(accept, limit);
            double graphCost = ef * graph.maxConnections(0) / Math.max(share, 1e-9);
            double exactCost = known >= 0 ? known * 1.1 : limit * (share + 0.1);
            if (share == 0 || exactCost <= graphCost || k >= liveNow) {
                return exact(q, k, both(filter, graph), limit);
            }
            budget = (long) (4 * graphCost);
        }
        boolean quantized = nav != q;
        ef = Math.min(ef, liveNow);
        long cur = LongHeap.pack(nav.distance(entry), entry);
        for (int layer = HnswGraph.entryLevel(e); layer > 0; layer--) {
            cur = s.greedy(nav, cur, layer, limit);
        }
        s.visitBudget(budget);
        long[] found = s.searchLayer(nav, new long[] {cur}, 1, ef, 0, accept, limit);
        s.visitBudget(Long.MAX_VALUE);
        if (quantized) {
            // The code search's best k · rerank (all of them when ef is smaller) are measured again on the floats:
            // codes rank a vector a little wrongly (an outlier the quantizer clips, more so), and only the floats put
            // it back in its place. Measuring the rest of a large ef's results too found the same top k in
            // alternated runs on 100K MiniLM and 768-d data at every ef up to 200, at up to a fifth of the time.
            found = rerank(q, found, (int) Math.min(found.length, (long) k * options.rerank()));
        }
        if (found.length < k && (opts.filtered() || found.length < liveNow)) {
            // Too few found (a selective filter, many tombstones): exact search is the answer that keeps recall.
            return exact(q, k, opts.filtered() ? both(filter, graph) : OrdinalFilter.of(graph::isLive), limit);
        }
        return found.length > k ? java.util.Arrays.copyOf(found, k) : found;
    }

    /** The first {@code n} of the code search's results measured on the floats, nearest first. */
    private static long[] rerank(VectorScorer q, long[] found, int n) {
        int[] nodes = new int[n];
        for (int i = 0; i < n; i++) {
            nodes[i] = LongHeap.node(found[i]);
        }
        float[] d = new float[n];
        q.distances(nodes, n, d);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = LongHeap.pack(d[i], nodes[i]);
        }
        java.util.Arrays.sort(out);
        return out;
    }

    /** Live nodes {@code filter} accepts, iterated by the filter (a bitset's next bit, not every node). */
    private static OrdinalFilter both(OrdinalFilter filter, HnswGraph graph) {
        return new OrdinalFilter() {
            @Override
            public boolean accepts(int ordinal) {
                return filter.accepts(ordinal) && graph.isLive(ordinal);
            }

            @Override
            public int cardinality() {
                return filter.cardinality();
            }

            @Override
            public int next(int from, int limit) {
                for (int o = filter.next(from, limit); o >= 0; o = filter.next(o + 1, limit)) {
                    if (graph.isLive(o)) {
                        return o;
                    }
                }
                return -1;
            }
        };
    }

    private double acceptedShare(IntPredicate accept, int limit) {
        int step = Math.max(1, limit / FILTER_SAMPLE);
        int seen = 0;
        int ok = 0;
        // A fixed stride, offset by the seed, so the estimate is reproducible.
        for (int node = (int) Long.remainderUnsigned(seed, step); node < limit; node += step) {
            if (!graph.isLive(node)) {
                continue;
            }
            seen++;
            if (accept.test(node)) {
                ok++;
            }
        }
        return seen == 0 ? 0 : (double) ok / seen;
    }

    /** The shared exact search over the source, packed as the graph search returns its results. */
    private static long[] exact(VectorScorer q, int k, OrdinalFilter accept, int limit) {
        List<VectorHit> hits = ExactSearch.search(q, k, accept, limit);
        long[] out = new long[hits.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = LongHeap.pack(hits.get(i).distance(), hits.get(i).ordinal());
        }
        return out;
    }

    private static List<VectorHit> toHits(long[] found) {
        List<VectorHit> hits = new ArrayList<>(found.length);
        for (long p : found) {
            hits.add(new VectorHit(LongHeap.node(p), LongHeap.distance(p)));
        }
        return hits;
    }

    @Override
    public void save(Path target) {
        lifecycle.writeLock().lock();
        try {
            ensureOpen();
            HnswWriter.write(target, source.dimension(), source.metric(), options, seed, graph, live.get(), codes);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    @Override
    public long memoryBytes() {
        // The read lock keeps a compaction from changing the pages while they are counted.
        lifecycle.readLock().lock();
        try {
            return graph.heapBytes() + (codes == null ? 0 : codes.bytes());
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
                if (codes != null) {
                    codes.close();
                }
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new ClosedException("hnsw vector index is closed");
        }
    }
}
