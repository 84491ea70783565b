package syna.index.gwi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import syna.api.DistanceMetric;
import syna.index.gwi.GwiOptions;
import syna.index.gwi.internal.build.Rebalancer;
import syna.index.gwi.internal.cluster.CentroidSpace;
import syna.index.gwi.internal.search.Router;
import syna.index.gwi.internal.tree.CentroidTree;
import syna.index.gwi.internal.tree.Postings;
import syna.index.gwi.internal.util.IntList;
import syna.tests.Datasets;
import syna.tests.Seeded;

/**
 * A split's reassignment (LIRE's two checks), on vectors that are not unit length so that a scorer's cosine
 * (divided by the member's norm) and the partition space's (not divided) must not be mixed: afterwards no
 * member of a checked neighbour is nearer a new centroid than its own, and a member of the split lists that
 * moved away from the old centroid sits in the nearest of its own list and the checked neighbours.
 */
@Seeded
class RebalancerTest {
    private static final int NEIGHBOURS = 4;

    @Test
    void aSplitLeavesTheCheckedVectorsInTheirNearestList(SplittableRandom r) {
        for (DistanceMetric metric : DistanceMetric.values()) {
            float[][] data = Datasets.gaussianMixture(r, 3_000, 24, 12, 0.4);
            for (int i = 0; i < data.length; i++) {
                float scale = 0.2f + 5 * (float) r.nextDouble();
                for (int j = 0; j < data[i].length; j++) {
                    data[i][j] *= scale;
                }
            }
            TestSource src = new TestSource(data, metric);
            GwiOptions o = GwiOptions.builder().listSize(100).trainSize(data.length).seed(r.nextLong())
                    .rebalance(GwiOptions.Rebalance.OFF).build();
            try (GravityWell g = new GravityWell(src, o, o.seed().orElse(1L), "rebalancer-test")) {
                int[] all = new int[data.length];
                for (int i = 0; i < all.length; i++) {
                    all[i] = i;
                }
                g.addAll(all);
                g.read((tree, postings, branching) -> {
                    check(metric, src, tree, postings, r);
                    return null;
                });
            }
        }
    }

    /**
     * The distances the postings keep (each member's to its leaf's centroid, what a split compares the new
     * centroids against) stay those the scorer measures, through inserts routed to their leaf, splits, both
     * checks' moves, merges of lists emptied by deletes and re-inserts; most are known, so splits measure less.
     */
    @Test
    void keptDistancesAreTheScorersThroughSplitsMovesAndMerges(SplittableRandom r) {
        for (DistanceMetric metric : DistanceMetric.values()) {
            float[][] data = Datasets.gaussianMixture(r, 4_000, 16, 20, 0.3);
            for (float[] v : data) {
                float scale = 0.2f + 5 * (float) r.nextDouble();
                for (int j = 0; j < v.length; j++) {
                    v[j] *= scale;
                }
            }
            TestSource src = new TestSource(data, metric);
            GwiOptions o = GwiOptions.builder().listSize(30).trainSize(500).seed(r.nextLong())
                    .rebalance(GwiOptions.Rebalance.INLINE).build();
            try (GravityWell g = new GravityWell(src, o, o.seed().orElse(1L), "kept-distances")) {
                int[] first = new int[500];
                for (int i = 0; i < first.length; i++) {
                    first[i] = i;
                }
                g.addAll(first);
                for (int i = 500; i < data.length; i++) {
                    g.add(i);
                    if (i % 3 == 0) {
                        g.delete(r.nextInt(i));
                    }
                    if (i % 7 == 0) {
                        g.add(r.nextInt(i)); // re-insert (or insert again after a delete)
                    }
                }
                // then most vectors go, so lists fall under the floor and merge
                for (int i = 0; i < data.length; i++) {
                    if (r.nextInt(100) < 85) {
                        g.delete(i);
                    }
                }
                for (int i = 0; i < 300; i++) {
                    g.add(r.nextInt(data.length));
                }
                assertTrue(g.counters().splits() > 10 && g.counters().merges() > 0,
                        metric + ": splits " + g.counters().splits() + ", merges " + g.counters().merges());
                g.read((tree, postings, branching) -> {
                    CentroidSpace space = new CentroidSpace(src.dimension(), GravityWell.partitionMetric(metric));
                    var scorer = src.scorer(space.metric());
                    float[] c = new float[src.dimension()];
                    int lvl = tree.leafLevel();
                    int known = 0;
                    for (int leaf = 0; leaf < tree.capacity(lvl); leaf++) {
                        if (!tree.isLive(lvl, leaf)) {
                            continue;
                        }
                        tree.copy(lvl, leaf, c);
                        scorer.query(c);
                        for (int j = 0; j < postings.size(leaf); j++) {
                            int v = postings.list(leaf)[j];
                            float kept = postings.distance(v);
                            if (Float.isNaN(kept)) {
                                continue;
                            }
                            known++;
                            float d = scorer.distance(v);
                            assertEquals(d, kept, 1e-4f * (1 + Math.abs(d)), metric + ": vector " + v + " of leaf " + leaf);
                        }
                    }
                    assertTrue(known > postings.live() / 4, metric + ": " + known + " of " + postings.live() + " known");
                    return null;
                });
            }
        }
    }

