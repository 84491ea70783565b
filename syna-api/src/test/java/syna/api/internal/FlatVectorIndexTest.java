package syna.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.ClosedException;
import syna.api.DimensionMismatchException;
import syna.api.DistanceMetric;
import syna.api.InvalidArgumentException;
import syna.api.spi.ArrayVectorSource;
import syna.api.spi.OrdinalFilter;
import syna.api.spi.SearchOptions;
import syna.api.spi.VectorHit;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorIndexConfig;

class FlatVectorIndexTest {
    private final FlatVectorIndexProvider provider = new FlatVectorIndexProvider();

    private static VectorIndexConfig config(ArrayVectorSource s) {
        return VectorIndexConfig.of(s, Map.of());
    }

    @Test
    void findsExactNeighboursWithDeletesFiltersAndReload(@TempDir Path dir) {
        SplittableRandom r = new SplittableRandom(7);
        float[][] v = new float[200][5];
        for (float[] row : v) {
            for (int j = 0; j < 5; j++) {
                row[j] = (float) r.nextDouble();
            }
        }
        ArrayVectorSource source = ArrayVectorSource.of(v, DistanceMetric.EUCLIDEAN);
        VectorIndex idx = provider.create(config(source), source);
        for (int i = 0; i < v.length; i++) {
            idx.add(i);
        }
        List<VectorHit> hits = idx.search(v[17], 3);
        assertEquals(17, hits.getFirst().ordinal());
        assertEquals(0f, hits.getFirst().distance());
        assertTrue(hits.get(1).distance() <= hits.get(2).distance());

        assertTrue(idx.delete(17));
        assertFalse(idx.delete(17));
        assertFalse(idx.contains(17));
        assertTrue(idx.search(v[17], 3).stream().noneMatch(h -> h.ordinal() == 17));

        List<VectorHit> even = idx.search(v[3], 10, SearchOptions.defaults().withFilter(OrdinalFilter.of(o -> o % 2 == 0)));
        assertEquals(10, even.size());
        assertTrue(even.stream().allMatch(h -> h.ordinal() % 2 == 0));

        assertEquals(199, idx.search(v[0], 1000).size());
        assertEquals(199, idx.search(v[0], Integer.MAX_VALUE).size());
        Path f = dir.resolve("flat.idx");
        idx.save(f);
        try (VectorIndex loaded = provider.load(f, source)) {
            assertEquals(199, loaded.size());
            assertEquals(idx.search(v[42], 10), loaded.search(v[42], 10));
        }
        assertThrows(InvalidArgumentException.class, () -> idx.add(200));
        assertThrows(DimensionMismatchException.class, () -> idx.search(new float[4], 1));
        idx.close();
        idx.close();
        assertThrows(ClosedException.class, () -> idx.search(v[0], 1));
    }

    @Test
    void cosineAndDotRankAsExpected() {
        float[][] v = {{0, 0}, {1, 0}, {0, 1}, {10, 1}};
        ArrayVectorSource cosine = ArrayVectorSource.of(v, DistanceMetric.COSINE);
        VectorIndex cos = provider.create(config(cosine), cosine);
        cos.addAll(new int[] {1, 2, 3});
        assertEquals(List.of(1, 3, 2), cos.search(new float[] {1, 0}, 3).stream().map(VectorHit::ordinal).toList());
        ArrayVectorSource dotSource = ArrayVectorSource.of(v, DistanceMetric.DOT_PRODUCT);
        VectorIndex dot = provider.create(config(dotSource), dotSource);
        dot.addAll(new int[] {1, 3});
        assertEquals(3, dot.search(new float[] {1, 0}, 1).getFirst().ordinal());
        assertThrows(DimensionMismatchException.class,
                () -> provider.create(VectorIndexConfig.of(3, DistanceMetric.COSINE), cosine));
    }
}
