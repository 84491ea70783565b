package syna.index.gwi.internal.build;

import java.util.Arrays;
import java.util.SplittableRandom;
import syna.index.gwi.internal.cluster.CentroidSpace;
import syna.index.gwi.internal.cluster.KMeans;
import syna.index.gwi.internal.cluster.OrdinalPoints;
import syna.index.gwi.internal.cluster.RowPoints;
import syna.index.gwi.internal.search.Router;
import syna.api.spi.VectorSource;
import syna.index.gwi.internal.tree.CentroidTree;
import syna.index.gwi.internal.tree.Postings;
import syna.index.gwi.internal.util.IntList;

/**
 * Keeps the posting lists balanced as vectors stream in, in the manner of SPFresh's LIRE protocol (Xu et al.,
 * SOSP 2023): an overfull list splits by 2-means into two leaves, and only boundary vectors move: members of
 * the split list now nearer a neighbouring leaf than their own, and members of the neighbouring lists now nearer
 * a new centroid than their own. A list that shrank below the floor is merged: its leaf is removed and its
 * members fall to their nearest remaining leaves. Parents follow their children (weighted mean), and a parent
 * whose children outgrow {@code maxChildren} splits the same way one level up.
 *
 * <p>Every method runs under the index's write lock and is short (one list and its neighbours). Not
 * thread-safe.
 */
public final class Rebalancer {
    /** 2-means iterations for a split. */
    private static final int SPLIT_ITERATIONS = 8;
    /** An insert this many times farther from its leaf's centroid than the members' median is a suspect. */
    static final float SUSPECT_FACTOR = 2f;
    /** Splits to wait before a suspect is routed again: new leaves must have had time to form near it. */
    static final int RECHECK_DELAY = 8;
    /** Most suspects routed again after one split. */
    static final int RECHECKS_PER_SPLIT = 64;
    /** Times a suspect is routed again while it stays where it is. */
    static final int RECHECK_TRIES = 3;
    /**
     * Splits remembered by the leaves they changed: a suspect queued fewer splits ago is measured against those
     * leaves only (the only centroids that can have come nearer than its own since it was routed), an older one
     * is routed through the tree again.
     */
    static final int CHANGED_SPLITS = 256;
    /** Most suspects waiting; later ones are not queued (they stay in the leaf nearest when they came). */
    static final int MAX_SUSPECTS = 1 << 20;

    private final VectorSource source;
    private final CentroidSpace space;
    private final Limits limits;
    private final SplittableRandom random;
    private final Router router = new Router();
    /** The split 2-means' copy of a list's prepared members, kept between splits. */
    private final KMeans.Workspace workspace = new KMeans.Workspace();
    private final float[] x;
    private final float[] old;
    /** A centroid of the leaf level copied out of the tree's matrix. */
    private final float[] centroid;
    /** Measures centroids against members in place, with the partition metric (four members a pass). */
    private final syna.api.spi.VectorScorer scorer;
    /** Distances of one list's members to one centroid, and to another, and to a third. */
    private float[] d0 = new float[0];
    private float[] d1 = new float[0];
    private float[] d2 = new float[0];
    /** Members whose distance {@link #known} measures, and their distances. */
    private int[] pick = new int[0];
    private float[] picked = new float[0];
    private int[] failedAt = new int[16];
    private CentroidTree tree;
    private Postings postings;
    /** Inserted vectors that may be filed in the wrong list, oldest first; see {@link #suspect}. */
    private final Suspects suspects = new Suspects();
    /** The two leaves of split number {@code k} (counted from 0) at {@code 2 * (k % CHANGED_SPLITS)} and the next. */
    private final int[] changed = new int[2 * CHANGED_SPLITS];
    private int[] candidates = new int[16];
    private float[] candidateDistances = new float[16];

