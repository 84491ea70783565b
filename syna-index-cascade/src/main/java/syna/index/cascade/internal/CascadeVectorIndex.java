package syna.index.cascade.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import syna.api.ClosedException;
import syna.api.DimensionMismatchException;
import syna.api.DistanceMetric;
import syna.api.InvalidArgumentException;
import syna.api.spi.ExactSearch;
import syna.api.spi.OrdinalFilter;
import syna.api.spi.SearchOptions;
import syna.api.spi.VectorHit;
import syna.api.spi.VectorScorer;
import syna.api.spi.VectorSource;
import syna.index.cascade.CascadeIndex;
import syna.index.cascade.CascadeOptions;
import syna.index.cascade.CascadeStats;
import syna.index.cascade.internal.disk.CascadeWriter;
import syna.index.cascade.internal.graph.BeamSearch;
import syna.index.cascade.internal.graph.NeighbourGraph;
import syna.index.cascade.internal.graph.Pruner;
import syna.index.cascade.internal.lsh.BucketForest;
import syna.index.cascade.internal.lsh.Hyperplanes;
import syna.index.cascade.internal.util.Packed;

/**
 * The {@code cascade} {@link syna.api.spi.VectorIndex}: LSH tables whose buckets are adaptive trees give each
 * search (and each insert) entry points near the query; a sparse neighbour graph pruned with α-RNG takes the beam
 * from there. An insert searches the graph with the build beam, prunes the visited nodes to its neighbours and
 * links back (re-pruning a neighbour whose list overflows). A delete tombstones the node; once tombstones pass a
 * fraction of the live nodes, a background consolidation relinks their neighbours past them (FreshDiskANN,
 * Singh et al. 2021) and drops them from the buckets, a batch at a time.
 *
 * <p>Concurrent reads, one writer: searches share a read lock; a writer (insert, delete, a consolidation batch)
 * holds the writer lock, searches the graph under the read lock and takes the write lock only to link. For dot
 * product the graph is built with euclidean distances (as HNSW here) and searched by dot product. Thread-safe.
 */
public final class CascadeVectorIndex implements CascadeIndex {
    private static final System.Logger LOG = System.getLogger(CascadeVectorIndex.class.getName());
    /** Samples to estimate how many nodes a filter of unknown cardinality accepts. */
    private static final int FILTER_SAMPLE = 256;
    /** Nodes relinked per write-lock hold while consolidating. */
    private static final int CONSOLIDATE_BATCH = 512;
    /** Vectors the centre of euclidean hashing is the mean of. */
    private static final int CENTER_SAMPLE = 1024;
    /** Most entry points an insert scores: its beam needs a start near the vector, not a wide one. */
    private static final int BUILD_ENTRY_POINTS = 16;
    /** Tombstones below which no consolidation starts on its own. */
    private static final int MIN_TOMBSTONES = 64;

    private final VectorSource source;
    private final CascadeOptions options;
    private final long seed;
    private final DistanceMetric buildMetric;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ReentrantLock writer = new ReentrantLock();
    private final ConcurrentLinkedQueue<Searcher> searchers = new ConcurrentLinkedQueue<>();
    private final NeighbourGraph graph;
    private final BucketForest forest;
    private volatile Hyperplanes planes;
    private volatile boolean closed;

    // Writer scratch, guarded by writer.
    private final BeamSearch buildBeam = new BeamSearch();
    private final VectorScorer buildScorer;
    private final Pruner pruner;
    private final float[] vec;
    private final float[] proj;
    private final int[] hashes;
    private final Probing buildProbing;
    private final int[] linkBuf;
    private long[] pool = new long[256];

    private final LongAdder searches = new LongAdder();
    private final LongAdder searchDistances = new LongAdder();
    private long buildDistances;
    private long consolidations;
    private final Object work = new Object();
    private Thread consolidator;

