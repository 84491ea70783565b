package syna.index.gwi.internal.build;

import java.util.SplittableRandom;
import syna.index.gwi.internal.cluster.CentroidSpace;
import syna.index.gwi.internal.cluster.KMeans;
import syna.index.gwi.internal.cluster.OrdinalPoints;
import syna.api.spi.VectorSource;
import syna.index.gwi.internal.tree.CentroidTree;
import syna.index.gwi.internal.tree.Postings;
import syna.index.gwi.internal.util.IntList;

/**
 * Trains the attractors by hierarchical k-means (a vocabulary tree, Nistér and Stewénius, CVPR 2006) on a seeded
 * sample: k-means on the whole sample gives the top level; each node's members are clustered again into a number
 * of children proportional to their count, so leaves come out near the wanted list size; then every vector falls
 * to its nearest leaf through a beam, and lists over or under the bounds are split or merged (the same operations
 * streaming uses), which balances them. Stateless; thread-safe.
 */
public final class Trainer {
    private Trainer() {}

    /**
     * How to train.
     *
     * @param levels tree depth
     * @param branches children per node (0: from the list size)
     * @param listSize wanted vectors per list
     * @param iterations Lloyd iterations per k-means
     * @param sampleSize most vectors trained on (0: 64 per leaf)
     */
    public record Plan(int levels, int branches, int listSize, int iterations, int sampleSize) {
        /** Leaves wanted for {@code n} vectors. */
        public int leaves(int n) {
            if (branches > 0) {
                return (int) Math.min(1 << 24, Math.round(Math.pow(branches, levels)));
            }
            return Math.max(1, (int) Math.ceil((double) n / listSize));
        }

        /** Nodes wanted on {@code level} for {@code n} vectors. */
        public int nodes(int level, int n) {
            if (branches > 0) {
                return (int) Math.min(1 << 24, Math.round(Math.pow(branches, level + 1)));
            }
            return Math.max(1, (int) Math.round(Math.pow(leaves(n), (level + 1.0) / levels)));
        }

        /** The trained branching: children per upper node. */
        public int branching(int n) {
            return branches > 0 ? branches : Math.max(2, (int) Math.ceil(Math.pow(leaves(n), 1.0 / levels)));
        }
    }

    /** A trained, filled and balanced structure, with the work it took. */
    public record Built(CentroidTree tree, Postings postings, long distances) {}

    /**
     * Trains on {@code given} (null: a seeded sample of {@code ordinals}), then files all of {@code ordinals} and
     * balances the lists.
     */
    public static Built build(VectorSource source, CentroidSpace space, int[] ordinals, int[] given, Plan plan,
            Rebalancer.Limits limits, SplittableRandom random, java.util.function.Supplier<Postings> newPostings) {
        int n = ordinals.length;
        int leaves = plan.leaves(n);
        int s = plan.sampleSize() > 0 ? Math.min(n, plan.sampleSize()) : (int) Math.min(n, 64L * leaves);
        int[] sample = given != null && given.length > 0 ? given : s == n ? ordinals.clone() : pick(ordinals, s, random);
        long[] work = {0};
        CentroidTree tree = train(source, space, sample, plan, n, random, work);
        Postings postings = newPostings.get();
        postings.ensureLeaves(tree.capacity(tree.leafLevel()));
        Rebalancer r = new Rebalancer(source, space, limits, random, tree, postings);
        float[] x = new float[space.dimension()];
        for (int o : ordinals) {
            source.copy(o, x);
            // unprepared: only which centroid is nearest matters (see CentroidSpace)
            postings.append(r.nearestLeaf(x), o);
        }
        balance(r, tree, postings);
        recentre(source, space, tree, postings, r);
        return new Built(tree, postings, work[0] + r.distances);
    }

    /**
     * Moves every leaf's centroid to the mean of the vectors filed under it (one Lloyd update over all the
     * vectors, not the sample: a leaf trained on its share of the sample, about 64 points, is a noisy estimate of
     * the list it ends up with), then the upper nodes to their children's weighted means. Members stay where
     * they are; their kept distances are dropped.
     */
    static void recentre(VectorSource source, CentroidSpace space, CentroidTree tree, Postings postings, Rebalancer r) {
        int dim = space.dimension();
        int lvl = tree.leafLevel();
        float[] x = new float[dim];
        double[] sum = new double[dim];
        float[] mean = new float[dim];
        for (int leaf = 0; leaf < tree.capacity(lvl); leaf++) {
            int size = postings.size(leaf);
            if (!tree.isLive(lvl, leaf) || size == 0) {
                continue;
            }
            java.util.Arrays.fill(sum, 0);
            int[] list = postings.list(leaf);
            for (int i = 0; i < size; i++) {
                source.copy(list[i], x);
                space.prepare(x);
                for (int t = 0; t < dim; t++) {
                    sum[t] += x[t];
                }
            }
            for (int t = 0; t < dim; t++) {
                mean[t] = (float) (sum[t] / size);
            }
            space.finish(mean, 0);
            tree.set(lvl, leaf, mean, 0);
            postings.forgetDistances(leaf);
        }
        if (lvl > 0) {
            for (int id = 0; id < tree.capacity(lvl - 1); id++) {
                if (tree.isLive(lvl - 1, id)) {
                    r.refresh(lvl - 1, id);
                }
            }
        }
    }