    /** Counters of the work done, read by stats. */
    public long splits;
    /** Leaves merged away. */
    public long merges;
    /** Vectors moved to another list by a split's reassignment, a merge or a suspect's new routing. */
    public long reassigned;
    /** Suspects routed again. */
    public long rechecked;
    /** Distance computations spent rebalancing. */
    public long distances;

    /**
     * Bounds of the lists.
     *
     * @param maxList a list above this splits
     * @param minList a list below this merges (0: never)
     * @param neighbours lists near a split whose members are checked for reassignment
     * @param maxChildren an upper node with more children than this splits
     * @param assignBeam the beam with which vectors are routed to their leaf
     */
    public record Limits(int maxList, int minList, int neighbours, int maxChildren, int assignBeam) {}

    /** A rebalancer over {@code tree} and {@code postings}. */
    public Rebalancer(VectorSource source, CentroidSpace space, Limits limits, SplittableRandom random,
            CentroidTree tree, Postings postings) {
        this.source = source;
        this.space = space;
        this.limits = limits;
        this.random = random;
        this.x = new float[space.dimension()];
        this.old = new float[space.dimension()];
        this.centroid = new float[space.dimension()];
        this.scorer = source.scorer(space.metric());
        attach(tree, postings);
    }

    /** Works on another tree and postings from now on (a new training replaced them). */
    public void attach(CentroidTree tree, Postings postings) {
        this.tree = tree;
        this.postings = postings;
        this.failedAt = new int[16];
        suspects.clear();
    }

    /** The limits. */
    public Limits limits() {
        return limits;
    }

    /** Whether {@code leaf} should split: over the bound and not refused at a size it has not yet doubled. */
    public boolean needsSplit(int leaf) {
        int lvl = tree.leafLevel();
        if (!tree.isLive(lvl, leaf)) {
            return false;
        }
        int s = postings.size(leaf);
        return s > limits.maxList() && (leaf >= failedAt.length || s >= 2 * failedAt[leaf]);
    }

    /** Whether {@code leaf} should merge into its neighbours. */
    public boolean needsMerge(int leaf) {
        int lvl = tree.leafLevel();
        return tree.isLive(lvl, leaf) && tree.leaves() > 1 && postings.size(leaf) < limits.minList();
    }

    /** Splits or merges {@code leaf} if it needs it; leaves to look at next go to {@code followUps}. */
    public void rebalance(int leaf, IntList followUps) {
        if (needsSplit(leaf)) {
            split(leaf, followUps);
        } else if (needsMerge(leaf)) {
            merge(leaf, followUps);
        }
    }

    /** The nearest leaf to the prepared vector {@code v} (the routing an insert uses). */
    public int nearestLeaf(float[] v) {
        int n = router.rank(tree, space, v, limits.assignBeam());
        distances += router.takeDistances();
        return n == 0 ? -1 : router.leaf(0);
    }

