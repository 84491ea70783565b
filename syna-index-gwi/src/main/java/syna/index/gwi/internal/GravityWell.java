package syna.index.gwi.internal;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import syna.api.ClosedException;
import syna.api.DistanceMetric;
import syna.index.gwi.GwiOptions;
import syna.index.gwi.internal.build.Rebalancer;
import syna.index.gwi.internal.build.Trainer;
import syna.index.gwi.internal.cluster.CentroidSpace;
import syna.index.gwi.internal.search.Router;
import syna.api.spi.OrdinalFilter;
import syna.api.spi.VectorScorer;
import syna.api.spi.VectorSource;
import syna.index.gwi.internal.tree.CentroidTree;
import syna.index.gwi.internal.tree.Postings;
import syna.index.gwi.internal.util.IntList;
import syna.index.gwi.internal.util.TopK;

/**
 * The Gravity Well engine: posting lists of ordinals under a tree of attractors, over a source's vectors.
 * Until it is trained every ordinal sits in one list and search is exact. Training (on the first
 * {@code train-size} vectors, or a sample the caller names) builds the tree and files every ordinal; then an
 * insert routes its vector to the nearest leaf and appends, a delete removes in O(1), and lists that outgrow
 * or fall under their bounds are split or merged by a {@link Rebalancer}, on a background thread by default.
 *
 * <p>Concurrent reads, one writer: searches share a read lock; inserts, deletes, training's install step and
 * each single split or merge take the write lock briefly (training and k-means run outside it). Thread-safe.
 */
