package syna.index.hnsw.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.DistanceMetric;
import syna.api.spi.ArrayVectorSource;
import syna.api.spi.OrdinalFilter;
import syna.api.spi.SearchOptions;
import syna.api.spi.VectorHit;
import syna.api.spi.VectorIndexConfig;
import syna.index.hnsw.HnswOptions;
import syna.index.hnsw.internal.graph.HnswGraph;
import syna.tests.Datasets;
import syna.tests.GroundTruth;
import syna.tests.Seeded;

/** Invariants of the graph the builder makes. */
@Seeded
class HnswGraphTest {
    private static HnswIndex index(ArrayVectorSource source, HnswOptions o) {
        return (HnswIndex) new HnswProvider().create(VectorIndexConfig.of(source, o.toMap()), source);
    }

    private static HnswIndex index(float[][] data, DistanceMetric metric, HnswOptions o) {
        return index(ArrayVectorSource.of(data, metric), o);
    }

    private static int[] ids(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        return ids;
    }

    private static double recall(HnswIndex idx, float[][] data, float[][] queries, int k) {
        double sum = 0;
        for (float[] q : queries) {
            long[] truth = GroundTruth.topK(idx.metric(), data, q, k, id -> true);
            java.util.Set<Long> t = new java.util.HashSet<>();
            for (long x : truth) {
                t.add(x);
            }
            List<VectorHit> hits = idx.search(q, k);
            sum += hits.stream().filter(h -> t.contains((long) h.ordinal())).count() / (double) k;
        }
        return sum / queries.length;
    }

    @Test
    void degreesNeverExceedTwoMOnLayerZeroAndMAbove(SplittableRandom r) {
        int m = 6;
        float[][] data = Datasets.gaussianMixture(r, 3000, 12, 8, 0.2);
        try (HnswIndex idx = index(data, DistanceMetric.EUCLIDEAN,
                HnswOptions.builder().maxConnections(m).efConstruction(40).seed(r.nextLong()).buildThreads(2).build())) {
            idx.addAll(ids(data.length));
            HnswGraph g = idx.graph();
            int[] buf = new int[2 * m + 1];
            int maxDegree0 = 0;
            for (int node = 0; node < g.limit(); node++) {
                int n0 = g.neighbours(node, 0, buf, Integer.MAX_VALUE);
                assertTrue(n0 <= 2 * m, "layer 0 degree " + n0);
                assertTrue(n0 > 0, "node " + node + " has no links");
                maxDegree0 = Math.max(maxDegree0, n0);
                for (int i = 0; i < n0; i++) {
                    assertTrue(buf[i] != node, "self link");
                }
                for (int layer = 1; layer <= g.level(node); layer++) {
                    int n = g.neighbours(node, layer, buf, Integer.MAX_VALUE);
                    assertTrue(n <= m, "layer " + layer + " degree " + n);
                    for (int i = 0; i < n; i++) {
                        assertTrue(g.level(buf[i]) >= layer, "link to a node absent from layer " + layer);
                    }
                }
            }
            assertEquals(2 * m, maxDegree0, "the base layer does use its 2M links");
            assertEquals(g.level(g.entryNode()), g.maxLevel());
        }
    }

    @Test
    void levelsFollowTheGeometricDistribution() {
        int m = 16;
        try (HnswIndex idx = index(new float[][] {{1, 2, 3, 4}}, DistanceMetric.EUCLIDEAN,
                HnswOptions.builder().maxConnections(m).seed(7).build())) {
            int n = 200_000;
            int[] atLeast = new int[5];
            for (int node = 0; node < n; node++) {
                int l = idx.levelOf(node);
                for (int j = 0; j <= Math.min(l, 4); j++) {
                    atLeast[j]++;
                }
            }
            // P(level >= j) = M^-j with m_L = 1/ln M.
            for (int j = 1; j <= 3; j++) {
                double expected = n * Math.pow(m, -j);
                assertTrue(Math.abs(atLeast[j] - expected) < 5 * Math.sqrt(expected) + 2,
                        "level >= " + j + ": " + atLeast[j] + " vs " + expected);
            }
        }
    }