    /** Splits {@code leaf} by 2-means and reassigns the boundary vectors; see the class comment. */
    public void split(int leaf, IntList followUps) {
        int lvl = tree.leafLevel();
        int dim = space.dimension();
        int[] members = postings.copy(leaf);
        // each member's distance to the old centroid, known for most (NaN: measured below)
        float[] before = new float[members.length];
        postings.copyDistances(leaf, before);
        KMeans.Result r = KMeans.run(new OrdinalPoints(source, space, members), 2, SPLIT_ITERATIONS, space, random,
                true, workspace);
        distances += r.distances();
        if (r.k() < 2 || r.sizes()[0] == 0 || r.sizes()[1] == 0) {
            // Identical (or nearly) vectors: no plane separates them. Try again once the list has doubled.
            if (leaf >= failedAt.length) {
                failedAt = Arrays.copyOf(failedAt, Math.max(leaf + 1, failedAt.length * 2));
            }
            failedAt[leaf] = Math.max(1, members.length);
            return;
        }
        splits++;
        tree.copy(lvl, leaf, old);
        float[] c = r.centroids();
        tree.set(lvl, leaf, c, 0);
        int y = tree.add(lvl, c, dim, tree.parent(lvl, leaf));
        int slot = (int) ((splits - 1) % CHANGED_SPLITS);
        changed[2 * slot] = leaf;
        changed[2 * slot + 1] = y;
        if (y < failedAt.length) {
            failedAt[y] = 0;
        }
        if (leaf < failedAt.length) {
            failedAt[leaf] = 0;
        }
        postings.ensureLeaves(y + 1);
        // The 2-means measured every (prepared) member against its new centroid: the scorer's scale.
        int[] assignment = r.assignment();
        float[] nearest = r.nearest();
        for (int i = 0; i < members.length; i++) {
            if (assignment[i] == 1) {
                postings.move(members[i], y, nearest[i]);
            } else {
                postings.distance(members[i], nearest[i]);
            }
        }
        reassign(leaf, y, members, assignment, nearest, before, followUps);
        followUps.add(leaf);
        followUps.add(y);
        recheck(followUps);
        if (lvl > 0) {
            int p = tree.parent(lvl, leaf);
            refresh(lvl - 1, p);
            if (tree.children(lvl - 1, p).size() > limits.maxChildren()) {
                splitInner(lvl - 1, p);
            }
        }
    }

    /**
     * LIRE's two checks after {@code a} (whose old centroid is {@link #old}) split into {@code a} and {@code b}:
     * {@code members} are the split list's, {@code side} their new list (1: {@code b}), {@code own} their distance
     * to its centroid and {@code before} to the old one (NaN: not known). Centroids are measured against all of a
     * list's members at once with the source's scorer (the centroid the query, four members a pass, read in
     * place), instead of each member copied out and measured against the centroids one by one: only which
     * centroid is nearest to a member matters (see {@link CentroidSpace}), and a scorer's distances from several
     * centroids to one member compare as the partition metric's do. A member's distance to its own centroid is
     * kept by the postings, so it is measured once, not at every split nearby.
     */
    private void reassign(int a, int b, int[] members, int[] side, float[] own, float[] before, IntList followUps) {
        if (limits.neighbours() == 0) {
            return;
        }
        int lvl = tree.leafLevel();
        float[] cents = tree.centroids(lvl);
        int n = router.rank(tree, space, old, Math.max(limits.assignBeam(), 2));
        distances += router.takeDistances();
        int[] near = new int[Math.min(n, limits.neighbours() + 2)];
        int nn = 0;
        for (int i = 0; i < n && nn < limits.neighbours(); i++) {
            int l = router.leaf(i);
            if (l != a && l != b) {
                near[nn++] = l;
            }
        }
        // 1. Members of the split lists: one that came nearer its new centroid than it was to the old one is still
        //    nearest to it (the old one was its nearest); the others may now belong to a neighbour.
        int m = scratch(members.length);
        System.arraycopy(old, 0, centroid, 0, old.length);
        distances += known(members, before, m, false);
        float[] d4 = new float[Math.max(4, nn)];
        for (int i = 0; i < m; i++) {
            if (own[i] <= before[i]) {
                continue;
            }
            int from = side[i] == 1 ? b : a;
            source.copy(members[i], x); // unprepared, as above
            int best = -1;
            // on the scale of the neighbours' distances below (the scorer's cosine divides by the member's norm)
            float bestD = space.distance(x, cents, from);
            distances++;
            space.distances(x, cents, near, nn, d4);
            for (int j = 0; j < nn; j++) {
                float d = d4[j];
                if (d < bestD) {
                    bestD = d;
                    best = near[j];
                }
            }
            distances += nn;
            if (best >= 0) {
                postings.move(members[i], best, space.preparedDistance(x, bestD));
                reassigned++;
                followUps.add(best);
            }
        }
        // 2. Members of the neighbouring lists that are now nearer a new centroid than their own.
        for (int i = 0; i < nn; i++) {
            int l = near[i];
            int[] list = postings.copy(l);
            m = scratch(list.length);
            postings.copyDistances(l, d0);
            tree.copy(lvl, l, centroid);
            distances += known(list, d0, m, true);
            measure(lvl, a, list, d1);
            measure(lvl, b, list, d2);
            distances += 2L * m;
            boolean lost = false;
            for (int j = 0; j < m; j++) {
                float dOwn = d0[j];
                float da = d1[j];
                float db = d2[j];
                if (da < dOwn || db < dOwn) {
                    postings.move(list[j], da <= db ? a : b, Math.min(da, db));
                    reassigned++;
                    lost = true;
                }
            }
            if (lost) {
                followUps.add(l);
            }
        }
    }