public final class GravityWell implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GravityWell.class.getName());
    /** Vectors filed per write-lock hold in a bulk insert. */
    private static final int CHUNK = 256;
    /**
     * Growth since the last training after which the attractors are trained again in the background: splits keep
     * the lists bounded, but the upper levels of a tree trained on 10,000 vectors flatten out by 1,000,000.
     */
    static final int RETRAIN_GROWTH = 8;
    /** Members a list needs before an insert can be a suspect (far out for it; see {@code Rebalancer.outlier}). */
    private static final int SUSPECT_MIN_KNOWN = 8;

    private final VectorSource source;
    private final GwiOptions options;
    /** Where vectors are filed: k-means and inserts (euclidean for dot product: cells of the space). */
    private final CentroidSpace space;
    /** How a query ranks lists: the source's metric. */
    private final CentroidSpace querySpace;
    private final long seed;
    private final String label;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ConcurrentLinkedQueue<Searcher> searchers = new ConcurrentLinkedQueue<>();

    // Guarded by lock.
    private CentroidTree tree;
    private Postings postings;
    private Rebalancer rebalancer;
    private int branching;
    private boolean training;
    private int trainedSize;
    private IntList touched;
    private final Router writeRouter = new Router();
    private final float[] writeVector;
    private final IntList follow = new IntList();
    private long trainings;
    private long trainNanos;
    private long trainDistances;
    private long rebalanceNanos;
    private long insertDistances;
    private volatile boolean closed;

    // Background work, guarded by work.
    private final Object work = new Object();
    private final ArrayDeque<Integer> queue = new ArrayDeque<>();
    private final BitSet queued = new BitSet();
    private boolean trainRequested;
    private boolean idle = true;
    private Thread worker;
    private Throwable workerFailure;

    private final LongAdder searches = new LongAdder();
    private final LongAdder centroidDistances = new LongAdder();
    private final LongAdder vectorDistances = new LongAdder();

    /** An empty, untrained index over {@code source}; {@code seed} drives sampling and k-means. */
    public GravityWell(VectorSource source, GwiOptions options, long seed, String label) {
        this.source = source;
        this.options = options;
        this.space = new CentroidSpace(source.dimension(), partitionMetric(source.metric()));
        this.querySpace = new CentroidSpace(source.dimension(), source.metric());
        this.seed = seed;
        this.label = label;
        this.writeVector = new float[source.dimension()];
        this.postings = newPostings();
    }

    /** Empty postings, copying vectors into the lists when the options say so. */
    private Postings newPostings() {
        return options.copyVectors() ? new Postings(new Postings.Copy(source, querySpace)) : new Postings();
    }

    /** An index restored from a file: a trained tree (or null while untrained) and its postings. */
    public static GravityWell restored(VectorSource source, GwiOptions options, long seed, String label, CentroidTree tree,
            Postings postings, int branching, long trainings) {
        GravityWell g = new GravityWell(source, options, seed, label);
        g.lock.writeLock().lock();
        try {
            g.trainings = trainings;
            Postings p = postings;
            if (options.copyVectors()) {
                // the vectors are not in the file: copy them from the source, list by list, slot by slot
                p = g.newPostings();
                int slots = tree == null ? 1 : tree.capacity(tree.leafLevel());
                p.ensureLeaves(slots);
                for (int l = 0; l < slots; l++) {
                    int[] list = postings.list(l);
                    for (int i = 0; i < postings.size(l); i++) {
                        p.append(l, list[i]);
                    }
                }
            }
            g.postings = p;
            g.trainedSize = p.live();
            if (tree != null) {
                g.install(tree, p, branching);
                // A list left over the bounds by an interrupted rebalance is picked up again.
                int lvl = tree.leafLevel();
                for (int l = 0; l < tree.capacity(lvl); l++) {
                    if (g.rebalancer.needsSplit(l) || g.rebalancer.needsMerge(l)) {
                        g.schedule(l);
                    }
                }
            }
        } finally {
            g.lock.writeLock().unlock();
        }
        return g;
    }

    /** Trainings done (part of the seed of the next one); read under {@link #read}. */
    long trainingsLocked() {
        return trainings;
    }

    /**
     * The metric lists are clustered and filled with. Dot product partitions by euclidean distance: assigning by
     * the largest dot product would pour every vector into the centroid of largest norm, and an inverted file
     * needs cells; queries still rank the cells by dot product.
     */
    static DistanceMetric partitionMetric(DistanceMetric metric) {
        return metric == DistanceMetric.DOT_PRODUCT ? DistanceMetric.EUCLIDEAN : metric;
    }

    /** The options. */
    public GwiOptions options() {
        return options;
    }

    /** The seed in use. */
    public long seed() {
        return seed;
    }

    /** The source. */
    public VectorSource source() {
        return source;
    }

    private void checkOpen() {
        if (closed) {
            throw new ClosedException("gwi index " + label + " is closed");
        }
    }

    private Rebalancer.Limits limits(int branches) {
        return new Rebalancer.Limits(options.maxListSize(), options.minListSize(), options.reassignNeighbours(),
                Math.max(4, 2 * branches), options.assignBeam());
    }

    private Trainer.Plan plan() {
        return new Trainer.Plan(options.levels(), options.branches(), options.listSize(), options.iterations(),
                options.sampleSize());
    }

    private void install(CentroidTree t, Postings p, int branches) {
        tree = t;
        postings = p;
        branching = branches;
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL ^ trainings);
        if (rebalancer == null) {
            rebalancer = new Rebalancer(source, space, limits(branches), r, t, p);
        } else {
            Rebalancer old = rebalancer;
            rebalancer = new Rebalancer(source, space, limits(branches), r, t, p);
            rebalancer.splits = old.splits;
            rebalancer.merges = old.merges;
            rebalancer.reassigned = old.reassigned;
            rebalancer.distances = old.distances;
            rebalancer.rechecked = old.rechecked;
        }
    }

    // ---------------------------------------------------------------- writes

    /** Indexes the current vector of {@code ordinal}, replacing an earlier one. */
    public void add(int ordinal) {
        boolean train;
        lock.writeLock().lock();
        try {
            checkOpen();
            addLocked(ordinal);
            train = wantsTraining();
        } finally {
            lock.writeLock().unlock();
        }
        if (train) {
            if (options.rebalance() == GwiOptions.Rebalance.INLINE) {
                train(null);
            } else {
                requestTraining();
            }
        }
    }

    /** Whether the index has grown {@link #RETRAIN_GROWTH}-fold since it was trained (lock held). */
    private boolean growthDue() {
        return tree != null && !training && options.rebalance() != GwiOptions.Rebalance.OFF
                && postings.live() >= (long) RETRAIN_GROWTH * Math.max(1, trainedSize);
    }

    /** Indexes many; trains on this thread when they bring the index to its training size. */
    public void addAll(int[] ordinals) {
        int i = 0;
        while (i < ordinals.length) {
            lock.writeLock().lock();
            try {
                checkOpen();
                // Untrained, an insert is an append: larger steps. Trained, each routes through the tree.
                int to = Math.min(ordinals.length, i + (tree == null ? 16 * CHUNK : CHUNK));
                for (; i < to; i++) {
                    addLocked(ordinals[i]);
                }
            } finally {
                lock.writeLock().unlock();
            }
        }
        boolean first;
        boolean again;
        lock.readLock().lock();
        try {
            first = tree == null && !training && postings.live() >= options.trainSize();
            again = growthDue();
        } finally {
            lock.readLock().unlock();
        }
        if (first || (again && options.rebalance() == GwiOptions.Rebalance.INLINE)) {
            train(null);
        } else if (again) {
            requestTraining();
        }
    }

    /** Whether to train now: the first time on reaching train-size, again after growing (lock held). */
    private boolean wantsTraining() {
        return (tree == null && !training && postings.live() >= options.trainSize()) || growthDue();
    }

    private void addLocked(int ordinal) {
        if (training) {
            touched.add(ordinal);
        }
        int was = postings.remove(ordinal);
        if (tree == null) {
            postings.append(0, ordinal);
            return;
        }
        source.copy(ordinal, writeVector);
        // unprepared: only which centroid is nearest matters (see CentroidSpace)
        writeRouter.rank(tree, space, writeVector, options.assignBeam());
        insertDistances += writeRouter.takeDistances();
        int leaf = writeRouter.leaf(0);
        float d = space.preparedDistance(writeVector, writeRouter.distance(0));
        if (options.rebalance() != GwiOptions.Rebalance.OFF && rebalancer.outlier(leaf, d, SUSPECT_MIN_KNOWN)) {
            rebalancer.suspect(ordinal);
        }
        postings.append(leaf, ordinal, d);
        if (rebalancer.needsSplit(leaf)) {
            schedule(leaf);
        }
        if (was != Postings.ABSENT && was != leaf && rebalancer.needsMerge(was)) {
            schedule(was);
        }
    }

    /** Removes {@code ordinal}; returns whether it was held. */
    public boolean delete(int ordinal) {
        lock.writeLock().lock();
        try {
            checkOpen();
            int leaf = postings.remove(ordinal);
            if (leaf == Postings.ABSENT) {
                return false;
            }
            if (training) {
                touched.add(ordinal);
            }
            if (tree != null && rebalancer.needsMerge(leaf)) {
                schedule(leaf);
            }
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Whether {@code ordinal} is held. */
    public boolean contains(int ordinal) {
        lock.readLock().lock();
        try {
            checkOpen();
            return postings.contains(ordinal);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Ordinals held. */
    public int size() {
        lock.readLock().lock();
        try {
            return postings.live();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Whether the attractors are trained. */
    public boolean trained() {
        lock.readLock().lock();
        try {
            return tree != null;
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------- training

    /**
     * Trains (or retrains) the attractors on {@code sample} (null: on everything held, sampled) and files every
     * held ordinal, on this thread. Inserts and searches go on meanwhile; what changed during training is applied
     * before the new structure is installed.
     */
    public void train(int[] sample) {
        int[] snapshot;
        lock.writeLock().lock();
        try {
            checkOpen();
            if (training || (sample == null && tree != null && !growthDue())) {
                return;
            }
            training = true;
            touched = new IntList();
            snapshot = held();
        } finally {
            lock.writeLock().unlock();
        }
        boolean done = false;
        try {
            if (snapshot.length == 0) {
                return;
            }
            long t0 = System.nanoTime();
            SplittableRandom r = new SplittableRandom(seed + 0x9E3779B97F4A7C15L * (trainings + 1));
            Trainer.Plan plan = plan();
            int branches = plan.branching(snapshot.length);
            Trainer.Built built = Trainer.build(source, space, snapshot, sample, plan, limits(branches), r,
                    this::newPostings);
            long nanos = System.nanoTime() - t0;
            lock.writeLock().lock();
            try {
                if (closed) {
                    return;
                }
                Postings next = built.postings();
                CentroidTree t = built.tree();
                BitSet seen = new BitSet();
                Router router = new Router();
                for (int i = 0; i < touched.size(); i++) {
                    int o = touched.get(i);
                    if (seen.get(o)) {
                        continue;
                    }
                    seen.set(o);
                    next.remove(o);
                    if (postings.contains(o)) {
                        source.copy(o, writeVector);
                        // unprepared: only which centroid is nearest matters (see CentroidSpace)
                        router.rank(t, space, writeVector, options.assignBeam());
                        next.append(router.leaf(0), o);
                    }
                }
                trainings++;
                trainedSize = snapshot.length;
                install(t, next, branches);
                trainNanos += nanos;
                trainDistances += built.distances();
                training = false;
                touched = null;
                done = true;
                int lvl = t.leafLevel();
                for (int l = 0; l < t.capacity(lvl); l++) {
                    if (rebalancer.needsSplit(l) || rebalancer.needsMerge(l)) {
                        schedule(l);
                    }
                }
                LOG.log(System.Logger.Level.DEBUG, () -> String.format("gwi %s: trained %d leaves on %d vectors in %d ms",
                        label, t.leaves(), snapshot.length, nanos / 1_000_000));
            } finally {
                lock.writeLock().unlock();
            }
        } finally {
            if (!done) {
                lock.writeLock().lock();
                try {
                    training = false;
                    touched = null;
                } finally {
                    lock.writeLock().unlock();
                }
            }
        }
    }

    /** Every held ordinal (lock held). */
    private int[] held() {
        IntList all = new IntList(postings.live());
        int leaves = tree == null ? 1 : tree.capacity(tree.leafLevel());
        for (int l = 0; l < leaves; l++) {
            int[] list = postings.list(l);
            for (int i = 0; i < postings.size(l); i++) {
                all.add(list[i]);
            }
        }
        return all.toArray();
    }

    // ---------------------------------------------------------------- rebalancing

    /** Queues a leaf for a look (write lock held). */
    private void schedule(int leaf) {
        switch (options.rebalance()) {
            case OFF -> {
                // lists keep their trained centroids
            }
            case INLINE -> rebalanceNow(leaf);
            case BACKGROUND -> {
                synchronized (work) {
                    if (!queued.get(leaf)) {
                        queued.set(leaf);
                        queue.add(leaf);
                        idle = false;
                        startWorker();
                        work.notifyAll();
                    }
                }
            }
        }
    }

    /** Rebalances {@code leaf} and whatever it touches, on this thread (write lock held). */
    private void rebalanceNow(int leaf) {
        IntList todo = new IntList();
        todo.add(leaf);
        long t0 = System.nanoTime();
        int budget = 1 << 16;
        while (todo.size() > 0 && budget-- > 0) {
            int l = todo.get(todo.size() - 1);
            todo.swapRemove(todo.size() - 1);
            follow.clear();
            rebalancer.rebalance(l, follow);
            for (int i = 0; i < follow.size(); i++) {
                int f = follow.get(i);
                if (rebalancer.needsSplit(f) || rebalancer.needsMerge(f)) {
                    todo.add(f);
                }
            }
        }
        rebalanceNanos += System.nanoTime() - t0;
    }

    private void requestTraining() {
        synchronized (work) {
            trainRequested = true;
            idle = false;
            startWorker();
            work.notifyAll();
        }
    }

    private void startWorker() {
        if (worker == null && !closed) {
            worker = Thread.ofPlatform().daemon().name("syna-gwi-" + label).unstarted(this::workLoop);
            worker.start();
        }
    }

    private void workLoop() {
        while (true) {
            int leaf = -1;
            boolean train = false;
            synchronized (work) {
                while (!closed && queue.isEmpty() && !trainRequested) {
                    idle = true;
                    work.notifyAll();
                    try {
                        work.wait();
                    } catch (InterruptedException e) {
                        // close() interrupts; the loop condition sees closed
                    }
                }
                if (closed) {
                    idle = true;
                    work.notifyAll();
                    return;
                }
                if (trainRequested) {
                    trainRequested = false;
                    train = true;
                } else {
                    leaf = queue.poll();
                    queued.clear(leaf);
                }
            }
            try {
                if (train) {
                    train(null);
                } else {
                    rebalanceOne(leaf);
                }
            } catch (ClosedException e) {
                return;
            } catch (RuntimeException | Error e) {
                synchronized (work) {
                    workerFailure = e;
                }
                LOG.log(System.Logger.Level.WARNING, "gwi " + label + ": background "
                        + (train ? "training" : "rebalancing of list " + leaf) + " failed; search stays correct", e);
            }
        }
    }

    private void rebalanceOne(int leaf) {
        lock.writeLock().lock();
        try {
            if (closed || tree == null) {
                return;
            }
            long t0 = System.nanoTime();
            follow.clear();
            rebalancer.rebalance(leaf, follow);
            for (int i = 0; i < follow.size(); i++) {
                int f = follow.get(i);
                if (rebalancer.needsSplit(f) || rebalancer.needsMerge(f)) {
                    schedule(f);
                }
            }
            rebalanceNanos += System.nanoTime() - t0;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Waits until background training and rebalancing have nothing left to do, at most {@code millis}; returns
     * whether they finished.
     */
    public boolean awaitIdle(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (work) {
            while (!(idle && queue.isEmpty() && !trainRequested) && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(work, left);
            }
            return true;
        }
    }

    /** The last failure of background work, or null. */
    public Throwable backgroundFailure() {
        synchronized (work) {
            return workerFailure;
        }
    }

    // ---------------------------------------------------------------- search

    /** Per-thread scratch of a search. */
    private final class Searcher {
        final Router router = new Router();
        final TopK top = new TopK();
        final float[] prepared = new float[source.dimension()];
        final VectorScorer scorer = source.scorer();
        long scanned;
        private float[] distances = new float[256];
        private int[] accepted = new int[256];

        /** Scratch for {@code n} distances. */
        float[] distances(int n) {
            if (distances.length < n) {
                distances = new float[Math.max(n, 2 * distances.length)];
            }
            return distances;
        }

        /** Scratch for the ordinals of a list that a filter accepts. */
        int[] accepted(int n) {
            if (accepted.length < n) {
                accepted = new int[Math.max(n, 2 * accepted.length)];
            }
            return accepted;
        }
    }

    /**
     * The {@code k} nearest held ordinals that {@code filter} accepts, as packed (distance, ordinal) longs
     * nearest first ({@link TopK#pack}). {@code nprobe} lists at most (more only while fewer than k were found);
     * adaptive probing stops early at the first list farther than {@code d1 + ε·|d1|}, or once {@code patience}
     * lists in a row (0: never) left a full top k unchanged.
     */
    public long[] search(float[] query, int k, int nprobe, boolean adaptive, double epsilon, int patience,
            OrdinalFilter filter) {
        lock.readLock().lock();
        try {
            checkOpen();
            Searcher s = searchers.poll();
            if (s == null) {
                s = new Searcher();
            }
            try {
                return searchLocked(s, query, k, nprobe, adaptive, epsilon, patience, filter);
            } finally {
                searches.increment();
                centroidDistances.add(s.router.takeDistances());
                vectorDistances.add(s.scanned);
                s.scanned = 0;
                searchers.offer(s);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    private long[] searchLocked(Searcher s, float[] query, int k, int nprobe, boolean adaptive, double epsilon,
            int patience, OrdinalFilter filter) {
        int live = postings.live();
        if (live == 0) {
            return new long[0];
        }
        s.scorer.query(query);
        TopK top = s.top.reset(Math.min(k, live));
        boolean all = filter.acceptsAll();
        if (tree == null || k >= live) {
            return exactHeld(s, k, filter);
        }
        int leaves = tree.leaves();
        if (!all && filter.cardinality() >= 0) {
            // Plan: scanning the probed lists finds about nprobe·avg·(c/live) matches; if that is below k the scan
            // must run on to k·live/c vectors. Measuring the c accepted ordinals directly costs c.
            int c = filter.cardinality();
            double avg = (double) live / leaves;
            double probeCost = Math.max(Math.min(nprobe, leaves) * avg, c == 0 ? Double.MAX_VALUE : (double) k * live / c);
            if (c <= probeCost) {
                return exactAccepted(s, filter);
            }
        }
        System.arraycopy(query, 0, s.prepared, 0, s.prepared.length);
        querySpace.prepare(s.prepared);
        int beam = beamFor(adaptive ? Math.min(nprobe, 64) : nprobe);
        int n = s.router.rank(tree, querySpace, s.prepared, beam);
        float d1 = n == 0 ? 0 : s.router.distance(0);
        double threshold = d1 + epsilon * Math.abs(d1);
        long budget = all ? Long.MAX_VALUE : Math.max(live / 2, 1);
        long examined = 0;
        int quiet = 0;
        int j = 0;
        for (; j < n; j++) {
            boolean planned = j < nprobe && (!adaptive || j == 0 || s.router.distance(j) <= threshold)
                    && (patience == 0 || quiet < patience);
            if (!planned && top.full()) {
                break;
            }
            if (!planned && !all) {
                // The planned lists held fewer than k matches of a filter: measuring the matches exactly is the
                // answer that keeps recall (as HNSW does); going on list by list would return far matches first.
                return exactHeld(s, k, filter);
            }
            if (examined > budget) {
                // a selective filter of unknown size: fewer than k matches in half the data; measure them all
                return exactHeld(s, k, filter);
            }
            int leaf = s.router.leaf(j);
            int[] list = postings.list(leaf);
            int size = postings.size(leaf);
            VectorScorer scorer = s.scorer;
            examined += size;
            boolean changed = false;
            if (postings.copies() && all) {
                // the list's block, four vectors a pass
                float[] d = s.distances(size);
                querySpace.distances(s.prepared, postings.block(leaf), 0, size, d);
                for (int i = 0; i < size; i++) {
                    changed |= top.offer(d[i], list[i]);
                }
                s.scanned += size;
            } else if (postings.copies()) {
                float[] block = postings.block(leaf);
                for (int i = 0; i < size; i++) {
                    int o = list[i];
                    if (filter.accepts(o)) {
                        changed |= top.offer(querySpace.distance(s.prepared, block, i), o);
                        s.scanned++;
                    }
                }
            } else if (all) {
                // the source's batched distances (four vectors a pass where the source has such a kernel)
                float[] d = s.distances(size);
                scorer.distances(list, size, d);
                for (int i = 0; i < size; i++) {
                    changed |= top.offer(d[i], list[i]);
                }
                s.scanned += size;
            } else {
                // the accepted members first, then their distances in one batched call
                int[] acc = s.accepted(size);
                int m = 0;
                for (int i = 0; i < size; i++) {
                    int o = list[i];
                    if (filter.accepts(o)) {
                        acc[m++] = o;
                    }
                }
                float[] d = s.distances(m);
                scorer.distances(acc, m, d);
                for (int i = 0; i < m; i++) {
                    changed |= top.offer(d[i], acc[i]);
                }
                s.scanned += m;
            }
            // patience counts lists that left a full top k as it was
            quiet = changed || !top.full() ? 0 : quiet + 1;
        }
        if (!top.full() && j == n && n < leaves) {
            // the beam did not reach enough lists for k results
            return exactHeld(s, k, filter);
        }
        return top.sorted();
    }

    /**
     * Query beam per upper level: enough parents to hold about six times the probed lists, and four more. A
     * vector's nearest lists are often under parents other than the query's nearest few (the upper cells are
     * coarse), and recall at a fixed nprobe rose most where this beam grew; a parent costs one distance per
     * child, little beside the lists scanned.
     */
    private int beamFor(int nprobe) {
        if (options.beam() > 0) {
            return options.beam();
        }
        if (tree.levels() == 1) {
            return Integer.MAX_VALUE;
        }
        double children = (double) tree.leaves() / Math.max(1, tree.liveCount(tree.leafLevel() - 1));
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(6.0 * nprobe / Math.max(1, children)) + 4);
    }

    private long[] exactHeld(Searcher s, int k, OrdinalFilter filter) {
        TopK top = s.top.reset(Math.min(k, postings.live()));
        boolean all = filter.acceptsAll();
        int leaves = tree == null ? 1 : tree.capacity(tree.leafLevel());
        for (int l = 0; l < leaves; l++) {
            int[] list = postings.list(l);
            int size = postings.size(l);
            for (int i = 0; i < size; i++) {
                int o = list[i];
                if (all || filter.accepts(o)) {
                    top.offer(s.scorer.distance(o), o);
                    s.scanned++;
                }
            }
        }
        return top.sorted();
    }

    private long[] exactAccepted(Searcher s, OrdinalFilter filter) {
        TopK top = s.top;
        int limit = postings.ordinalCapacity();
        for (int o = filter.next(0, limit); o >= 0; o = filter.next(o + 1, limit)) {
            if (postings.contains(o)) {
                top.offer(s.scorer.distance(o), o);
                s.scanned++;
            }
        }
        return top.sorted();
    }

    // ---------------------------------------------------------------- state for save, stats, close

    /** Runs {@code body} with the structure under the read lock (a consistent snapshot for save). */
    public <T> T read(StateReader<T> body) {
        lock.readLock().lock();
        try {
            checkOpen();
            return body.read(tree, postings, branching);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Reads the structure. */
    @FunctionalInterface
    public interface StateReader<T> {
        /** Reads; {@code tree} is null while untrained. */
        T read(CentroidTree tree, Postings postings, int branching);
    }

    /** Counters, consistent under the read lock. */
    public record Counters(boolean trained, int size, int leaves, int largestList, double meanList, long searches,
            long centroidDistances, long vectorDistances, long trainings, long trainNanos, long trainDistances,
            long insertDistances, long splits, long merges, long reassigned, long rebalanceNanos,
            long rebalanceDistances, long rerouted, int suspects, long memoryBytes) {}

    /** The counters now. */
    public Counters counters() {
        lock.readLock().lock();
        try {
            int leaves = tree == null ? (postings.live() > 0 ? 1 : 0) : tree.leaves();
            int largest = 0;
            int cap = tree == null ? 1 : tree.capacity(tree.leafLevel());
            for (int l = 0; l < cap; l++) {
                if (tree == null || tree.isLive(tree.leafLevel(), l)) {
                    largest = Math.max(largest, postings.size(l));
                }
            }
            Rebalancer r = rebalancer;
            return new Counters(tree != null, postings.live(), leaves, largest,
                    leaves == 0 ? 0 : (double) postings.live() / leaves, searches.sum(), centroidDistances.sum(),
                    vectorDistances.sum(), trainings, trainNanos, trainDistances, insertDistances,
                    r == null ? 0 : r.splits, r == null ? 0 : r.merges, r == null ? 0 : r.reassigned, rebalanceNanos,
                    r == null ? 0 : r.distances, r == null ? 0 : r.rechecked, r == null ? 0 : r.suspects(),
                    memoryLocked());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Bytes of the index's own structure (not the source's vectors). */
    public long memoryBytes() {
        lock.readLock().lock();
        try {
            return memoryLocked();
        } finally {
            lock.readLock().unlock();
        }
    }

    private long memoryLocked() {
        long b = 256 + postings.bytes() + (tree == null ? 0 : tree.bytes());
        b += (long) searchers.size() * (8L * source.dimension() + 1024);
        return b;
    }

    /** Stops background work and refuses further use. Idempotent. */
    @Override
    public void close() {
        Thread w;
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lock.writeLock().unlock();
        }
        synchronized (work) {
            w = worker;
            queue.clear();
            queued.clear();
            trainRequested = false;
            work.notifyAll();
        }
        if (w != null && w != Thread.currentThread()) {
            w.interrupt();
            try {
                w.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether {@link #close()} ran. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "GravityWell[" + label + ", " + options + "]";
    }
}
