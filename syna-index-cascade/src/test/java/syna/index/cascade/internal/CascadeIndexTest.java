package syna.index.cascade.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.DistanceMetric;
import syna.api.spi.ArrayVectorSource;
import syna.api.spi.SearchOptions;
import syna.api.spi.VectorHit;
import syna.api.spi.VectorIndexConfig;
import syna.index.cascade.CascadeIndex;
import syna.index.cascade.CascadeOptions;
import syna.index.cascade.CascadeStats;
import syna.index.cascade.internal.graph.NeighbourGraph;
import syna.tests.Datasets;
import syna.tests.GroundTruth;
import syna.tests.Seeded;

/** Graph invariants, deletes and consolidation, every preset, reopening without a rebuild. */
@Seeded
class CascadeIndexTest {
    private static int[] range(int from, int to) {
        int[] o = new int[to - from];
        for (int i = 0; i < o.length; i++) {
            o[i] = from + i;
        }
        return o;
    }

    private static CascadeVectorIndex index(ArrayVectorSource src, CascadeOptions o) {
        return (CascadeVectorIndex) new CascadeProvider().create(VectorIndexConfig.of(src, o.toMap()), src);
    }

    private static double recall(CascadeIndex idx, float[][] data, float[][] queries, int k, BitSet alive, int ef) {
        double sum = 0;
        for (float[] q : queries) {
            long[] truth = GroundTruth.topK(idx.metric(), data, q, k, id -> alive.get((int) id));
            Set<Integer> t = new HashSet<>();
            for (long x : truth) {
                t.add((int) x);
            }
            List<VectorHit> hits = idx.search(q, k, SearchOptions.defaults().withEffort(ef));
            sum += hits.stream().filter(h -> t.contains(h.ordinal())).count() / (double) truth.length;
        }
        return sum / queries.length;
    }

    private static BitSet all(int n) {
        BitSet b = new BitSet();
        b.set(0, n);
        return b;
    }

    @Test
    void degreesStayBoundedAndLinksPointAtNodes(SplittableRandom r) {
        float[][] data = Datasets.gaussianMixture(r, 3000, 16, 12, 0.2);
        CascadeOptions o = CascadeOptions.builder().degree(12).seed(r.nextLong()).build();
        try (CascadeVectorIndex idx = index(ArrayVectorSource.of(data, DistanceMetric.EUCLIDEAN), o)) {
            idx.addAll(range(0, 3000));
            NeighbourGraph g = idx.graph();
            int[] adj = g.adjacency();
            long edges = 0;
            for (int node = 0; node < g.count(); node++) {
                int d = g.degreeOf(node);
                assertTrue(d <= g.stride(), "node " + node + " has " + d + " links");
                for (int i = 0; i < d; i++) {
                    int v = adj[node * g.stride() + i];
                    assertTrue(v >= 0 && v < g.count() && v != node && g.isLive(v));
                }
                edges += d;
            }
            assertTrue(edges >= 3000L * 4, "a connected sparse graph, " + edges + " links");
        }
    }

    @Test
    void everyPresetFindsItsNeighbours(SplittableRandom r) {
        float[][] all = Datasets.normalize(Datasets.gaussianMixture(r, 4040, 32, 30, 0.15));
        float[][] data = Arrays.copyOf(all, 4000);
        float[][] queries = Arrays.copyOfRange(all, 4000, 4040);
        for (CascadeOptions.Preset p : CascadeOptions.Preset.values()) {
            try (CascadeVectorIndex idx = index(ArrayVectorSource.of(data, DistanceMetric.COSINE),
                    CascadeOptions.preset(p).seed(r.nextLong()).build())) {
                idx.addAll(range(0, 4000));
                double rec = recall(idx, data, queries, 10, all(4000), 0);
                assertTrue(rec >= (p == CascadeOptions.Preset.HIGH_RECALL ? 0.98 : 0.85), p + " recall " + rec);
            }
        }
    }

    @Test
    void deletedNeverReturnAndConsolidationRemovesThem(SplittableRandom r) throws InterruptedException {
        float[][] all = Datasets.gaussianMixture(r, 5040, 16, 20, 0.2);
        float[][] data = Arrays.copyOf(all, 5000);
        float[][] queries = Arrays.copyOfRange(all, 5000, 5040);
        try (CascadeVectorIndex idx = index(ArrayVectorSource.of(data, DistanceMetric.EUCLIDEAN),
                CascadeOptions.builder().seed(r.nextLong()).consolidateFraction(1).build())) {
            idx.addAll(range(0, 5000));
            BitSet alive = all(5000);
            for (int i = 0; i < 5000; i += 4) {
                assertTrue(idx.delete(i));
                alive.clear(i);
            }
            assertFalse(idx.delete(0));
            assertEquals(3750, idx.size());
            assertEquals(1250, idx.stats().tombstones(), "fraction 1: no consolidation yet");
            for (float[] q : queries) {
                for (VectorHit h : idx.search(q, 20, SearchOptions.defaults())) {
                    assertTrue(alive.get(h.ordinal()), "deleted " + h.ordinal() + " returned");
                }
            }
            double before = recall(idx, data, queries, 10, alive, 0);
            idx.consolidate();
            CascadeStats st = idx.stats();
            assertEquals(0, st.tombstones());
            assertEquals(1, st.consolidations());
            NeighbourGraph g = idx.graph();
            for (int node = 0; node < g.count(); node++) {
                for (int i = 0; i < g.degreeOf(node); i++) {
                    assertTrue(g.isLive(g.adjacency()[node * g.stride() + i]), "a link to a freed node survived");
                }
            }
            double after = recall(idx, data, queries, 10, alive, 0);
            assertTrue(after >= 0.9 && after >= before - 0.03, "recall " + before + " -> " + after);
            // freed ids are reused by new nodes, and a deleted ordinal added again is found again
            idx.add(0);
            assertTrue(idx.contains(0));
            assertEquals(0, idx.search(data[0], 1).getFirst().ordinal());
            assertTrue(idx.stats().nodes() <= 5000);
        }
    }