    /**
     * Notes that {@code ordinal}, just inserted, is far out for its leaf (see {@link #outlier}). LIRE's reassignment only looks at the lists around a split, so a vector that arrived
     * before any leaf of its own region existed (a cluster the training never saw: its first vectors scatter
     * over the nearest lists of other regions) can stay filed far from where it belongs once such leaves form
     * elsewhere; on 100K x 768 Gaussian data with half the clusters unseen, 3.9% of the vectors ended that way
     * and recall at a fixed nprobe lost 0.03. Once {@link #RECHECK_DELAY} splits have happened since, a suspect is
     * measured against the leaves they changed (see {@link #CHANGED_SPLITS}), up to {@link #RECHECK_TRIES} times
     * while it stays put. The
     * queue is in memory only: after a reopen the suspects stay where they are (found by search, only filed
     * farther out than they could be).
     */
    public void suspect(int ordinal) {
        if (suspects.size() < MAX_SUSPECTS) {
            suspects.add(ordinal, (int) splits, 0);
        }
    }

    /**
     * Whether a vector at {@code distance} from {@code leaf}'s centroid is far out for that list: beyond
     * {@link #SUSPECT_FACTOR} times its members' median distance, with at least {@code minKnown} members to
     * compare (distances the list does not know yet, as after training, are measured first, once).
     */
    public boolean outlier(int leaf, float distance, int minKnown) {
        if (postings.size(leaf) < minKnown) {
            return false;
        }
        if (postings.unknown(leaf) > 0) {
            int[] list = postings.copy(leaf);
            int m = scratch(list.length);
            postings.copyDistances(leaf, d0);
            tree.copy(tree.leafLevel(), leaf, centroid);
            distances += known(list, d0, m, true);
        }
        return postings.beyond(leaf, distance, SUSPECT_FACTOR, minKnown);
    }

    /** Suspects waiting to be routed again. */
    public int suspects() {
        return suspects.size();
    }

    /** Checks again the suspects old enough (see {@link #suspect}), at most {@link #RECHECKS_PER_SPLIT}. */
    private void recheck(IntList followUps) {
        int now = (int) splits;
        for (int budget = RECHECKS_PER_SPLIT; budget > 0 && suspects.size() > 0
                && now - suspects.stamp() >= RECHECK_DELAY; budget--) {
            int o = suspects.ordinal();
            int tries = suspects.tries();
            int since = suspects.stamp();
            suspects.pop();
            int from = postings.leafOf(o);
            if (from == Postings.ABSENT) {
                continue; // deleted, or replaced and filed afresh
            }
            rechecked++;
            source.copy(o, x);
            // unprepared: only which centroid is nearest matters (see CentroidSpace)
            boolean recent = now - since <= CHANGED_SPLITS;
            int to = recent ? nearestChanged(x, from, since, now) : nearestLeaf(x);
            float toDistance = recent ? bestChanged : router.distance(0);
            if (to >= 0 && to != from) {
                postings.move(o, to, space.preparedDistance(x, toDistance));
                reassigned++;
                followUps.add(to);
                followUps.add(from);
            } else if (tries + 1 < RECHECK_TRIES) {
                suspects.add(o, now, tries + 1);
            }
        }
    }

    /** The distance of {@link #nearestChanged}'s answer (unprepared, as measured). */
    private float bestChanged;

