package syna.tests.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import syna.api.Atom;
import syna.api.ClosedException;
import syna.api.DimensionMismatchException;
import syna.api.DistanceMetric;
import syna.api.IndexStatus;
import syna.api.InvalidArgumentException;
import syna.api.UnsupportedFeatureException;
import syna.api.VectorMatch;
import syna.api.VectorQuery;
import syna.api.VectorStore;
import syna.api.VectorStoreOptions;
import syna.api.VerifyReport;
import syna.tests.Datasets;
import syna.tests.GroundTruth;
import syna.tests.Seeded;

/**
 * The conformance suite every {@link VectorStore} passes (both stores of {@code syna.vector}, and any store a
 * {@code VectorStoreProvider} plugin brings): a test extends it and supplies {@link #open}. It checks the
 * contract of the interface: inserts, replacements, deletes and batches; exact answers below the index
 * threshold and the recall of the index above it; exact-complete results while the index builds; the index
 * status; durability across a close and reopen; filters, metadata (when the store keeps it), {@code k} up to
 * {@link Integer#MAX_VALUE}; and a typed error for every bad input. Randomness is seeded
 * ({@code -Dsyna.tests.seed}).
 */
@Seeded
public abstract class VectorStoreConformanceTest {

    /**
     * A store and what must be closed after it (the database of a durable store; nothing for a store of its own):
     * closing the handle closes the store, then the rest.
     *
     * @param store the store
     * @param after run after the store is closed (closes its database); may be null
     */
    public record Handle(VectorStore store, Runnable after) implements AutoCloseable {
        @Override
        public void close() {
            store.close();
            if (after != null) {
                after.run();
            }
        }
    }

    /**
     * Opens (or creates) the store kept at {@code location} with {@code options}; opening the same location again
     * after closing gives the same store back.
     */
    protected abstract Handle open(Path location, VectorStoreOptions options);

    /** The index provider the index tests name ({@code hnsw} by default; it must be on the test path). */
    protected String indexProvider() {
        return "hnsw";
    }

    /** The recall@10 the store's index must reach on the suite's data. */
    protected double minRecall() {
        return 0.9;
    }

    private static VectorStoreOptions exact(int dim, DistanceMetric metric) {
        return VectorStoreOptions.builder(dim).metric(metric).indexThreshold(Integer.MAX_VALUE).initialCapacity(64).build();
    }

    private VectorStoreOptions indexed(int dim, DistanceMetric metric, int threshold) {
        return VectorStoreOptions.builder(dim).metric(metric).index(indexProvider()).indexThreshold(threshold)
                .initialCapacity(64).build();
    }

