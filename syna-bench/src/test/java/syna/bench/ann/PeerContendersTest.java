package syna.bench.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer contenders' own plumbing (not their speed): Lucene on MMapDirectory, FAISS rows read back. */
class PeerContendersTest {
    @Test
    void luceneFindsEachVectorItselfOnBothRoutesAndCleansUp(@TempDir Path tmp) throws Exception {
        String old = System.getProperty("syna.bench.tmp");
        System.setProperty("syna.bench.tmp", tmp.toString());
        try {
            float[][] data = syna.tests.Datasets.normalize(syna.tests.Datasets.uniform(new SplittableRandom(7), 600, 16));
            for (LuceneContender.Route route : LuceneContender.Route.values()) {
                for (int threads : new int[] {1, 2}) {
                    try (LuceneContender c = new LuceneContender(8, 50, route)) {
                        c.build(data, threads);
                        assertTrue(c.offHeapBytes() >= 600L * 16 * 4, "index files hold the vectors: " + c.offHeapBytes());
                        int found = 0;
                        for (int i = 0; i < data.length; i += 7) {
                            int[] hits = c.search(data[i], 5, 50);
                            assertEquals(5, hits.length);
                            found += hits[0] == i ? 1 : 0;
                        }
                        assertTrue(found >= 80, route + " " + threads + " threads: " + found + " of 86 found themselves");
                    }
                    try (var left = Files.list(tmp)) {
                        assertEquals(0, left.count(), "close deletes the index directory");
                    }
                }
            }
        } finally {
            if (old == null) {
                System.clearProperty("syna.bench.tmp");
            } else {
                System.setProperty("syna.bench.tmp", old);
            }
        }
    }

    @Test
    void externalRowsBecomeResults(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("faiss.tsv");
        Files.writeString(f, """
                # bench/faiss_ann.py
                result\tfaiss-hnsw\t10.5\t6.25\t170.0\tserialized
                ef\tfaiss-hnsw\t10\t0.9\t9000\t100\t110
                ef\tfaiss-hnsw\t20\t0.96\t7000\t140\t150
                failed\tfaiss-ivf-pq\tRuntimeError('x')
                """);
        List<AnnBenchmark.Result> rs = ExternalResults.read(f, Set.of());
        assertEquals(2, rs.size());
        AnnBenchmark.Result h = rs.getFirst();
        assertEquals("faiss-hnsw", h.name);
        assertEquals(6.25, h.build2);
        assertEquals(7000, h.qpsAt(0.95));
        assertTrue(Double.isNaN(h.qpsAt(0.99)));
        assertEquals("RuntimeError('x')", rs.get(1).failure);
        assertEquals(1, ExternalResults.read(f, Set.of("faiss-ivf-pq")).size());
        Files.writeString(f, "ef\tx\tnot-a-number\n");
        IOException bad = assertThrows(IOException.class, () -> ExternalResults.read(f, Set.of()));
        assertTrue(bad.getMessage().contains(":1:"), bad.getMessage());
        assertFalse(bad.getMessage().isBlank());
    }
}