    @Test
    void backgroundConsolidationStartsOnItsOwn(SplittableRandom r) throws InterruptedException {
        float[][] data = Datasets.gaussianMixture(r, 3000, 8, 10, 0.2);
        try (CascadeVectorIndex idx = index(ArrayVectorSource.of(data, DistanceMetric.COSINE),
                CascadeOptions.builder().seed(r.nextLong()).consolidateFraction(0.1).build())) {
            idx.addAll(range(0, 3000));
            for (int i = 0; i < 600; i++) {
                idx.delete(i);
            }
            assertTrue(idx.awaitConsolidated(Duration.ofMinutes(2)));
            CascadeStats st = idx.stats();
            assertTrue(st.consolidations() >= 1, st.toString());
            assertTrue(st.tombstones() < 600, st.toString());
            assertEquals(2400, st.size());
        }
    }

    @Test
    void reopeningNeverRebuilds(@TempDir Path dir, SplittableRandom r) {
        float[][] data = Datasets.gaussianMixture(r, 2000, 12, 10, 0.2);
        ArrayVectorSource src = ArrayVectorSource.of(data, DistanceMetric.EUCLIDEAN);
        Path f = dir.resolve("i.cascade");
        long seed = r.nextLong();
        try (CascadeVectorIndex idx = index(src, CascadeOptions.builder().seed(seed).consolidateFraction(1).build())) {
            idx.addAll(range(0, 2000));
            for (int i = 0; i < 100; i++) {
                idx.delete(i * 7);
            }
            idx.save(f);
            long bytes = idx.memoryBytes();
            try (CascadeVectorIndex loaded = (CascadeVectorIndex) new CascadeProvider().load(f, src)) {
                assertEquals(seed, loaded.seed());
                assertEquals(idx.stats().bucketTreeNodes(), loaded.stats().bucketTreeNodes());
                assertEquals(idx.stats().edges(), loaded.stats().edges());
                assertEquals(100, loaded.stats().tombstones(), "tombstones come back as tombstones");
                assertEquals(0, loaded.stats().buildDistances(), "nothing was inserted again on load");
                assertTrue(loaded.memoryBytes() > 0 && bytes > 0);
                NeighbourGraph a = idx.graph();
                NeighbourGraph b = loaded.graph();
                for (int node = 0; node < a.count(); node++) {
                    assertEquals(a.state(node), b.state(node));
                    assertArrayEquals(Arrays.copyOfRange(a.adjacency(), node * a.stride(), node * a.stride() + a.degreeOf(node)),
                            Arrays.copyOfRange(b.adjacency(), node * b.stride(), node * b.stride() + b.degreeOf(node)));
                }
                for (int q = 0; q < 20; q++) {
                    assertEquals(idx.search(data[q], 10), loaded.search(data[q], 10));
                }
            }
        }
        assertTrue(Files.exists(f));
    }

    @Test
    void reAddReplacesAndChurnKeepsRecall(SplittableRandom r) throws InterruptedException {
        float[][] all = Datasets.normalize(Datasets.gaussianMixture(r, 6040, 24, 25, 0.2));
        float[][] data = Arrays.copyOf(all, 6000);
        float[][] queries = Arrays.copyOfRange(all, 6000, 6040);
        ArrayVectorSource src = ArrayVectorSource.of(data, DistanceMetric.COSINE);
        CascadeOptions o = CascadeOptions.builder().seed(r.nextLong()).build();
        BitSet alive = new BitSet();
        try (CascadeVectorIndex idx = index(src, o)) {
            idx.addAll(range(0, 4800));
            alive.set(0, 4800);
            SplittableRandom d = new SplittableRandom(r.nextLong());
            int deleted = 0;
            for (int i = 4800; i < 6000; i++) {
                idx.add(i);
                alive.set(i);
                int v;
                do {
                    v = d.nextInt(4800);
                } while (!alive.get(v));
                idx.delete(v);
                alive.clear(v);
                deleted++;
            }
            assertTrue(idx.awaitConsolidated(Duration.ofMinutes(2)));
            assertEquals(6000 - deleted, idx.size());
            double churned = recall(idx, data, queries, 10, alive, 0);
            try (CascadeVectorIndex fresh = index(src, o)) {
                fresh.addAll(alive.stream().toArray());
                double rebuilt = recall(fresh, data, queries, 10, alive, 0);
                assertTrue(churned >= rebuilt - 0.03, "churned " + churned + " vs fresh " + rebuilt);
            }
        }
    }
}
