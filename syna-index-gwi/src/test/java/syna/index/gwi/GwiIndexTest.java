package syna.index.gwi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.CorruptFileException;
import syna.api.DistanceMetric;
import syna.api.InvalidArgumentException;
import syna.api.spi.ArrayVectorSource;
import syna.api.spi.OrdinalFilter;
import syna.api.spi.Providers;
import syna.api.spi.SearchOptions;
import syna.api.spi.VectorIndexConfig;
import syna.api.spi.VectorIndexProvider;
import syna.tests.Datasets;
import syna.tests.Seeded;

/** The provider's index: explicit training, stats, saving a trained index and a save cut short. */
@Seeded
class GwiIndexTest {
    private static final VectorIndexProvider GWI = Providers.get(VectorIndexProvider.class, "gwi");

    private static int[] range(int from, int to) {
        int[] o = new int[to - from];
        for (int i = 0; i < o.length; i++) {
            o[i] = from + i;
        }
        return o;
    }

    private static GwiIndex create(ArrayVectorSource src, GwiOptions o) {
        return (GwiIndex) GWI.create(VectorIndexConfig.of(src, o.toMap()), src);
    }

    @Test
    void trainsOnTheSampleItIsGivenAndFilesEverything(SplittableRandom r) {
        float[][] data = Datasets.gaussianMixture(r, 3000, 16, 10, 0.2);
        ArrayVectorSource src = ArrayVectorSource.of(data, DistanceMetric.EUCLIDEAN);
        try (GwiIndex idx = create(src, GwiOptions.builder().listSize(30).seed(1).build())) {
            idx.addAll(range(0, 3000));
            assertFalse(idx.trained(), "below train-size (10,000) search stays exact");
            assertEquals(1, idx.stats().lists());
            idx.train(range(0, 500));
            assertTrue(idx.trained());
            GwiStats st = idx.stats();
            assertEquals(3000, st.size());
            assertTrue(st.lists() > 50, st.toString());
            assertThrows(InvalidArgumentException.class, () -> idx.train(new int[0]));
            assertThrows(InvalidArgumentException.class, () -> idx.train(new int[] {3000}));
            assertEquals(10, idx.search(data[0], 10, GwiQuery.fixed(4), OrdinalFilter.all()).size());
            assertEquals(0, idx.search(data[0], 1, SearchOptions.defaults()).getFirst().ordinal());
        }
    }

    @Test
    void aTrainedIndexSavesAndLoadsWithItsListsAndCounters(@TempDir Path dir, SplittableRandom r) throws Exception {
        float[][] data = Datasets.gaussianMixture(r, 4000, 10, 15, 0.2);
        ArrayVectorSource src = ArrayVectorSource.of(data, DistanceMetric.COSINE);
        Path f = dir.resolve("i.gwi");
        GwiOptions o = GwiOptions.builder().listSize(25).trainSize(1000).seed(4).build();
        try (GwiIndex idx = create(src, o)) {
            idx.addAll(range(0, 3000));
            for (int i = 3000; i < 4000; i++) {
                idx.add(i);
            }
            assertTrue(idx.awaitRebalanced(Duration.ofMinutes(1)));
            for (int i = 0; i < 4000; i += 9) {
                idx.delete(i);
            }
            assertTrue(idx.awaitRebalanced(Duration.ofMinutes(1)));
            idx.save(f);
            GwiStats a = idx.stats();
            try (GwiIndex loaded = (GwiIndex) GWI.load(f, src)) {
                GwiStats b = loaded.stats();
                assertTrue(loaded.trained());
                assertEquals(o, loaded.options());
                assertEquals(a.size(), b.size());
                assertEquals(a.lists(), b.lists());
                assertEquals(a.largestList(), b.largestList());
                assertEquals(a.trainings(), b.trainings());
                for (int q = 0; q < 30; q++) {
                    for (GwiQuery p : new GwiQuery[] {GwiQuery.fixed(3), GwiQuery.adaptive(8, 0.2)}) {
                        assertEquals(idx.search(data[q], 10, p, OrdinalFilter.all()),
                                loaded.search(data[q], 10, p, OrdinalFilter.all()));
                    }
                }
                assertFalse(loaded.contains(9));
                loaded.add(9);
                assertTrue(loaded.contains(9));
            }
        }
    }