    private static void check(DistanceMetric metric, TestSource src, CentroidTree tree, Postings postings, SplittableRandom r) {
        CentroidSpace space = new CentroidSpace(src.dimension(), GravityWell.partitionMetric(metric));
        int lvl = tree.leafLevel();
        int a = -1;
        for (int leaf = 0; leaf < tree.capacity(lvl); leaf++) {
            if (tree.isLive(lvl, leaf) && (a < 0 || postings.size(leaf) > postings.size(a))) {
                a = leaf;
            }
        }
        float[] old = new float[src.dimension()];
        tree.copy(lvl, a, old);
        Set<Integer> before = new HashSet<>();
        for (int leaf = 0; leaf < tree.capacity(lvl); leaf++) {
            if (tree.isLive(lvl, leaf)) {
                before.add(leaf);
            }
        }
        int beforeCount = postings.live();
        Set<Integer> splitMembers = new HashSet<>();
        for (int o : postings.copy(a)) {
            splitMembers.add(o);
        }
        Rebalancer.Limits limits = new Rebalancer.Limits(10, 0, NEIGHBOURS, 1_000, 3);
        new Rebalancer(src, space, limits, new SplittableRandom(r.nextLong()), tree, postings).split(a, new IntList());
        int b = -1;
        for (int leaf = 0; leaf < tree.capacity(lvl); leaf++) {
            if (tree.isLive(lvl, leaf) && !before.contains(leaf)) {
                b = leaf;
            }
        }
        assertTrue(b >= 0, metric + ": the split made a new leaf");
        assertEquals(beforeCount, postings.live(), metric + ": no vector lost or doubled");
        // the neighbours the split checked: the nearest leaves to the old centroid besides a and b
        Router router = new Router();
        int n = router.rank(tree, space, old, 3);
        int[] near = new int[NEIGHBOURS];
        int nn = 0;
        for (int i = 0; i < n && nn < NEIGHBOURS; i++) {
            int l = router.leaf(i);
            if (l != a && l != b) {
                near[nn++] = l;
            }
        }
        float[] cents = tree.centroids(lvl);
        float[] x = new float[src.dimension()];
        for (int i = 0; i < nn; i++) {
            int l = near[i];
            for (int j = 0; j < postings.size(l); j++) {
                int v = postings.list(l)[j];
                src.copy(v, x);
                float own = space.distance(x, cents, l);
                float slack = 1e-4f * (1 + Math.abs(own));
                assertTrue(own <= space.distance(x, cents, a) + slack && own <= space.distance(x, cents, b) + slack,
                        metric + ": vector " + v + " of neighbour " + l + " is nearer a new centroid than its own");
            }
        }
        for (int side : new int[] {a, b}) {
            for (int j = 0; j < postings.size(side); j++) {
                int v = postings.list(side)[j];
                if (!splitMembers.contains(v)) {
                    continue; // moved in from a neighbour by the second check: nearer this centroid than its own
                }
                src.copy(v, x);
                float own = space.distance(x, cents, side);
                float slack = 1e-4f * (1 + Math.abs(own));
                if (own <= space.distance(x, old, 0) + slack) {
                    continue; // nearer its new centroid than the old: still where it belongs
                }
                for (int i = 0; i < nn; i++) {
                    assertTrue(own <= space.distance(x, cents, near[i]) + slack, metric + ": vector " + v + " of split list "
                            + side + " is nearer neighbour " + near[i] + " and was not moved");
                }
            }
        }
    }
}