    @Test
    void deletedIdsAreNeverReturnedEvenWhenMostAreDeleted(SplittableRandom r) {
        float[][] data = Datasets.uniform(r, 2000, 8);
        try (HnswIndex idx = index(data, DistanceMetric.COSINE, HnswOptions.builder().maxConnections(8).efConstruction(60).build())) {
            idx.addAll(ids(data.length));
            for (int i = 0; i < data.length; i++) {
                if (i % 10 != 0) {
                    idx.delete(i);
                }
            }
            assertEquals(200, idx.size());
            for (int q = 0; q < 50; q++) {
                List<VectorHit> hits = idx.search(data[q], 10);
                assertEquals(10, hits.size());
                for (VectorHit h : hits) {
                    assertEquals(0, h.ordinal() % 10, "deleted ordinal " + h.ordinal());
                }
                List<VectorHit> filtered = idx.search(data[q], 10,
                        SearchOptions.defaults().withFilter(OrdinalFilter.of(o -> o % 20 == 0)));
                assertEquals(10, filtered.size());
                filtered.forEach(h -> assertEquals(0, h.ordinal() % 20));
            }
        }
    }

    @Test
    void parallelBuildReachesTheRecallOfASequentialOne(SplittableRandom r) {
        float[][] data = Datasets.uniform(r, 4000, 16);
        float[][] queries = Datasets.uniform(r, 60, 16);
        HnswOptions.Builder b = HnswOptions.builder().maxConnections(8).efConstruction(80).efSearch(40).seed(11);
        double seq;
        double par;
        try (HnswIndex idx = index(data, DistanceMetric.EUCLIDEAN, b.buildThreads(1).build())) {
            idx.addAll(ids(data.length));
            seq = recall(idx, data, queries, 10);
        }
        try (HnswIndex idx = index(data, DistanceMetric.EUCLIDEAN, b.buildThreads(4).build())) {
            idx.addAll(ids(data.length));
            assertEquals(data.length, idx.size());
            par = recall(idx, data, queries, 10);
        }
        assertTrue(seq >= 0.9, "sequential recall " + seq);
        assertTrue(par >= seq - 0.03, "parallel recall " + par + " vs sequential " + seq);
    }