    /**
     * The nearest to {@code v} of leaf {@code from} and the live leaves that splits {@code [since, now)} changed
     * (its distance in {@link #bestChanged}).
     */
    private int nearestChanged(float[] v, int from, int since, int now) {
        int lvl = tree.leafLevel();
        int n = 0;
        int need = 1 + 2 * (now - since);
        if (candidates.length < need) {
            candidates = new int[need];
            candidateDistances = new float[need];
        }
        candidates[n++] = from;
        for (int k = since; k != now; k++) {
            int slot = 2 * (Integer.remainderUnsigned(k, CHANGED_SPLITS));
            for (int t = 0; t < 2; t++) {
                int l = changed[slot + t];
                if (l != from && tree.isLive(lvl, l)) {
                    candidates[n++] = l;
                }
            }
        }
        space.distances(v, tree.centroids(lvl), candidates, n, candidateDistances);
        distances += n;
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (candidateDistances[i] < candidateDistances[best]) {
                best = i;
            }
        }
        bestChanged = candidateDistances[best];
        return candidates[best];
    }

    /** A FIFO of (ordinal, splits count when queued, tries), growing as needed. */
    private static final class Suspects {
        private int[] ordinals = new int[64];
        private int[] stamps = new int[64];
        private byte[] tries = new byte[64];
        private int head;
        private int size;

        int size() {
            return size;
        }

        void clear() {
            head = 0;
            size = 0;
        }

        void add(int ordinal, int stamp, int t) {
            if (size == ordinals.length) {
                int n = ordinals.length;
                int[] o = new int[2 * n];
                int[] s = new int[2 * n];
                byte[] r = new byte[2 * n];
                for (int i = 0; i < size; i++) {
                    int j = (head + i) % n;
                    o[i] = ordinals[j];
                    s[i] = stamps[j];
                    r[i] = tries[j];
                }
                ordinals = o;
                stamps = s;
                tries = r;
                head = 0;
            }
            int j = (head + size) % ordinals.length;
            ordinals[j] = ordinal;
            stamps[j] = stamp;
            tries[j] = (byte) t;
            size++;
        }

        int ordinal() {
            return ordinals[head];
        }

        int stamp() {
            return stamps[head];
        }

        int tries() {
            return tries[head];
        }

        void pop() {
            head = (head + 1) % ordinals.length;
            size--;
        }
    }

    /**
     * Fills the NaN entries of {@code dist[0, m)} with the distances of those of {@code ordinals} from
     * {@link #centroid}, measured in one batch, and records them in the postings when {@code record} (the
     * centroid is the ordinals' own leaf's); returns how many were measured.
     */
    private int known(int[] ordinals, float[] dist, int m, boolean record) {
        int unknown = 0;
        for (int i = 0; i < m; i++) {
            if (Float.isNaN(dist[i])) {
                unknown++;
            }
        }
        if (unknown == 0) {
            return 0;
        }
        if (pick.length < unknown) {
            pick = new int[Math.max(unknown, 2 * pick.length)];
            picked = new float[pick.length];
        }
        int u = 0;
        for (int i = 0; i < m; i++) {
            if (Float.isNaN(dist[i])) {
                pick[u++] = ordinals[i];
            }
        }
        scorer.query(centroid).distances(pick, u, picked);
        u = 0;
        for (int i = 0; i < m; i++) {
            if (Float.isNaN(dist[i])) {
                float d = picked[u++];
                dist[i] = d;
                if (record) {
                    postings.distance(ordinals[i], d);
                }
            }
        }
        return unknown;
    }

    /** Sizes the distance scratch for {@code m} members; returns {@code m}. */
    private int scratch(int m) {
        if (d0.length < m) {
            int len = Math.max(m, 2 * d0.length);
            d0 = new float[len];
            d1 = new float[len];
            d2 = new float[len];
        }
        return m;
    }

    /** Distances from leaf {@code id}'s centroid to every one of {@code members}, into {@code out}. */
    private void measure(int lvl, int id, int[] members, float[] out) {
        tree.copy(lvl, id, centroid);
        scorer.query(centroid).distances(members, members.length, out);
    }

    /** Removes {@code leaf} and lets its members fall to their nearest remaining leaves. */
    public void merge(int leaf, IntList followUps) {
        int lvl = tree.leafLevel();
        int[] members = postings.copy(leaf);
        int p = tree.parent(lvl, leaf);
        tree.remove(lvl, leaf);
        merges++;
        for (int o : members) {
            source.copy(o, x);
            // unprepared: only which centroid is nearest matters (see CentroidSpace)
            int to = nearestLeaf(x);
            postings.move(o, to, space.preparedDistance(x, router.distance(0)));
            reassigned++;
            followUps.add(to);
        }
        postings.release(leaf);
        if (lvl > 0) {
            pruneUp(lvl - 1, p);
        }
    }

    /** Removes upper nodes left without children, and refreshes the rest up to the top. */
    private void pruneUp(int level, int id) {
        while (level >= 0) {
            int up = tree.parent(level, id);
            if (tree.children(level, id).size() == 0) {
                tree.remove(level, id);
            } else {
                refresh(level, id);
            }
            if (level == 0) {
                return;
            }
            level--;
            id = up;
        }
    }

    /** Vectors under a node. */
    private long weight(int level, int id) {
        if (level == tree.leafLevel()) {
            return postings.size(id);
        }
        long w = 0;
        IntList ch = tree.children(level, id);
        for (int i = 0; i < ch.size(); i++) {
            w += weight(level + 1, ch.get(i));
        }
        return w;
    }

    /** Sets an upper node's centroid to the weighted mean of its children's, then its ancestors'. */
    public void refresh(int level, int id) {
        while (true) {
            recompute(level, id);
            if (level == 0) {
                return;
            }
            id = tree.parent(level, id);
            level--;
        }
    }

    private void recompute(int level, int id) {
        IntList ch = tree.children(level, id);
        int dim = space.dimension();
        double[] sum = new double[dim];
        float[] cc = tree.centroids(level + 1);
        double total = 0;
        for (int i = 0; i < ch.size(); i++) {
            int c = ch.get(i);
            double w = Math.max(1, weight(level + 1, c));
            total += w;
            for (int t = 0; t < dim; t++) {
                sum[t] += w * cc[c * dim + t];
            }
        }
        if (total == 0) {
            return;
        }
        float[] mean = new float[dim];
        for (int t = 0; t < dim; t++) {
            mean[t] = (float) (sum[t] / total);
        }
        space.prepare(mean);
        tree.set(level, id, mean, 0);
    }

    /** Splits an upper node whose children outgrew the bound by 2-means over their centroids. */
    private void splitInner(int level, int node) {
        int dim = space.dimension();
        int[] ch = tree.children(level, node).toArray();
        float[] w = new float[ch.length];
        for (int i = 0; i < ch.length; i++) {
            w[i] = Math.max(1, weight(level + 1, ch[i]));
        }
        KMeans.Result r = KMeans.run(new RowPoints(tree.centroids(level + 1), dim, ch, w), 2, SPLIT_ITERATIONS,
                space, random);
        distances += r.distances();
        if (r.k() < 2 || r.sizes()[0] == 0 || r.sizes()[1] == 0) {
            return;
        }
        int q = tree.add(level, r.centroids(), dim, tree.parent(level, node));
        for (int i = 0; i < ch.length; i++) {
            if (r.assignment()[i] == 1) {
                tree.reparent(level + 1, ch[i], q);
            }
        }
        recompute(level, q);
        refresh(level, node);
        if (level > 0) {
            int p = tree.parent(level, node);
            if (tree.children(level - 1, p).size() > limits.maxChildren()) {
                splitInner(level - 1, p);
            }
        }
    }
}
