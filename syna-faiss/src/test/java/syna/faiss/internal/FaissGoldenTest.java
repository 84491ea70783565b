package syna.faiss.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.DistanceMetric;
import syna.api.spi.ArrayVectorSource;
import syna.api.spi.ExactSearch;
import syna.api.spi.OrdinalFilter;
import syna.api.spi.SearchOptions;
import syna.api.spi.VectorHit;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorIndexConfig;
import syna.api.spi.VectorIndexProvider;
import syna.faiss.internal.binding.RequiresFaiss;
import syna.tests.Datasets;

/**
 * Format version 1 files written once (FAISS 1.7.3, commit of this test) must keep opening: an IVF index
 * (direct ids) and an HNSW index (mapped ids with a tombstone), each over a seeded source of 600 x 8
 * vectors with ordinal 5 deleted. {@code -Dsyna.faiss.writeGolden=DIR} writes them afresh into DIR (only
 * for a new format version: golden files are never edited).
 */
@RequiresFaiss
class FaissGoldenTest {
    static ArrayVectorSource source() {
        return ArrayVectorSource.of(Datasets.uniform(new SplittableRandom(20261201), 600, 8), DistanceMetric.EUCLIDEAN);
    }

    record Golden(String file, VectorIndexProvider provider, Map<String, String> parameters, int effort) {}

    static List<Golden> goldens() {
        return List.of(
                new Golden("faiss-ivf-flat-v1.syna", new FaissProvider.IvfFlat(), Map.of("train-size", "300", "lists", "4"), 4),
                new Golden("faiss-hnsw-v1.syna", new FaissProvider.Hnsw(), Map.of("m", "8"), 600));
    }

    @Test
    void writeGoldenFilesWhenAsked() {
        String dir = System.getProperty("syna.faiss.writeGolden", "");
        if (dir.isEmpty()) {
            return;
        }
        ArrayVectorSource s = source();
        for (Golden g : goldens()) {
            try (VectorIndex idx = g.provider().create(VectorIndexConfig.of(s, g.parameters()), s)) {
                int[] all = new int[600];
                for (int i = 0; i < all.length; i++) {
                    all[i] = i;
                }
                idx.addAll(all);
                idx.delete(5);
                idx.save(Path.of(dir, g.file()));
            }
        }
    }

    @Test
    void version1FilesOpenAndAnswerExactly(@TempDir Path tmp) throws IOException {
        ArrayVectorSource s = source();
        float[][] queries = Datasets.uniform(new SplittableRandom(7), 20, 8);
        for (Golden g : goldens()) {
            Path file = tmp.resolve(g.file());
            try (InputStream in = FaissGoldenTest.class.getResourceAsStream("/golden/" + g.file())) {
                assertNotNull(in, g.file());
                Files.copy(in, file);
            }
            try (VectorIndex idx = g.provider().load(file, s)) {
                assertEquals(599, idx.size(), g.file());
                assertFalse(idx.contains(5));
                assertTrue(idx.contains(6));
                OrdinalFilter live = OrdinalFilter.of(o -> o != 5);
                for (float[] q : queries) {
                    List<VectorHit> want = ExactSearch.search(s, q, 10, live);
                    List<VectorHit> got = idx.search(q, 10, SearchOptions.defaults().withEffort(g.effort()));
                    assertEquals(want.stream().map(VectorHit::ordinal).toList(), got.stream().map(VectorHit::ordinal).toList(),
                            g.file());
                }
                idx.add(5);
                float[] five = new float[8];
                s.copy(5, five);
                assertEquals(5, idx.search(five, 1).getFirst().ordinal());
            }
        }
    }
}