    private static List<String> keys(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add("k" + i);
        }
        return out;
    }

    private static void insertAll(VectorStore s, float[][] data, int from, int to) {
        s.insertBatch(keys(from, to), Arrays.asList(Arrays.copyOfRange(data, from, to)));
    }

    /** The k nearest keys by brute force in double precision (ties by key). */
    private static List<String> truth(DistanceMetric m, float[][] data, Set<Integer> present, float[] q, int k) {
        long[] ids = GroundTruth.topK(m, data, q, k, id -> present.contains((int) id));
        List<String> out = new ArrayList<>();
        for (long id : ids) {
            out.add("k" + id);
        }
        return out;
    }

    private static Set<Integer> range(int n) {
        Set<Integer> s = new HashSet<>();
        for (int i = 0; i < n; i++) {
            s.add(i);
        }
        return s;
    }

    @ParameterizedTest
    @EnumSource(DistanceMetric.class)
    void exactSearchBelowTheThresholdMatchesBruteForce(DistanceMetric metric, @TempDir Path dir, SplittableRandom r)
            throws Exception {
        float[][] data = Datasets.uniform(r, 300, 17);
        try (Handle h = open(dir, exact(17, metric))) {
            VectorStore s = h.store();
            assertEquals(17, s.dimension());
            assertEquals(metric, s.metric());
            insertAll(s, data, 0, 300);
            assertEquals(IndexStatus.State.EXACT, s.indexStatus().state());
            assertEquals("flat", s.indexName());
            for (int q = 0; q < 10; q++) {
                float[] query = Datasets.uniform(r, 1, 17)[0];
                List<VectorMatch> hits = s.search(query, 7);
                List<String> want = truth(metric, data, range(300), query, 7);
                for (int i = 0; i < 7; i++) {
                    assertEquals(GroundTruth.distance(metric, query, data[Integer.parseInt(want.get(i).substring(1))]),
                            hits.get(i).distance(), 1e-4, metric + " rank " + i);
                }
                assertEquals(want.getFirst(), hits.getFirst().key());
            }
        }
    }

    @Test
    void insertReplaceDeleteAndReadBack(@TempDir Path dir, SplittableRandom r) throws Exception {
        float[][] data = Datasets.uniform(r, 50, 8);
        try (Handle h = open(dir, exact(8, DistanceMetric.EUCLIDEAN))) {
            VectorStore s = h.store();
            assertEquals(0, s.size());
            assertTrue(s.get("k0").isEmpty());
            insertAll(s, data, 0, 50);
            assertEquals(50, s.size());
            assertTrue(s.contains("k7"));
            assertArrayEquals(data[7], s.get("k7").orElseThrow());
            float[] moved = {9, 9, 9, 9, 9, 9, 9, 9};
            s.insert("k7", moved);
            assertEquals(50, s.size(), "replacing keeps the count");
            assertArrayEquals(moved, s.get("k7").orElseThrow());
            assertEquals("k7", s.search(moved, 1).getFirst().key());
            assertTrue(s.delete("k3"));
            assertFalse(s.delete("k3"));
            assertFalse(s.contains("k3"));
            assertEquals(2, s.deleteBatch(List.of("k4", "k5", "nope")));
            assertEquals(47, s.size());
            List<String> keys = s.keys();
            assertEquals(47, keys.size());
            assertEquals(keys.stream().sorted().toList(), keys, "keys are sorted");
            for (VectorMatch m : s.search(data[3], 50)) {
                assertFalse(Set.of("k3", "k4", "k5").contains(m.key()), "deleted " + m.key() + " returned");
            }
            VectorMatch withVector = s.search(data[10], 1, VectorQuery.defaults().withVectors()).getFirst();
            assertArrayEquals(data[10], withVector.vector().orElseThrow());
            assertTrue(s.search(data[10], 1).getFirst().vector().isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(DistanceMetric.class)
    void everythingSurvivesACloseAndReopen(DistanceMetric metric, @TempDir Path dir, SplittableRandom r)
            throws Exception {
        float[][] data = Datasets.uniform(r, 120, 6);
        List<VectorMatch> before;
        try (Handle h = open(dir, exact(6, metric))) {
            insertAll(h.store(), data, 0, 120);
            h.store().delete("k1");
            h.store().insert("k2", data[0]);
            h.store().checkpoint();
            assertTrue(h.store().verify().ok(), h.store().verify().problems().toString());
            before = h.store().search(data[5], 10);
        }
        try (Handle h = open(dir, exact(6, metric))) {
            VectorStore s = h.store();
            assertEquals(119, s.size());
            assertFalse(s.contains("k1"));
            assertArrayEquals(data[0], s.get("k2").orElseThrow());
            assertArrayEquals(data[99], s.get("k99").orElseThrow());
            assertTrue(s.verify().ok(), s.verify().problems().toString());
            List<VectorMatch> after = s.search(data[5], 10);
            assertEquals(before.stream().map(VectorMatch::key).toList(), after.stream().map(VectorMatch::key).toList(),
                    metric + ": the same matches after the reopen");
            for (int i = 0; i < after.size(); i++) { // up to float rounding: the kernels' summation order may differ
                float d = before.get(i).distance();
                assertEquals(d, after.get(i).distance(), 1e-5f * (1 + Math.abs(d)), metric + " at " + i);
            }
        }
        assertThrows(DimensionMismatchException.class, () -> open(dir, exact(7, metric)).close(),
                "a store reopened with another dimension");
    }

    @Test
    void theIndexReachesItsRecallAndSearchesNeverMissAVectorWhileItBuilds(@TempDir Path dir, SplittableRandom r)
            throws Exception {
        float[][] all = Datasets.gaussianMixture(r, 3040, 24, 20, 0.1);
        float[][] data = Arrays.copyOf(all, 3000);
        float[][] queries = Arrays.copyOfRange(all, 3000, all.length);
        try (Handle h = open(dir, indexed(24, DistanceMetric.COSINE, 500))) {
            VectorStore s = h.store();
            insertAll(s, data, 0, 2000);
            insertAll(s, data, 2000, 3000);
            // Whatever the index covers yet, the vectors just written are found as their own nearest neighbours
            // (those it does not cover are measured exactly; those it covers, through it).
            int self = 0;
            int asked = 0;
            for (int i = 2000; i < 3000; i += 17) {
                asked++;
                self += s.search(data[i], 1).getFirst().key().equals("k" + i) ? 1 : 0;
            }
            assertTrue(self >= 0.97 * asked, self + " of " + asked + " found themselves while the index builds");
            IndexStatus building = s.indexStatus();
            assertEquals(3000, building.total());
            assertEquals(indexProvider(), building.provider(), building.toString());
            assertTrue(s.awaitIndex(Duration.ofMinutes(5)), "the index catches up: " + s.indexStatus());
            IndexStatus ready = s.indexStatus();
            assertEquals(IndexStatus.State.READY, ready.state(), ready.toString());
            assertEquals(3000, ready.indexed());
            assertTrue(ready.memoryBytes() > 0);
            assertEquals(indexProvider(), s.indexName());
            double recall = 0;
            for (float[] q : queries) {
                Set<String> want = new HashSet<>(truth(DistanceMetric.COSINE, data, range(3000), q, 10));
                recall += s.search(q, 10).stream().filter(m -> want.contains(m.key())).count() / 10.0;
            }
            recall /= queries.length;
            assertTrue(recall >= minRecall(), "recall@10 " + recall);
        }
    }

    @Test
    void kUpToIntegerMaxValueAnswersEveryVector(@TempDir Path dir, SplittableRandom r) throws Exception {
        float[][] data = Datasets.uniform(r, 700, 5);
        try (Handle h = open(dir, indexed(5, DistanceMetric.EUCLIDEAN, 300))) {
            VectorStore s = h.store();
            assertEquals(List.of(), s.search(data[0], Integer.MAX_VALUE));
            insertAll(s, data, 0, 700);
            assertEquals(700, s.search(data[0], Integer.MAX_VALUE).size());
            s.awaitIndex(Duration.ofMinutes(2));
            List<VectorMatch> all = s.search(data[0], Integer.MAX_VALUE);
            assertEquals(700, all.size());
            assertEquals(700, all.stream().map(VectorMatch::key).distinct().count());
            for (int i = 1; i < all.size(); i++) {
                assertTrue(all.get(i - 1).distance() <= all.get(i).distance(), "sorted nearest first");
            }
            assertThrows(InvalidArgumentException.class, () -> s.search(data[0], 0));
            assertThrows(InvalidArgumentException.class, () -> s.search(data[0], -1));
        }
    }

    @Test
    void filtersOnKeysAndMetadataReturnKMatches(@TempDir Path dir, SplittableRandom r) throws Exception {
        float[][] data = Datasets.uniform(r, 1000, 8);
        try (Handle h = open(dir, indexed(8, DistanceMetric.EUCLIDEAN, 200))) {
            VectorStore s = h.store();
            insertAll(s, data, 0, 1000);
            for (boolean indexedYet : new boolean[] {false, true}) {
                if (indexedYet) {
                    s.awaitIndex(Duration.ofMinutes(2));
                }
                List<VectorMatch> sevens = s.search(data[0], 10, VectorQuery.defaults().withKeyFilter(k -> k.endsWith("7")));
                assertEquals(10, sevens.size(), "k matches exist, k returned");
                assertTrue(sevens.stream().allMatch(m -> m.key().endsWith("7")));
                List<String> want = new ArrayList<>();
                Set<Integer> sevensSet = new HashSet<>();
                for (int i = 0; i < 1000; i++) {
                    if (i % 10 == 7) {
                        sevensSet.add(i);
                    }
                }
                want.addAll(truth(DistanceMetric.EUCLIDEAN, data, sevensSet, data[0], 10));
                assertEquals(want.getFirst(), sevens.getFirst().key(), "the nearest match");
                assertEquals(List.of(), s.search(data[0], 10, VectorQuery.defaults().withKeyFilter(k -> false)));
            }
        }
        Path meta = dir.resolve("meta");
        try (Handle h = open(meta, exact(8, DistanceMetric.EUCLIDEAN))) {
            VectorStore s = h.store();
            try {
                s.insert("a", data[0], Map.of("lang", Atom.of("en"), "year", Atom.of(2025L)));
            } catch (UnsupportedFeatureException e) {
                assumeTrue(false, "the store keeps no metadata: " + e.getMessage());
            }
            s.insertBatch(List.of("b", "c"), List.of(data[1], data[2]),
                    List.of(Map.of("lang", Atom.of("de")), Map.of()));
            assertEquals(Map.of("lang", Atom.of("en"), "year", Atom.of(2025L)), s.metadata("a"));
            assertEquals(Map.of(), s.metadata("c"));
            assertEquals(Map.of(), s.metadata("absent"));
            List<VectorMatch> de = s.search(data[0], 5, VectorQuery.defaults()
                    .withFilter((k, m) -> Atom.of("de").equals(m.get("lang"))));
            assertEquals(List.of("b"), de.stream().map(VectorMatch::key).toList());
            s.insert("b", data[1]);
            assertEquals(Map.of("lang", Atom.of("de")), s.metadata("b"), "an insert without metadata keeps it");
        }
        try (Handle h = open(meta, exact(8, DistanceMetric.EUCLIDEAN))) {
            assertEquals(Map.of("lang", Atom.of("en"), "year", Atom.of(2025L)), h.store().metadata("a"));
        }
    }

    @Test
    void badInputIsATypedErrorAndWritesNothing(@TempDir Path dir, SplittableRandom r) throws Exception {
        float[][] data = Datasets.uniform(r, 3, 4);
        try (Handle h = open(dir, exact(4, DistanceMetric.COSINE))) {
            VectorStore s = h.store();
            s.insert("ok", data[0]);
            assertThrows(InvalidArgumentException.class, () -> s.insert(null, data[1]));
            assertThrows(InvalidArgumentException.class, () -> s.insert("", data[1]));
            assertThrows(InvalidArgumentException.class, () -> s.insert("bad\uD800", data[1]), "unpaired surrogate");
            assertThrows(InvalidArgumentException.class, () -> s.insert("x", null));
            assertThrows(DimensionMismatchException.class, () -> s.insert("x", new float[5]));
            InvalidArgumentException nan = assertThrows(InvalidArgumentException.class,
                    () -> s.insert("x", new float[] {1, Float.NaN, 0, 0}));
            assertTrue(nan.getMessage().contains("'x'") && nan.getMessage().contains("index 1"), nan.getMessage());
            InvalidArgumentException inf = assertThrows(InvalidArgumentException.class,
                    () -> s.insert("y", new float[] {1, 0, 0, Float.NEGATIVE_INFINITY}));
            assertTrue(inf.getMessage().contains("'y'") && inf.getMessage().contains("index 3"), inf.getMessage());
            assertThrows(InvalidArgumentException.class, () -> s.insertBatch(null, List.of()));
            assertThrows(InvalidArgumentException.class, () -> s.insertBatch(List.of("a"), null));
            assertThrows(InvalidArgumentException.class, () -> s.insertBatch(List.of("a", "b"), List.of(data[1])));
            assertThrows(InvalidArgumentException.class, () -> s.insertBatch(List.of("a", "b"),
                    List.of(data[1], new float[] {0, 0, Float.NaN, 0})), "one bad vector fails the batch");
            assertThrows(InvalidArgumentException.class, () -> s.insertBatch(Arrays.asList("a", null), List.of(data[1], data[2])));
            assertFalse(s.contains("a"), "a rejected batch writes nothing");
            assertEquals(1, s.size());
            assertThrows(InvalidArgumentException.class, () -> s.search(null, 1));
            assertThrows(DimensionMismatchException.class, () -> s.search(new float[3], 1));
            assertThrows(InvalidArgumentException.class, () -> s.search(new float[] {Float.NaN, 0, 0, 0}, 1));
            assertThrows(InvalidArgumentException.class, () -> s.search(data[0], 1, null));
            assertThrows(InvalidArgumentException.class, () -> s.get(null));
            assertThrows(InvalidArgumentException.class, () -> s.contains(null));
            assertThrows(InvalidArgumentException.class, () -> s.delete(null));
            assertThrows(InvalidArgumentException.class, () -> s.deleteBatch(null));
            assertThrows(InvalidArgumentException.class, () -> s.metadata(null));
            assertThrows(InvalidArgumentException.class, () -> s.insert("z", data[1], null));
            assertThrows(InvalidArgumentException.class, () -> s.awaitIndex(null));
            assertEquals(List.of("ok"), s.keys());
        }
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseIsTyped(@TempDir Path dir) throws Exception {
        Handle h = open(dir, exact(3, DistanceMetric.EUCLIDEAN));
        VectorStore s = h.store();
        s.insert("a", new float[] {1, 2, 3});
        h.close();
        s.close();
        assertThrows(ClosedException.class, () -> s.search(new float[] {1, 2, 3}, 1));
        assertThrows(ClosedException.class, () -> s.insert("b", new float[] {1, 2, 3}));
        assertThrows(ClosedException.class, s::size);
        assertThrows(ClosedException.class, s::indexStatus);
        assertThrows(ClosedException.class, s::checkpoint);
    }

    @Test
    void searchesRunWhileOneThreadWrites(@TempDir Path dir, SplittableRandom r) throws Exception {
        float[][] data = Datasets.uniform(r, 3000, 12);
        try (Handle h = open(dir, indexed(12, DistanceMetric.EUCLIDEAN, 500))) {
            VectorStore s = h.store();
            insertAll(s, data, 0, 600);
            AtomicBoolean done = new AtomicBoolean();
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger self = new java.util.concurrent.atomic.AtomicInteger();
            Thread reader = Thread.ofPlatform().start(() -> {
                SplittableRandom local = new SplittableRandom(7);
                try {
                    while (!done.get() || asked.get() < 20) {
                        int i = local.nextInt(600);
                        // written before the reader started: found whatever the index covers
                        List<VectorMatch> hits = s.search(data[i], 1);
                        asked.incrementAndGet();
                        self.addAndGet(hits.getFirst().key().equals("k" + i) ? 1 : 0);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            for (int i = 600; i < 3000; i += 100) {
                insertAll(s, data, i, i + 100);
                s.delete("k" + (i + 1));
            }
            done.set(true);
            reader.join();
            assertTrue(errors.isEmpty(), () -> "search failed during writes: " + errors.peek());
            assertTrue(self.get() >= 0.95 * asked.get(), self + " of " + asked + " found themselves during writes");
            assertEquals(3000 - 24, s.size());
        }
    }

    @Test
    void verifyOfAHealthyStoreFindsNothing(@TempDir Path dir, SplittableRandom r) throws Exception {
        try (Handle h = open(dir, exact(9, DistanceMetric.COSINE))) {
            insertAll(h.store(), Datasets.uniform(r, 40, 9), 0, 40);
            h.store().checkpoint();
            VerifyReport report = h.store().verify();
            assertTrue(report.ok(), report.problems().toString());
            assertTrue(report.entriesChecked() >= 40);
        }
    }
}
