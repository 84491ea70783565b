package syna.index.hnsw.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import syna.api.DistanceMetric;
import syna.api.spi.ArrayVectorSource;
import syna.api.spi.SearchOptions;
import syna.api.spi.VectorHit;
import syna.api.spi.VectorIndexConfig;
import syna.index.hnsw.HnswOptions;
import syna.index.hnsw.internal.quant.Int8Codes;
import syna.index.hnsw.internal.quant.Int8Quantizer;
import syna.tests.Datasets;
import syna.tests.GroundTruth;
import syna.tests.Seeded;

/** The int8 option: recall beside the float index's, codes kept in step with adds, saved and loaded as they were. */
@Seeded
class Int8SearchTest {
    /** Largest loss of recall@10 the int8 index may show against the float index over the same graph. */
    static final double MARGIN = 0.02;

    private static HnswOptions options(HnswOptions.Quantization q) {
        return HnswOptions.builder().maxConnections(12).efConstruction(100).efSearch(48).seed(99).buildThreads(1)
                .quantization(q).build();
    }

    private static HnswIndex index(ArrayVectorSource source, HnswOptions o) {
        return (HnswIndex) new HnswProvider().create(VectorIndexConfig.of(source, o.toMap()), source);
    }

    private static int[] ids(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        return ids;
    }

    private static double recall(HnswIndex idx, float[][] data, float[][] queries, int k, int ef) {
        double sum = 0;
        for (float[] q : queries) {
            Set<Long> t = new HashSet<>();
            for (long x : GroundTruth.topK(idx.metric(), data, q, k, id -> true)) {
                t.add(x);
            }
            List<VectorHit> hits = idx.search(q, k, SearchOptions.defaults().withEffort(ef));
            sum += hits.stream().filter(h -> t.contains((long) h.ordinal())).count() / (double) k;
        }
        return sum / queries.length;
    }

    @ParameterizedTest
    @EnumSource(DistanceMetric.class)
    void recallIsWithinTheMarginOfTheFloatIndex(DistanceMetric metric, SplittableRandom r) {
        // Queries from the data's own clusters; both indexes build the same graph (the build reads the floats).
        float[][] all = Datasets.gaussianMixture(r, 4100, 96, 24, 0.25);
        float[][] data = Arrays.copyOf(all, 4000);
        float[][] queries = Arrays.copyOfRange(all, 4000, all.length);
        ArrayVectorSource source = ArrayVectorSource.of(data, metric);
        try (HnswIndex f = index(source, options(HnswOptions.Quantization.NONE));
                HnswIndex q = index(source, options(HnswOptions.Quantization.INT8))) {
            f.addAll(ids(data.length));
            q.addAll(ids(data.length));
            assertTrue(q.codes().trained());
            for (int ef : new int[] {16, 64}) {
                double rf = recall(f, data, queries, 10, ef);
                double rq = recall(q, data, queries, 10, ef);
                assertTrue(rq >= rf - MARGIN, metric + " ef " + ef + ": int8 recall@10 " + rq + " < float " + rf
                        + " - " + MARGIN);
            }
            assertTrue(q.memoryBytes() - f.memoryBytes() >= (long) data.length * 96,
                    "the int8 index holds its codes: " + q.memoryBytes() + " vs " + f.memoryBytes());
        }
    }

