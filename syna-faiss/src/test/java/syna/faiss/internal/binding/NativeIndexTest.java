package syna.faiss.internal.binding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import syna.api.ClosedException;
import syna.api.DimensionMismatchException;
import syna.api.InvalidArgumentException;
import syna.api.UnsupportedFeatureException;
import syna.faiss.FaissException;
import syna.tests.Seeded;

/** The binding against the real FAISS: results checked against brute force on seeded data. */
@Seeded
@RequiresFaiss
class NativeIndexTest {
    static final int D = 32;

    static float[] data(SplittableRandom r, int n, int d) {
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    static float[] unit(float[] flat, int d) {
        for (int i = 0; i < flat.length; i += d) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += flat[i + j] * flat[i + j];
            }
            float inv = (float) (1 / Math.sqrt(norm));
            for (int j = 0; j < d; j++) {
                flat[i + j] *= inv;
            }
        }
        return flat;
    }

    static float[] row(float[] flat, int i, int d) {
        return Arrays.copyOfRange(flat, i * d, (i + 1) * d);
    }

    static double l2(float[] flat, int i, float[] q) {
        double s = 0;
        for (int j = 0; j < q.length; j++) {
            double x = flat[i * q.length + j] - q[j];
            s += x * x;
        }
        return s;
    }

    static double ip(float[] flat, int i, float[] q) {
        double s = 0;
        for (int j = 0; j < q.length; j++) {
            s += flat[i * q.length + j] * q[j];
        }
        return s;
    }

    /** Exact top-k ids (row numbers) by squared L2, or by inner product (larger first). */
    static long[] exact(float[] flat, float[] q, int k, FaissMetric metric, java.util.function.IntPredicate accept) {
        int n = flat.length / q.length;
        Integer[] ids = new Integer[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        java.util.Comparator<Integer> cmp = metric == FaissMetric.L2
                ? java.util.Comparator.comparingDouble(i -> l2(flat, i, q))
                : java.util.Comparator.comparingDouble(i -> -ip(flat, i, q));
        return Arrays.stream(ids).filter(accept::test).sorted(cmp).limit(k).mapToLong(Integer::longValue).toArray();
    }

    static long[] labels(SearchResult r, int query) {
        return Arrays.copyOfRange(r.labels(), query * r.k(), (query + 1) * r.k());
    }

    static double recall(long[] truth, long[] found) {
        Set<Long> t = new HashSet<>();
        for (long x : truth) {
            t.add(x);
        }
        int hit = 0;
        for (long x : found) {
            hit += t.contains(x) ? 1 : 0;
        }
        return (double) hit / truth.length;
    }

    @Test
    void flatIndexIsExactForBothMetrics(SplittableRandom r) {
        float[] base = data(r, 500, D);
        float[] queries = data(r, 5, D);
        for (FaissMetric metric : FaissMetric.values()) {
            try (NativeIndex index = NativeIndex.create("Flat", D, metric)) {
                assertTrue(index.isTrained());
                assertTrue(index.kind().flat() && index.kind().selector() && index.kind().perCallParameters(), index.kind().toString());
                index.add(base, null, 1);
                assertEquals(500, index.size());
                SearchResult res = index.search(queries, 10, SearchParams.defaults());
                assertEquals(5, res.queries());
                for (int q = 0; q < 5; q++) {
                    float[] query = row(queries, q, D);
                    assertArrayEquals(exact(base, query, 10, metric, i -> true), labels(res, q), metric + " query " + q);
                    int first = (int) res.label(q, 0);
                    double expected = metric == FaissMetric.L2 ? l2(base, first, query) : ip(base, first, query);
                    assertEquals(expected, res.distance(q, 0), 1e-3 * Math.max(1, Math.abs(expected)));
                }
            }
        }
    }

    @Test
    void ivfNeedsTrainingTakesIdsAndHonoursNprobePerCall(SplittableRandom r) {
        float[] base = data(r, 2000, D);
        float[] queries = data(r, 20, D);
        long[] ids = new long[2000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1_000_000L + 3L * i;
        }
        try (NativeIndex index = NativeIndex.create("IVF16,Flat", D, FaissMetric.L2)) {
            IndexKind kind = index.kind();
            assertTrue(kind.ivf() && kind.perCallParameters() && kind.selector() && kind.stableRemove() && kind.addWithIds(),
                    kind.toString());
            assertFalse(index.isTrained());
            FaissException untrained = assertThrows(FaissException.class, () -> index.add(base, ids, 1));
            assertTrue(untrained.getMessage().contains("is_trained"), untrained.getMessage());
            index.train(base, 0);
            assertTrue(index.isTrained());
            index.add(base, ids, 0);
            SearchResult all = index.search(queries, 10, SearchParams.defaults().withNprobe(16));
            SearchResult one = index.search(queries, 10, SearchParams.defaults().withNprobe(1));
            double recallAll = 0;
            double recallOne = 0;
            for (int q = 0; q < 20; q++) {
                long[] truth = Arrays.stream(exact(base, row(queries, q, D), 10, FaissMetric.L2, i -> true))
                        .map(i -> ids[(int) i]).toArray();
                recallAll += recall(truth, labels(all, q)) / 20;
                recallOne += recall(truth, labels(one, q)) / 20;
            }
            assertEquals(1.0, recallAll, 1e-9, "probing every list is exact");
            assertTrue(recallOne < recallAll, "nprobe 1 of 16 lists misses neighbours: " + recallOne);
            // The per-call nprobe did not stick: the default (1) gives what nprobe 1 gave.
            assertArrayEquals(one.labels(), index.search(queries, 10, SearchParams.defaults()).labels());
        }
    }

    @Test
    void concurrentSearchesWithDifferentParametersDoNotInterfere(SplittableRandom r) throws Exception {
        float[] base = data(r, 2000, D);
        float[] queries = data(r, 50, D);
        try (NativeIndex index = NativeIndex.create("IVF16,Flat", D, FaissMetric.L2)) {
            index.train(base, 0);
            index.add(base, null, 0);
            long[] wide = index.search(queries, 10, SearchParams.defaults().withNprobe(16)).labels();
            long[] narrow = index.search(queries, 10, SearchParams.defaults().withNprobe(1)).labels();
            Thread[] threads = new Thread[4];
            Throwable[] failure = new Throwable[1];
            for (int t = 0; t < threads.length; t++) {
                int nprobe = t % 2 == 0 ? 16 : 1;
                long[] expected = nprobe == 16 ? wide : narrow;
                threads[t] = Thread.ofPlatform().start(() -> {
                    try {
                        for (int rep = 0; rep < 50; rep++) {
                            assertArrayEquals(expected, index.search(queries, 10, SearchParams.defaults().withNprobe(nprobe)).labels());
                        }
                    } catch (Throwable e) {
                        synchronized (failure) {
                            failure[0] = e;
                        }
                    }
                });
            }
            for (Thread t : threads) {
                t.join();
            }
            if (failure[0] != null) {
                throw new AssertionError(failure[0]);
            }
        }
    }

    @Test
    void hnswTakesEfSearchAndRejectsNprobe(SplittableRandom r) {
        // Unit vectors: inner product is then cosine, the way Syna uses it.
        float[] base = unit(data(r, 1000, D), D);
        float[] queries = unit(data(r, 20, D), D);
        try (NativeIndex index = NativeIndex.create("HNSW16,Flat", D, FaissMetric.INNER_PRODUCT)) {
            assertTrue(index.kind().hnsw() && index.kind().perCallParameters() && index.kind().selector());
            assertFalse(index.kind().addWithIds() || index.kind().stableRemove());
            index.add(base, null, 0);
            double wide = 0;
            double narrow = 0;
            // efSearch above the index's own (16) must widen the search (FAISS 1.7 cut it to 16: see the shim).
            SearchResult res = index.search(queries, 10, SearchParams.defaults().withEfSearch(200));
            SearchResult small = index.search(queries, 10, SearchParams.defaults().withEfSearch(10));
            for (int q = 0; q < 20; q++) {
                long[] truth = exact(base, row(queries, q, D), 10, FaissMetric.INNER_PRODUCT, i -> true);
                wide += recall(truth, labels(res, q)) / 20;
                narrow += recall(truth, labels(small, q)) / 20;
            }
            assertTrue(wide >= 0.97, "HNSW recall@10 at efSearch 200: " + wide);
            assertTrue(wide > narrow, "efSearch 200 " + wide + " vs 10 " + narrow);
            assertThrows(InvalidArgumentException.class, () -> index.search(queries, 10, SearchParams.defaults().withNprobe(4)));
            assertThrows(UnsupportedFeatureException.class, () -> index.remove(new long[] {1}));
            assertThrows(UnsupportedFeatureException.class, () -> index.add(row(base, 0, D), new long[] {5}, 1));
        }
    }

    @Test
    void selectorReturnsOnlySelectedIds(SplittableRandom r) {
        float[] base = data(r, 2000, D);
        float[] queries = data(r, 10, D);
        java.util.BitSet even = new java.util.BitSet();
        for (int i = 0; i < 2000; i += 2) {
            even.set(i);
        }
        java.lang.foreign.MemorySegment bitmap = java.lang.foreign.MemorySegment.ofArray(even.toByteArray());
        for (String factory : new String[] {"Flat", "IVF16,Flat", "HNSW16,Flat", "IVF16,PQ8x4np", "IVF16,SQ8"}) {
            try (NativeIndex index = NativeIndex.create(factory, D, FaissMetric.L2)) {
                assertTrue(index.kind().selector(), factory + " " + index.kind());
                index.train(base, 0);
                index.add(base, null, 0);
                SearchParams params = index.kind().ivf() ? SearchParams.defaults().withNprobe(16)
                        : index.kind().hnsw() ? SearchParams.defaults().withEfSearch(64) : SearchParams.defaults();
                SearchResult res = index.searchSelected(queries, 10, params, bitmap);
                for (long id : res.labels()) {
                    assertTrue(id >= 0 && id % 2 == 0, factory + " returned " + id);
                }
                if (factory.equals("Flat")) {
                    for (int q = 0; q < 10; q++) {
                        assertArrayEquals(exact(base, row(queries, q, D), 10, FaissMetric.L2, i -> i % 2 == 0), labels(res, q));
                    }
                }
            }
        }
    }

    @Test
    void wrappedStructuresSearchUnderTheFallbackAndRestoreTheirSettings(SplittableRandom r) {
        float[] base = data(r, 2000, D);
        float[] queries = data(r, 20, D);
        // IndexRefine takes no SearchParameters in FAISS 1.7.3: nprobe is set on the IVF inside, then put back.
        try (NativeIndex index = NativeIndex.create("IVF16,Flat,RFlat", D, FaissMetric.L2)) {
            assertTrue(index.kind().ivf());
            assertFalse(index.kind().perCallParameters() || index.kind().selector(), index.kind().toString());
            index.train(base, 0);
            index.add(base, null, 0);
            long[] before = index.search(queries, 10, SearchParams.defaults()).labels();
            SearchResult wide = index.search(queries, 10, SearchParams.defaults().withNprobe(16));
            for (int q = 0; q < 20; q++) {
                assertArrayEquals(exact(base, row(queries, q, D), 10, FaissMetric.L2, i -> true), labels(wide, q));
            }
            assertArrayEquals(before, index.search(queries, 10, SearchParams.defaults()).labels());
            assertThrows(UnsupportedFeatureException.class, () -> index.searchSelected(queries, 10, SearchParams.defaults(),
                    java.lang.foreign.MemorySegment.ofArray(new byte[256])));
            // Defaults set through ParameterSpace do stick.
            index.setParameter("nprobe", 16);
            assertArrayEquals(wide.labels(), index.search(queries, 10, SearchParams.defaults()).labels());
            FaissException unknown = assertThrows(FaissException.class, () -> index.setParameter("no-such-knob", 1));
            assertTrue(unknown.getMessage().contains("no-such-knob"), unknown.getMessage());
        }
    }

    @Test
    void opqIvfPqIsAPreTransformWithPerCallNprobe(SplittableRandom r) {
        int d = 16; // OPQ trains slowly in a generic FAISS build: a small one
        float[] base = data(r, 2000, d);
        float[] queries = data(r, 20, d);
        try (NativeIndex index = NativeIndex.create("OPQ4,IVF8,PQ4np", d, FaissMetric.L2)) {
            IndexKind kind = index.kind();
            assertTrue(kind.pretransform() && kind.ivf() && kind.perCallParameters() && kind.selector(), kind.toString());
            index.train(base, 0);
            index.add(base, null, 0);
            double narrow = 0;
            double wide = 0;
            SearchResult a = index.search(queries, 10, SearchParams.defaults().withNprobe(1));
            SearchResult b = index.search(queries, 10, SearchParams.defaults().withNprobe(8));
            for (int q = 0; q < 20; q++) {
                long[] truth = exact(base, row(queries, q, d), 10, FaissMetric.L2, i -> true);
                narrow += recall(truth, labels(a, q)) / 20;
                wide += recall(truth, labels(b, q)) / 20;
            }
            assertTrue(wide > narrow, "nprobe 8 " + wide + " vs 1 " + narrow);
            // PQ4 codes: 4 bytes per vector instead of 64 (plus ids, centroids and the rotation).
            long floats = 2000L * d * 4;
            assertTrue(index.serializedSize() < floats / 2, "serialized " + index.serializedSize() + " vs " + floats);
        }
    }

    @Test
    void removeKeepsTheOtherIds(SplittableRandom r) {
        float[] base = data(r, 2000, D);
        try (NativeIndex index = NativeIndex.create("IVF16,Flat", D, FaissMetric.L2)) {
            index.train(base, 0);
            index.add(base, null, 0);
            long[] gone = {0, 5, 17, 1999, 123456};
            assertEquals(4, index.remove(gone));
            assertEquals(1996, index.size());
            Set<Long> removed = Set.of(0L, 5L, 17L, 1999L);
            for (long id : gone) {
                if (id < 2000) {
                    // The removed vector's own query no longer finds it; its nearest is another row, with its own id.
                    SearchResult res = index.search(row(base, (int) id, D), 5, SearchParams.defaults().withNprobe(16));
                    for (long l : res.labels()) {
                        assertFalse(removed.contains(l), "removed id " + l + " returned");
                    }
                }
            }
            SearchResult self = index.search(row(base, 6, D), 1, SearchParams.defaults().withNprobe(16));
            assertEquals(6, self.label(0, 0), "ids of the others are unchanged");
        }
    }

    @Test
    void badInputGetsTypedErrorsNotCrashes(SplittableRandom r) {
        FaissException parse = assertThrows(FaissException.class, () -> NativeIndex.create("NoSuchIndex42", D, FaissMetric.L2));
        assertTrue(parse.getMessage().contains("NoSuchIndex42") && parse.getMessage().contains("create"), parse.getMessage());
        assertEquals(Status.E_FAISS, parse.nativeStatus());
        FaissException pq = assertThrows(FaissException.class, () -> NativeIndex.create("PQ7", D, FaissMetric.L2));
        assertFalse(pq.getMessage().isBlank());
        assertThrows(InvalidArgumentException.class, () -> NativeIndex.create("Flat", 0, FaissMetric.L2));
        try (NativeIndex index = NativeIndex.create("Flat", D, FaissMetric.L2)) {
            assertThrows(DimensionMismatchException.class, () -> index.add(new float[D + 1], null, 1));
            float[] nan = data(r, 2, D);
            nan[D + 3] = Float.NaN;
            InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> index.add(nan, null, 1));
            assertTrue(e.getMessage().contains("component 3 of row 1"), e.getMessage());
            assertThrows(InvalidArgumentException.class, () -> index.search(new float[D], 0, SearchParams.defaults()));
            assertThrows(InvalidArgumentException.class, () -> new SearchParams(-1, 0, 0));
            assertThrows(UnsupportedFeatureException.class, () -> index.add(new float[D], new long[] {7}, 1));
            // Empty index, huge k: k is capped, missing results are -1.
            SearchResult empty = index.search(new float[D], Integer.MAX_VALUE, SearchParams.defaults());
            assertEquals(1, empty.k());
            assertEquals(-1, empty.label(0, 0));
            index.add(data(r, 3, D), null, 1);
            assertEquals(3, index.search(new float[D], Integer.MAX_VALUE, SearchParams.defaults()).k());
        }
    }

    @Test
    void closeIsIdempotentFreesTheIndexAndUseAfterCloseIsTyped(SplittableRandom r) {
        long baseline = NativeIndex.liveHandles();
        NativeIndex index = NativeIndex.create("HNSW8,Flat", D, FaissMetric.L2);
        index.add(data(r, 100, D), null, 1);
        assertEquals(baseline + 1, NativeIndex.liveHandles());
        index.close();
        index.close();
        assertEquals(baseline, NativeIndex.liveHandles());
        assertThrows(ClosedException.class, index::size);
        assertThrows(ClosedException.class, () -> index.search(new float[D], 1, SearchParams.defaults()));
        assertThrows(ClosedException.class, () -> index.add(new float[D], null, 1));
        for (int i = 0; i < 200; i++) {
            try (NativeIndex x = NativeIndex.create("IVF4,Flat", D, FaissMetric.L2)) {
                assertFalse(x.isTrained());
            }
        }
        assertEquals(baseline, NativeIndex.liveHandles(), "every handle freed");
    }

    @Test
    void searchesRunConcurrentlyWithAWriter(SplittableRandom r) throws Exception {
        float[] base = data(r, 4000, D);
        float[] queries = data(r, 8, D);
        try (NativeIndex index = NativeIndex.create("HNSW16,Flat", D, FaissMetric.L2)) {
            index.add(Arrays.copyOf(base, 100 * D), null, 1);
            Throwable[] failure = new Throwable[1];
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 100; i < 4000; i += 100) {
                        index.add(Arrays.copyOfRange(base, i * D, (i + 100) * D), null, 1);
                    }
                } catch (Throwable e) {
                    failure[0] = e;
                }
            });
            long last = 0;
            while (writer.isAlive()) {
                SearchResult res = index.search(queries, 5, SearchParams.defaults().withEfSearch(32));
                long size = index.size();
                assertTrue(size >= last);
                last = size;
                for (long l : res.labels()) {
                    assertTrue(l >= -1 && l < 4000, "label " + l);
                }
            }
            writer.join();
            if (failure[0] != null) {
                throw new AssertionError(failure[0]);
            }
            assertEquals(4000, index.size());
        }
    }

    @Test
    void versionAndLocation() {
        assertTrue(FaissLibrary.faissVersion().matches("\\d+\\.\\d+\\.\\d+"), FaissLibrary.faissVersion());
        assertTrue(FaissLibrary.locate() instanceof FaissLibrary.Location.Found, FaissLibrary.locate().toString());
        assertTrue(java.nio.file.Files.isRegularFile(FaissLibrary.file()));
    }
}