    /** Splits every list over the bound and merges every list under it, until none is left. */
    static void balance(Rebalancer r, CentroidTree tree, Postings postings) {
        int lvl = tree.leafLevel();
        IntList work = new IntList();
        for (int l = 0; l < tree.capacity(lvl); l++) {
            if (tree.isLive(lvl, l)) {
                work.add(l);
            }
        }
        IntList follow = new IntList();
        // Each split makes lists smaller and each merge removes one, so this ends; the cap guards against cycles.
        long budget = 64L * (work.size() + 16);
        while (work.size() > 0 && budget-- > 0) {
            int leaf = work.get(work.size() - 1);
            work.swapRemove(work.size() - 1);
            follow.clear();
            r.rebalance(leaf, follow);
            for (int i = 0; i < follow.size(); i++) {
                int f = follow.get(i);
                if (r.needsSplit(f) || r.needsMerge(f)) {
                    work.add(f);
                }
            }
        }
    }

    private static int[] pick(int[] ordinals, int s, SplittableRandom random) {
        int[] idx = KMeans.sample(ordinals.length, s, random);
        int[] out = new int[s];
        for (int i = 0; i < s; i++) {
            out[i] = ordinals[idx[i]];
        }
        return out;
    }

    /** Hierarchical k-means over {@code sample}: level by level, each node's members clustered on their own. */
    static CentroidTree train(VectorSource source, CentroidSpace space, int[] sample, Plan plan, int n,
            SplittableRandom random, long[] work) {
        int dim = space.dimension();
        int levels = plan.levels();
        CentroidTree tree = new CentroidTree(dim, levels);
        // members[i]: the sample positions under node i of the current level
        KMeans.Result top = KMeans.run(new OrdinalPoints(source, space, sample), plan.nodes(0, n), plan.iterations(),
                space, random);
        work[0] += top.distances();
        IntList[] members = new IntList[top.k()];
        int[] ids = new int[top.k()];
        for (int j = 0; j < top.k(); j++) {
            ids[j] = tree.add(0, top.centroids(), j * dim, -1);
            members[j] = new IntList();
        }
        for (int i = 0; i < sample.length; i++) {
            members[top.assignment()[i]].add(sample[i]);
        }
        int[] nodeIds = ids;
        // one copy buffer for the many small runs below, instead of a fresh one each
        KMeans.Workspace workspace = new KMeans.Workspace();
        for (int l = 1; l < levels; l++) {
            int want = plan.nodes(l, n);
            IntList nextIds = new IntList();
            java.util.List<IntList> nextMembers = new java.util.ArrayList<>();
            for (int p = 0; p < nodeIds.length; p++) {
                IntList m = members[p];
                int k = (int) Math.max(1, Math.min(m.size(), Math.round((double) want * m.size() / Math.max(1, sample.length))));
                if (m.size() == 0 || k == 1) {
                    float[] c = new float[dim];
                    tree.copy(l - 1, nodeIds[p], c);
                    nextIds.add(tree.add(l, c, 0, nodeIds[p]));
                    nextMembers.add(m);
                    continue;
                }
                int[] mo = m.toArray();
                KMeans.Result r = KMeans.run(new OrdinalPoints(source, space, mo), k, plan.iterations(), space, random,
                        true, workspace);
                work[0] += r.distances();
                IntList[] sub = new IntList[r.k()];
                for (int j = 0; j < r.k(); j++) {
                    nextIds.add(tree.add(l, r.centroids(), j * dim, nodeIds[p]));
                    sub[j] = new IntList();
                    nextMembers.add(sub[j]);
                }
                for (int i = 0; i < mo.length; i++) {
                    sub[r.assignment()[i]].add(mo[i]);
                }
            }
            nodeIds = nextIds.toArray();
            members = nextMembers.toArray(new IntList[0]);
        }
        return tree;
    }
}