    @Test
    void aSaveCutShortLeavesThePreviousFile(@TempDir Path dir, SplittableRandom r) throws IOException {
        float[][] data = Datasets.gaussianMixture(r, 2000, 8, 10, 0.2);
        ArrayVectorSource src = ArrayVectorSource.of(data, DistanceMetric.EUCLIDEAN);
        Path f = dir.resolve("i.gwi");
        try (GwiIndex idx = create(src, GwiOptions.builder().listSize(20).trainSize(500).seed(2).build())) {
            idx.addAll(range(0, 1000));
            idx.save(f);
            idx.addAll(range(1000, 2000));
            Path newer = dir.resolve("newer.gwi");
            idx.save(newer);
            byte[] whole = Files.readAllBytes(newer);
            // A crash while writing the next save leaves its temporary file at any length; the index file itself is
            // only ever replaced by a rename of a complete, fsynced one.
            for (int len : new int[] {0, 1, 200, whole.length / 2, whole.length - 1}) {
                Files.write(dir.resolve("i.gwi.tmp"), Arrays.copyOf(whole, len));
                try (GwiIndex loaded = (GwiIndex) GWI.load(f, src)) {
                    assertEquals(1000, loaded.size(), "the last complete save");
                }
                Files.write(f.resolveSibling("cut.gwi"), Arrays.copyOf(whole, len));
                assertThrows(CorruptFileException.class, () -> GWI.load(f.resolveSibling("cut.gwi"), src).close());
            }
            idx.save(f); // the stale temporary file is overwritten
            try (GwiIndex loaded = (GwiIndex) GWI.load(f, src)) {
                assertEquals(2000, loaded.size());
            }
        }
    }

    @Test
    void copiedVectorsAnswerAsTheSourceDoes(@TempDir Path dir, SplittableRandom r) throws Exception {
        float[][] data = Datasets.gaussianMixture(r, 3000, 20, 12, 0.2);
        for (DistanceMetric m : DistanceMetric.values()) {
            ArrayVectorSource src = ArrayVectorSource.of(data, m);
            GwiOptions plain = GwiOptions.builder().listSize(30).trainSize(500).seed(5)
                    .rebalance(GwiOptions.Rebalance.INLINE).build();
            try (GwiIndex a = create(src, plain); GwiIndex b = create(src, plain.toBuilder().copyVectors(true).build())) {
                a.addAll(range(0, 2000));
                b.addAll(range(0, 2000));
                for (int i = 2000; i < 3000; i++) {
                    a.add(i);
                    b.add(i);
                }
                for (int i = 0; i < 3000; i += 5) {
                    a.delete(i);
                    b.delete(i);
                }
                assertEquals(a.stats().lists(), b.stats().lists());
                assertTrue(b.memoryBytes() > 2400L * 20 * 4, "the copy holds the vectors: " + b.memoryBytes());
                Path f = dir.resolve("copy-" + m + ".gwi");
                b.save(f);
                try (GwiIndex c = (GwiIndex) GWI.load(f, src)) {
                    int same = 0;
                    for (int q = 0; q < 50; q++) {
                        float[] query = data[q * 7 + 1];
                        var ha = a.search(query, 10, GwiQuery.fixed(6), OrdinalFilter.all());
                        var hb = b.search(query, 10, GwiQuery.fixed(6), OrdinalFilter.all());
                        // the same hits; a distance may differ in its last bits (the batched kernels' sums
                        // are ordered as the JIT compiled them)
                        var hc = c.search(query, 10, GwiQuery.fixed(6), OrdinalFilter.all());
                        assertEquals(hb.stream().map(h -> h.ordinal()).toList(), hc.stream().map(h -> h.ordinal()).toList(),
                                "reloaded copy");
                        for (int i = 0; i < hb.size(); i++) {
                            assertEquals(hb.get(i).distance(), hc.get(i).distance(), 1e-6, "reloaded copy");
                        }
                        for (int i = 0; i < 10; i++) {
                            if (ha.get(i).ordinal() == hb.get(i).ordinal()) { // ranks may swap between near ties
                                same++;
                                assertEquals(ha.get(i).distance(), hb.get(i).distance(), 1e-4);
                            }
                        }
                    }
                    assertTrue(same >= 490, m + ": " + same + " of 500 ranks agree");
                }
            }
        }
    }
}