    @Test
    void concurrentAddsDeletesAndSearchesKeepTheGraphWhole(SplittableRandom r) throws InterruptedException {
        float[][] data = Datasets.uniform(r, 3000, 8);
        try (HnswIndex idx = index(data, DistanceMetric.EUCLIDEAN, HnswOptions.builder().maxConnections(8).efConstruction(40).build())) {
            java.util.concurrent.ConcurrentLinkedQueue<Throwable> errors = new java.util.concurrent.ConcurrentLinkedQueue<>();
            List<Thread> threads = new java.util.ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int from = t * 1000;
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (int i = from; i < from + 1000; i++) {
                            idx.add(i);
                            if (i % 7 == 0) {
                                idx.delete(i);
                            }
                            if (i % 50 == 0) {
                                int upTo = i;
                                // Ids this thread deleted never come back; other threads' may be mid add-then-delete.
                                idx.search(data[i], 5).forEach(h -> assertTrue(
                                        h.ordinal() < from || h.ordinal() > upTo || h.ordinal() % 7 != 0,
                                        "deleted " + h.ordinal()));
                            }
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertTrue(errors.isEmpty(), () -> "failed: " + errors.peek());
            assertEquals(3000 - 429, idx.size());
            int found = 0;
            for (int i = 1; i < 3000; i += 7) {
                found += idx.search(data[i], 1).getFirst().ordinal() == i ? 1 : 0;
            }
            assertTrue(found >= 0.95 * 429, found + " of 429 found themselves");
            int[] buf = new int[17];
            HnswGraph g = idx.graph();
            for (int node = 0; node < g.limit(); node++) {
                assertTrue(g.neighbours(node, 0, buf, Integer.MAX_VALUE) <= 16);
                assertTrue((g.meta(node) & HnswGraph.READY) != 0, "node " + node + " never finished");
            }
        }
    }

    @Test
    void loadedIndexTakesInsertsAndDeletes(@TempDir Path dir, SplittableRandom r) {
        float[][] data = Datasets.uniform(r, 1500, 20);
        Path file = dir.resolve("h.syna");
        ArrayVectorSource source = ArrayVectorSource.of(data, DistanceMetric.EUCLIDEAN);
        try (HnswIndex idx = index(source, HnswOptions.builder().maxConnections(8).build())) {
            idx.addAll(ids(1000));
            idx.save(file);
        }
        try (HnswIndex idx = (HnswIndex) new HnswProvider().load(file, source)) {
            assertEquals(HnswOptions.builder().maxConnections(8).build().maxConnections(), idx.options().maxConnections());
            for (int i = 1000; i < 1500; i++) {
                idx.add(i);
            }
            idx.delete(3);
            assertEquals(1499, idx.size());
            assertEquals(1200, idx.search(data[1200], 1).getFirst().ordinal());
            assertEquals(7, idx.search(data[7], 1).getFirst().ordinal());
            assertTrue(idx.search(data[3], 5).stream().noneMatch(h -> h.ordinal() == 3));
            assertTrue(recall(idx, java.util.Arrays.copyOf(data, 1500), java.util.Arrays.copyOf(data, 40), 10) >= 0.9);
        }
    }

    /** Every list of every layer, ascending and distinct. */
    private static int[][][] lists(HnswGraph g) {
        int[][][] out = new int[g.limit()][][];
        int[] buf = new int[2 * g.maxConnections()];
        for (int node = 0; node < out.length; node++) {
            out[node] = new int[g.level(node) + 1][];
            for (int layer = 0; layer <= g.level(node); layer++) {
                int n = g.neighbours(node, layer, buf, Integer.MAX_VALUE);
                out[node][layer] = java.util.stream.IntStream.of(java.util.Arrays.copyOf(buf, n)).distinct().sorted()
                        .toArray();
            }
        }
        return out;
    }

    @Test
    void packedListsSurviveAThawACompactionAndAReload(@TempDir Path dir, SplittableRandom r) {
        float[][] data = Datasets.uniform(r, 2500, 10);
        ArrayVectorSource source = ArrayVectorSource.of(data, DistanceMetric.EUCLIDEAN);
        try (HnswIndex idx = index(source,
                HnswOptions.builder().maxConnections(6).efConstruction(40).seed(r.nextLong()).buildThreads(2).build())) {
            idx.addAll(ids(data.length));
            HnswGraph g = idx.graph();
            assertEquals(0, g.mutableNodes(), "addAll packs the graph");
            int[][][] before = lists(g);
            // A write thaws the node's page; every other list reads as before.
            int node = r.nextInt(g.limit());
            int other = (node + 1 + r.nextInt(g.limit() - 1)) % g.limit();
            synchronized (g.lock(node)) {
                g.setNeighbours(node, 0, new int[] {other}, 1);
            }
            assertEquals(HnswGraph.PAGE_SIZE, g.mutableNodes());
            before[node][0] = new int[] {other};
            assertTrue(java.util.Arrays.deepEquals(before, lists(g)), "lists after a thaw");
            g.compact();
            assertEquals(0, g.mutableNodes());
            assertTrue(java.util.Arrays.deepEquals(before, lists(g)), "lists after packing again");
            Path file = dir.resolve("p.syna");
            idx.save(file);
            try (HnswIndex loaded = (HnswIndex) new HnswProvider().load(file, source)) {
                assertEquals(0, loaded.graph().mutableNodes(), "a loaded graph is packed");
                assertTrue(java.util.Arrays.deepEquals(before, lists(loaded.graph())), "lists after a reload");
                int found = 0;
                for (int i = 0; i < data.length; i++) {
                    found += loaded.search(data[i], 1).getFirst().ordinal() == i ? 1 : 0;
                }
                assertTrue(found >= 0.97 * data.length, found + " of " + data.length + " found themselves");
            }
        }
    }

    @Test
    void singleAddsIntoAPackedGraphPackItAgainInTime(SplittableRandom r) {
        float[][] data = Datasets.uniform(r, 3000, 8);
        try (HnswIndex idx = index(data, DistanceMetric.EUCLIDEAN,
                HnswOptions.builder().maxConnections(6).efConstruction(30).seed(r.nextLong()).build())) {
            idx.addAll(ids(2000));
            assertEquals(0, idx.graph().mutableNodes());
            int packings = 0;
            int last = 0;
            for (int i = 2000; i < 3000; i++) {
                idx.add(i);
                int now = idx.graph().mutableNodes();
                packings += now < last ? 1 : 0;
                last = now;
            }
            // Each add earns the packing of 64 nodes: 1000 adds pay for about 20 packings of the 3 pages.
            assertTrue(packings >= 10, packings + " packings");
            int found = 0;
            for (int i = 0; i < data.length; i++) {
                found += idx.search(data[i], 1).getFirst().ordinal() == i ? 1 : 0;
            }
            assertTrue(found >= 0.97 * data.length, found + " of " + data.length + " found themselves");
        }
    }
}