    CascadeVectorIndex(VectorSource source, CascadeOptions options, long seed, NeighbourGraph graph, BucketForest forest,
            Hyperplanes planes) {
        this.source = source;
        this.options = options;
        this.seed = seed;
        this.buildMetric = source.metric() == DistanceMetric.DOT_PRODUCT ? DistanceMetric.EUCLIDEAN : source.metric();
        this.graph = graph;
        this.forest = forest;
        this.planes = planes;
        this.buildScorer = source.scorer(buildMetric);
        this.pruner = new Pruner(source.scorer(buildMetric));
        int dim = source.dimension();
        this.vec = new float[dim];
        this.proj = new float[options.tables() * options.bits()];
        this.hashes = new int[options.tables()];
        this.buildProbing = new Probing(options.tables(), options.bits(), Math.min(2, options.probes()));
        this.linkBuf = new int[graph.stride() + 1];
    }

    /** A new, empty index. */
    static CascadeVectorIndex create(VectorSource source, CascadeOptions options, long seed) {
        return new CascadeVectorIndex(source, options, seed, new NeighbourGraph(options.degree()),
                new BucketForest(options.tables(), options.bits(), source.dimension(), options.bucketSize(),
                        options.maxDepth()), null);
    }

    @Override
    public String providerName() {
        return CascadeProvider.NAME;
    }

    @Override
    public VectorSource source() {
        return source;
    }

    @Override
    public CascadeOptions options() {
        return options;
    }

    long seed() {
        return seed;
    }

    NeighbourGraph graph() {
        return graph;
    }

    private void ensureOpen() {
        if (closed) {
            throw new ClosedException("cascade vector index is closed");
        }
    }

    private void checkOrdinal(int ordinal) {
        if (ordinal < 0 || ordinal >= source.size()) {
            throw new InvalidArgumentException("ordinal " + ordinal + " outside the source's [0, " + source.size() + ")");
        }
    }

    /** Unit length for cosine, so bucket planes see directions; other metrics hash raw vectors. */
    private void prepare(float[] v) {
        if (source.metric() == DistanceMetric.COSINE) {
            double s = 0;
            for (float x : v) {
                s += (double) x * x;
            }
            if (s > 0) {
                float inv = (float) (1 / Math.sqrt(s));
                for (int i = 0; i < v.length; i++) {
                    v[i] *= inv;
                }
            }
        }
    }

    private void readNode(int node, float[] dst) {
        source.copy(graph.ordinalOf(node), dst);
        prepare(dst);
    }

    /** The hyperplanes, made on the first insert: through the origin for cosine, else the first vectors' mean. */
    private void ensurePlanes(int[] first, int from, int to) {
        if (planes != null) {
            return;
        }
        int dim = source.dimension();
        float[] center = new float[dim];
        if (source.metric() != DistanceMetric.COSINE) {
            int n = Math.min(to - from, CENTER_SAMPLE);
            double[] sum = new double[dim];
            for (int i = 0; i < n; i++) {
                source.copy(first[from + i], vec);
                for (int j = 0; j < dim; j++) {
                    sum[j] += vec[j];
                }
            }
            for (int j = 0; j < dim; j++) {
                center[j] = (float) (sum[j] / Math.max(1, n));
            }
        }
        planes = Hyperplanes.generate(options.tables(), options.bits(), dim, seed, center);
    }

    // ---------------------------------------------------------------- writes

    @Override
    public void add(int ordinal) {
        checkOrdinal(ordinal);
        writer.lock();
        try {
            ensureOpen();
            ensurePlanes(new int[] {ordinal}, 0, 1);
            insert(ordinal);
        } finally {
            writer.unlock();
        }
    }

    @Override
    public void addAll(int[] ordinals) {
        for (int o : ordinals) {
            checkOrdinal(o);
        }
        for (int i = 0; i < ordinals.length; i++) {
            writer.lock();
            try {
                ensureOpen();
                ensurePlanes(ordinals, i, ordinals.length);
                insert(ordinals[i]);
            } finally {
                writer.unlock();
            }
        }
    }

