package syna.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.ClosedException;
import syna.api.DimensionMismatchException;
import syna.api.DistanceMetric;
import syna.api.spi.SearchOptions;
import syna.api.spi.VectorHit;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorIndexConfig;

class FlatVectorIndexTest {
    private final FlatVectorIndexProvider provider = new FlatVectorIndexProvider();

    @Test
    void findsExactNeighboursWithDeletesFiltersAndReload(@TempDir Path dir) {
        SplittableRandom r = new SplittableRandom(7);
        VectorIndex idx = provider.create(VectorIndexConfig.of(5, DistanceMetric.EUCLIDEAN));
        float[][] v = new float[200][5];
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < 5; j++) {
                v[i][j] = (float) r.nextDouble();
            }
            idx.add(i, v[i]);
        }
        List<VectorHit> hits = idx.search(v[17], 3);
        assertEquals(17, hits.getFirst().id());
        assertEquals(0f, hits.getFirst().distance());
        assertTrue(hits.get(1).distance() <= hits.get(2).distance());

        assertTrue(idx.delete(17));
        assertFalse(idx.delete(17));
        assertFalse(idx.contains(17));
        assertTrue(idx.search(v[17], 3).stream().noneMatch(h -> h.id() == 17));

        List<VectorHit> even = idx.search(v[3], 10, SearchOptions.defaults().withFilter(id -> id % 2 == 0));
        assertEquals(10, even.size());
        assertTrue(even.stream().allMatch(h -> h.id() % 2 == 0));

        assertEquals(199, idx.search(v[0], 1000).size());
        Path f = dir.resolve("flat.idx");
        idx.save(f);
        try (VectorIndex loaded = provider.load(f)) {
            assertEquals(199, loaded.size());
            assertEquals(idx.search(v[42], 10), loaded.search(v[42], 10));
        }
        assertThrows(DimensionMismatchException.class, () -> idx.add(1, new float[4]));
        idx.close();
        idx.close();
        assertThrows(ClosedException.class, () -> idx.search(v[0], 1));
    }

    @Test
    void cosineAndDotRankAsExpected() {
        VectorIndex cos = provider.create(VectorIndexConfig.of(2, DistanceMetric.COSINE));
        cos.add(1, new float[] {1, 0});
        cos.add(2, new float[] {0, 1});
        cos.add(3, new float[] {10, 1});
        assertEquals(List.of(1L, 3L, 2L), cos.search(new float[] {1, 0}, 3).stream().map(VectorHit::id).toList());
        VectorIndex dot = provider.create(VectorIndexConfig.of(2, DistanceMetric.DOT_PRODUCT));
        dot.add(1, new float[] {1, 0});
        dot.add(3, new float[] {10, 1});
        assertEquals(3L, dot.search(new float[] {1, 0}, 1).getFirst().id());
    }
}