    @Test
    void codesFollowAddsUpdatesAndGrowth(SplittableRandom r) {
        int dim = 19;
        float[][] data = Datasets.uniform(r, 3000, dim);
        ArrayVectorSource source = ArrayVectorSource.of(data, DistanceMetric.EUCLIDEAN);
        try (HnswIndex idx = index(source, options(HnswOptions.Quantization.INT8))) {
            Int8Codes codes = idx.codes();
            for (int i = 0; i < HnswIndex.TRAIN_MIN - 1; i++) {
                idx.add(i);
            }
            assertFalse(codes.trained(), "too few nodes to train on: the floats are searched");
            assertEquals(3, idx.search(data[3], 1).getFirst().ordinal());
            idx.add(HnswIndex.TRAIN_MIN - 1);
            assertTrue(codes.trained());
            assertEquals(HnswIndex.TRAIN_MIN, codes.trainedOn());
            for (int i = HnswIndex.TRAIN_MIN; i < 4 * HnswIndex.TRAIN_MIN; i++) {
                idx.add(i);
            }
            assertEquals(4 * HnswIndex.TRAIN_MIN, codes.trainedOn(), "trained again at four times the size");
            idx.addAll(Arrays.stream(ids(data.length)).skip(4 * HnswIndex.TRAIN_MIN).toArray());
            assertEquals(data.length, codes.trainedOn());
            assertCodesAreFresh(idx, source);
            // an update: the new vector is coded when the ordinal is added again
            float[] moved = new float[dim];
            Arrays.fill(moved, 0.5f);
            source.set(7, moved);
            idx.add(7);
            assertCodesAreFresh(idx, source);
            assertEquals(7, idx.search(moved, 1).getFirst().ordinal());
            // a delete leaves the code (the node still routes) and never returns the node
            idx.delete(7);
            assertTrue(idx.search(moved, 10).stream().noneMatch(h -> h.ordinal() == 7));
        }
    }