    /** One insert (writer lock held): search and prune under the read lock, link under the write lock. */
    private void insert(int ordinal) {
        Hyperplanes h = planes;
        int n;
        int old;
        lock.readLock().lock();
        try {
            old = graph.nodeOf(ordinal);
            source.copy(ordinal, vec);
            prepare(vec);
            h.project(vec, proj);
            for (int t = 0; t < h.tables(); t++) {
                hashes[t] = h.hash(proj, t);
            }
            int buildProbes = Math.min(2, options.probes());
            n = 0;
            if (graph.live() > (old >= 0 ? 1 : 0)) {
                int except = old;
                buildScorer.query(ordinal);
                buildBeam.begin(graph, buildScorer, options.buildBeam(),
                        except < 0 ? null : node -> node != except && graph.isLive(node));
                seedEntries(buildBeam, h, vec, buildProbes, Math.min(options.entryPoints(), BUILD_ENTRY_POINTS),
                        buildProbing);
                buildBeam.seed(graph.entry());
                buildBeam.run(Long.MAX_VALUE);
                n = gatherPool();
                buildDistances += buildBeam.takeDistances();
            }
        } finally {
            lock.readLock().unlock();
        }
        int kept = n == 0 ? 0 : pruner.prune(graph, pool, n, options.degree(), (float) options.alpha(), linkBuf);
        lock.writeLock().lock();
        try {
            if (old >= 0) {
                graph.tombstone(old);
            }
            int node = graph.allocate(ordinal);
            int[] links = java.util.Arrays.copyOf(linkBuf, kept);
            graph.setNeighbours(node, links, kept);
            int[] adj = graph.adjacency();
            int stride = graph.stride();
            int[] tmp = new int[stride + 1];
            for (int nb : links) {
                if (!graph.addEdge(nb, node)) {
                    int d = graph.degreeOf(nb);
                    System.arraycopy(adj, nb * stride, tmp, 0, d);
                    int m = pruner.reprune(graph, nb, tmp, d, node, options.degree(), (float) options.alpha(), linkBuf);
                    graph.setNeighbours(nb, linkBuf, m);
                }
            }
            for (int t = 0; t < h.tables(); t++) {
                forest.insert(t, hashes[t], node, vec, this::readNode);
            }
            if (graph.entry() < 0 || !graph.isLive(graph.entry())) {
                graph.entry(node);
            }
            buildDistances += pruner.takeDistances();
        } finally {
            lock.writeLock().unlock();
        }
        if (old >= 0) {
            maybeConsolidate();
        }
    }

    /** The build beam's results (live, not the replaced node), sorted and distinct, into pool. */
    private int gatherPool() {
        long[] res = buildBeam.results();
        if (pool.length < res.length) {
            pool = new long[res.length + 64];
        }
        System.arraycopy(res, 0, pool, 0, res.length);
        return Pruner.dedupe(pool, res.length);
    }

    /** Scratch of entry-point seeding; one per thread. */
    static final class Probing {
        final float[] proj;
        final int[] hashes;
        final int[] counts;
        final Hyperplanes.ProbeScratch scratch = new Hyperplanes.ProbeScratch();

        Probing(int tables, int bits, int probes) {
            proj = new float[tables * bits];
            hashes = new int[tables * probes];
            counts = new int[tables];
        }
    }

    /**
     * Offers entry points from the buckets of the prepared {@code q}: each table's own bucket first, then the next
     * probes of every table in margin order, a stride of each leaf, until {@code budget} nodes were offered.
     */
    private void seedEntries(BeamSearch beam, Hyperplanes h, float[] q, int probes, int budget, Probing pr) {
        int tables = h.tables();
        h.project(q, pr.proj);
        for (int t = 0; t < tables; t++) {
            pr.counts[t] = h.probes(pr.proj, t, probes, pr.hashes, t * probes, pr.scratch);
        }
        int[] left = {budget};
        int quota = Math.max(1, (budget + tables - 1) / tables);
        for (int p = 0; p < probes && left[0] > 0; p++) {
            int qp = p == 0 ? quota : Math.max(1, quota / 2);
            for (int t = 0; t < tables && left[0] > 0; t++) {
                if (p < pr.counts[t]) {
                    forest.collect(t, pr.hashes[t * probes + p], q, Math.min(qp, left[0]), node -> {
                        beam.seed(node);
                        return --left[0] > 0;
                    });
                }
            }
        }
    }

    @Override
    public boolean delete(int ordinal) {
        if (ordinal < 0) {
            throw new InvalidArgumentException("ordinal " + ordinal + " is negative");
        }
        writer.lock();
        try {
            ensureOpen();
            lock.writeLock().lock();
            try {
                int node = graph.nodeOf(ordinal);
                if (node < 0) {
                    return false;
                }
                graph.tombstone(node);
            } finally {
                lock.writeLock().unlock();
            }
        } finally {
            writer.unlock();
        }
        maybeConsolidate();
        return true;
    }

    @Override
    public boolean contains(int ordinal) {
        lock.readLock().lock();
        try {
            ensureOpen();
            return graph.nodeOf(ordinal) >= 0;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public int size() {
        lock.readLock().lock();
        try {
            return graph.live();
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------- search

    /** Per-thread scratch of a search. */
    private final class Searcher {
        final BeamSearch beam = new BeamSearch();
        final VectorScorer scorer = source.scorer();
        final float[] q = new float[source.dimension()];
        final Probing probing = new Probing(options.tables(), options.bits(), options.probes());
    }

    @Override
    public List<VectorHit> search(float[] query, int k, SearchOptions opts) {
        ExactSearch.checkK(k);
        if (query == null) {
            throw new InvalidArgumentException("query vector is null");
        }
        if (query.length != source.dimension()) {
            throw new DimensionMismatchException("query dimension " + query.length + " != index dimension "
                    + source.dimension());
        }
        lock.readLock().lock();
        try {
            ensureOpen();
            Searcher s = searchers.poll();
            if (s == null) {
                s = new Searcher();
            }
            try {
                return search(s, query, k, opts);
            } finally {
                searches.increment();
                searchDistances.add(s.beam.takeDistances());
                searchers.add(s);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    private List<VectorHit> search(Searcher s, float[] query, int k, SearchOptions opts) {
        int live = graph.live();
        if (live == 0) {
            return List.of();
        }
        VectorScorer scorer = s.scorer.query(query);
        OrdinalFilter filter = opts.filter();
        boolean filtered = opts.filtered();
        int ef = Math.max(k, opts.effort() == 0 ? options.efSearch() : opts.effort());
        if (k >= live) {
            return exact(scorer, k, filter);
        }
        long budget = Long.MAX_VALUE;
        if (filtered) {
            int known = filter.cardinality();
            double share = known >= 0 ? Math.min(1, (double) known / live) : acceptedShare(filter);
            double graphCost = ef * (double) options.degree() / Math.max(share, 1e-9);
            double exactCost = known >= 0 ? known * 1.1 : graph.count() * (share + 0.1);
            if (share == 0 || exactCost <= graphCost) {
                return exact(scorer, k, filter);
            }
            budget = (long) (4 * graphCost);
        }
        ef = Math.min(ef, live);
        System.arraycopy(query, 0, s.q, 0, s.q.length);
        prepare(s.q);
        Hyperplanes h = planes;
        s.beam.begin(graph, scorer, ef, filtered ? node -> graph.isLive(node) && filter.accepts(graph.ordinalOf(node))
                : null);
        if (h != null) {
            seedEntries(s.beam, h, s.q, options.probes(), options.entryPoints(), s.probing);
        }
        s.beam.seed(graph.entry());
        int found = s.beam.run(budget);
        if (found < k && (filtered || found < live)) {
            // a selective filter or a graph region cut off by tombstones: exact search keeps the answer complete
            return exact(scorer, k, filter);
        }
        long[] res = s.beam.results();
        int n = Math.min(k, res.length);
        List<VectorHit> hits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            hits.add(new VectorHit(graph.ordinalOf(Packed.id(res[i])), Packed.distance(res[i])));
        }
        return hits;
    }

    private double acceptedShare(OrdinalFilter filter) {
        int limit = graph.count();
        int step = Math.max(1, limit / FILTER_SAMPLE);
        int seen = 0;
        int ok = 0;
        for (int node = (int) Long.remainderUnsigned(seed, step); node < limit; node += step) {
            if (graph.isLive(node)) {
                seen++;
                ok += filter.accepts(graph.ordinalOf(node)) ? 1 : 0;
            }
        }
        return seen == 0 ? 0 : (double) ok / seen;
    }

    /** Exact search over the live ordinals {@code filter} accepts. */
    private List<VectorHit> exact(VectorScorer scorer, int k, OrdinalFilter filter) {
        OrdinalFilter both = new OrdinalFilter() {
            @Override
            public boolean accepts(int ordinal) {
                return graph.nodeOf(ordinal) >= 0 && filter.accepts(ordinal);
            }

            @Override
            public int cardinality() {
                return filter.acceptsAll() ? graph.live() : filter.cardinality();
            }

            @Override
            public int next(int from, int limit) {
                for (int o = filter.next(from, limit); o >= 0; o = filter.next(o + 1, limit)) {
                    if (graph.nodeOf(o) >= 0) {
                        return o;
                    }
                }
                return -1;
            }
        };
        return ExactSearch.search(scorer, k, both, source.size());
    }

    // ---------------------------------------------------------------- consolidation

    /** Starts a background consolidation once tombstones pass their share of the live nodes. */
    private void maybeConsolidate() {
        int dead;
        int live;
        lock.readLock().lock();
        try {
            dead = graph.deleted();
            live = graph.live();
        } finally {
            lock.readLock().unlock();
        }
        if (dead < Math.max(MIN_TOMBSTONES, options.consolidateFraction() * live)) {
            return;
        }
        synchronized (work) {
            if (consolidator != null || closed) {
                return;
            }
            consolidator = Thread.ofPlatform().daemon().name("syna-cascade-consolidate").unstarted(() -> {
                try {
                    consolidate();
                } catch (ClosedException e) {
                    // closed meanwhile: the next open finds the tombstones in the file and goes on
                } catch (RuntimeException | Error e) {
                    LOG.log(System.Logger.Level.WARNING, "cascade: background consolidation failed; tombstones stay"
                            + " (never returned) until the next one", e);
                } finally {
                    synchronized (work) {
                        consolidator = null;
                        work.notifyAll();
                    }
                }
            });
            consolidator.start();
        }
    }

    @Override
    public boolean awaitConsolidated(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        synchronized (work) {
            while (consolidator != null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(work, left);
            }
            return true;
        }
    }

    /**
     * FreshDiskANN's delete consolidation: every live node with a deleted neighbour takes its live neighbours and
     * the live neighbours of its deleted ones as candidates and is pruned again; then the tombstones leave the
     * buckets and their ids are freed. Batches of nodes, each under the write lock; inserts wait only for a batch.
     */
    @Override
    public void consolidate() {
        BitSet dead = new BitSet();
        int limit;
        writer.lock();
        try {
            ensureOpen();
            lock.readLock().lock();
            try {
                limit = graph.count();
                for (int node = 0; node < limit; node++) {
                    if (graph.state(node) == NeighbourGraph.DELETED) {
                        dead.set(node);
                    }
                }
            } finally {
                lock.readLock().unlock();
            }
        } finally {
            writer.unlock();
        }
        if (dead.isEmpty()) {
            return;
        }
        int stride = graph.stride();
        long[] cand = new long[64];
        for (int from = 0; from < limit; from += CONSOLIDATE_BATCH) {
            writer.lock();
            try {
                ensureOpen();
                lock.writeLock().lock();
                try {
                    int[] adj = graph.adjacency();
                    int to = Math.min(limit, from + CONSOLIDATE_BATCH);
                    for (int p = from; p < to; p++) {
                        if (!graph.isLive(p)) {
                            continue;
                        }
                        int d = graph.degreeOf(p);
                        boolean touched = false;
                        for (int i = 0; i < d && !touched; i++) {
                            touched = dead.get(adj[p * stride + i]);
                        }
                        if (!touched) {
                            continue;
                        }
                        buildScorer.query(graph.ordinalOf(p));
                        int n = 0;
                        for (int i = 0; i < d; i++) {
                            int v = adj[p * stride + i];
                            if (dead.get(v)) {
                                int dv = graph.degreeOf(v);
                                for (int j = 0; j < dv; j++) {
                                    int w = adj[v * stride + j];
                                    if (w != p && graph.isLive(w)) {
                                        if (n == cand.length) {
                                            cand = java.util.Arrays.copyOf(cand, n * 2);
                                        }
                                        cand[n++] = Packed.pack(buildScorer.distance(graph.ordinalOf(w)), w);
                                    }
                                }
                            } else if (graph.isLive(v)) {
                                if (n == cand.length) {
                                    cand = java.util.Arrays.copyOf(cand, n * 2);
                                }
                                cand[n++] = Packed.pack(buildScorer.distance(graph.ordinalOf(v)), v);
                            }
                        }
                        buildDistances += n + pruner.takeDistances();
                        java.util.Arrays.sort(cand, 0, n);
                        n = Pruner.dedupe(cand, n);
                        int m = pruner.prune(graph, cand, n, options.degree(), (float) options.alpha(), linkBuf);
                        graph.setNeighbours(p, linkBuf, m);
                    }
                } finally {
                    lock.writeLock().unlock();
                }
            } finally {
                writer.unlock();
            }
        }
        writer.lock();
        try {
            ensureOpen();
            lock.writeLock().lock();
            try {
                forest.removeIf(dead::get);
                for (int node = dead.nextSetBit(0); node >= 0; node = dead.nextSetBit(node + 1)) {
                    graph.release(node);
                }
                if (graph.entry() >= 0 && !graph.isLive(graph.entry())) {
                    int e = -1;
                    for (int node = 0; node < graph.count() && e < 0; node++) {
                        if (graph.isLive(node)) {
                            e = node;
                        }
                    }
                    graph.entry(e);
                }
                consolidations++;
            } finally {
                lock.writeLock().unlock();
            }
        } finally {
            writer.unlock();
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "cascade: consolidated " + dead.cardinality() + " tombstones");
    }

    // ---------------------------------------------------------------- save, stats, close

    @Override
    public void save(Path file) {
        writer.lock();
        try {
            ensureOpen();
            lock.readLock().lock();
            try {
                CascadeWriter.write(file, source.dimension(), source.metric(), options, seed, planes, graph, forest);
            } finally {
                lock.readLock().unlock();
            }
        } finally {
            writer.unlock();
        }
    }

    @Override
    public long memoryBytes() {
        lock.readLock().lock();
        try {
            Hyperplanes h = planes;
            return 256 + graph.bytes() + forest.bytes() + (h == null ? 0 : 4L * (h.planes().length + 2L * h.center().length));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public CascadeStats stats() {
        lock.readLock().lock();
        try {
            long edges = 0;
            for (int node = 0; node < graph.count(); node++) {
                edges += graph.state(node) == NeighbourGraph.FREE ? 0 : graph.degreeOf(node);
            }
            return new CascadeStats(graph.live(), graph.count(), graph.deleted(), consolidations, forest.nodes(), edges,
                    searches.sum(), searchDistances.sum(), buildDistances, memoryBytes());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        Thread c;
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            searchers.clear();
        } finally {
            lock.writeLock().unlock();
        }
        synchronized (work) {
            c = consolidator;
        }
        if (c != null && c != Thread.currentThread()) {
            try {
                c.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "CascadeVectorIndex[" + options + "]";
    }
}