    @ParameterizedTest
    @EnumSource(DistanceMetric.class)
    void batchedCodeDistancesEqualSingleOnesAtEveryLength(DistanceMetric metric, SplittableRandom r) {
        // A batch's last two or three are measured in one pass with the last repeated: each must still be its own.
        float[][] data = Datasets.uniform(r, 200, 37);
        ArrayVectorSource source = ArrayVectorSource.of(data, metric);
        try (HnswIndex idx = index(source, options(HnswOptions.Quantization.INT8))) {
            idx.addAll(ids(data.length));
            syna.api.spi.VectorScorer s = idx.codes().scorer().query(data[0]);
            for (int n = 0; n <= 9; n++) {
                int[] ordinals = new int[n];
                for (int i = 0; i < n; i++) {
                    ordinals[i] = r.nextInt(data.length);
                }
                float[] out = new float[n + 1];
                out[n] = 42f;
                s.distances(ordinals, n, out);
                for (int i = 0; i < n; i++) {
                    assertEquals(s.distance(ordinals[i]), out[i], 0, metric + ": batch of " + n + ", entry " + i);
                }
                assertEquals(42f, out[n], 0, "nothing written past the batch of " + n);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DistanceMetric.class, names = {"COSINE", "EUCLIDEAN"})
    void aVectorTheRangesClipFarIsMeasuredOnTheFloats(DistanceMetric metric, @TempDir Path dir, SplittableRandom r) {
        // Trained on values in [0, 1); one vector moved far out in one dimension would rank last on codes (the
        // code search never finding it, however many of its results the floats re-rank): it is flagged, and found.
        // (Not for dot product: a vector that far out is every query's nearest, and the graph, the float one too,
        // does not reliably lead there.)
        int dim = 16;
        float[][] data = Datasets.uniform(r, 3000, dim);
        ArrayVectorSource source = ArrayVectorSource.of(data, metric);
        try (HnswIndex idx = index(source, options(HnswOptions.Quantization.INT8))) {
            idx.addAll(ids(data.length));
            int flaggedBefore = clipped(idx, data.length);
            float[] outlier = data[1234].clone();
            outlier[3] = 40f;
            source.set(1234, outlier);
            idx.add(1234);
            assertTrue(Int8Quantizer.isClipped(idx.codes().term(1234)), "the moved vector is flagged");
            assertEquals(flaggedBefore + 1, clipped(idx, data.length));
            assertTrue(flaggedBefore <= data.length / 100, flaggedBefore + " of " + data.length
                    + " in-range vectors flagged: the flag is for outliers");
            float[] q = outlier.clone();
            q[3] = 39.5f;
            SearchOptions wide = SearchOptions.defaults().withEffort(200);
            assertEquals(1234, idx.search(q, 1, wide).getFirst().ordinal());
            assertEquals(source.scorer().query(q).distance(1234), idx.search(q, 1, wide).getFirst().distance(), 0);
            // saved and loaded, the flag stays
            Path file = dir.resolve("clipped.hnsw");
            idx.save(file);
            try (HnswIndex loaded = (HnswIndex) new HnswProvider().load(file, source)) {
                assertEquals(idx.codes().term(1234), loaded.codes().term(1234), 0);
                assertTrue(Int8Quantizer.isClipped(loaded.codes().term(1234)));
                assertEquals(1234, loaded.search(q, 1, wide).getFirst().ordinal());
            }
        }
    }

    private static int clipped(HnswIndex idx, int n) {
        int c = 0;
        for (int node = 0; node < n; node++) {
            c += Int8Quantizer.isClipped(idx.codes().term(node)) ? 1 : 0;
        }
        return c;
    }

    private static void assertCodesAreFresh(HnswIndex idx, ArrayVectorSource source) {
        Int8Codes codes = idx.codes();
        Int8Quantizer q = codes.quantizer();
        float[] v = new float[source.dimension()];
        byte[] want = new byte[source.dimension()];
        for (int node = 0; node < idx.graph().limit(); node++) {
            if (!idx.graph().isPresent(node)) {
                continue;
            }
            source.copy(node, v);
            float term = q.encode(v, want);
            assertArrayEquals(want, codes.code(node), "code of node " + node);
            assertEquals(term, codes.term(node), 0, "term of node " + node);
        }
    }

    @ParameterizedTest
    @EnumSource(DistanceMetric.class)
    void reloadedIndexEqualsTheSavedOne(DistanceMetric metric, @TempDir Path dir, SplittableRandom r) {
        float[][] data = Datasets.gaussianMixture(r, 1500, 40, 10, 0.3);
        ArrayVectorSource source = ArrayVectorSource.of(data, metric);
        Path file = dir.resolve("int8.hnsw");
        try (HnswIndex idx = index(source,
                HnswOptions.builder().seed(5).quantization(HnswOptions.Quantization.INT8).rerank(2).build())) {
            idx.addAll(ids(data.length));
            idx.delete(11);
            idx.save(file);
            try (HnswIndex loaded = (HnswIndex) new HnswProvider().load(file, source)) {
                assertEquals(idx.options(), loaded.options());
                assertEquals(idx.codes().quantizer(), loaded.codes().quantizer());
                assertEquals(idx.codes().trainedOn(), loaded.codes().trainedOn());
                for (int node = 0; node < data.length; node++) {
                    assertArrayEquals(idx.codes().code(node), loaded.codes().code(node), "code " + node);
                    assertEquals(idx.codes().term(node), loaded.codes().term(node), 0, "term " + node);
                }
                for (int i = 0; i < 30; i++) {
                    assertEquals(idx.search(data[i], 10), loaded.search(data[i], 10), "query " + i);
                }
                assertEquals(idx.memoryBytes() > 0, loaded.memoryBytes() > 0);
                loaded.add(11);
                assertTrue(loaded.contains(11));
            }
        }
    }

    @Test
    void untrainedInt8IndexSavesAndLoads(@TempDir Path dir, SplittableRandom r) {
        float[][] data = Datasets.uniform(r, 10, 8);
        ArrayVectorSource source = ArrayVectorSource.of(data, DistanceMetric.COSINE);
        Path file = dir.resolve("small.hnsw");
        try (HnswIndex idx = index(source, options(HnswOptions.Quantization.INT8))) {
            idx.addAll(ids(data.length));
            assertFalse(idx.codes().trained());
            idx.save(file);
            try (HnswIndex loaded = (HnswIndex) new HnswProvider().load(file, source)) {
                assertFalse(loaded.codes().trained());
                assertEquals(idx.search(data[2], 3), loaded.search(data[2], 3));
            }
        }
    }
}
