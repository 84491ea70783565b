package syna.index.hnsw.internal.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import syna.api.CorruptFileException;
import syna.api.DistanceMetric;
import syna.api.spi.SearchOptions;
import syna.api.spi.VectorHit;
import syna.api.spi.VectorIndex;
import syna.index.hnsw.HnswOptions;
import syna.index.hnsw.internal.HnswProvider;

/**
 * The golden files of the {@code hnsw} index (written once by {@link GoldenHnswFile}, never edited): format 1
 * (vectors and ids in the file) and format 2 (the graph alone, over the source's vectors). Today's reader opens
 * each over the same source with its ordinals, tombstones and search answers; a fresh build of the same input
 * gives the bytes of format 2 except the header's creation time and CRC; truncated or bit-flipped copies of
 * either give {@link CorruptFileException}.
 */
class GoldenHnswFormatTest {
    /** As first written: neighbour lists in the order the build linked them. */
    private static final String GOLDEN = "/golden/hnsw-v1/index.hnsw";
    /**
     * The same input as written since the index packs its lists (commit 2ddecc6): each neighbour list
     * sorted by node. Still format 1 (a list's order carries no meaning; readers take either); the
     * same-bytes check compares against this one, and both must open.
     */
    private static final String GOLDEN_SORTED = "/golden/hnsw-v1/index-lists-sorted.hnsw";
    /** Format 2 (no vectors, no ids): the graph of the same input. */
    private static final String GOLDEN_V2 = "/golden/hnsw-v2/index.hnsw";
    /** Format 3 without quantization: format 2's graph plus the quantization and re-ranking fields. */
    private static final String GOLDEN_V3 = "/golden/hnsw-v3/index.hnsw";
    /** Format 3 with int8 quantization: the quantizer and codes after the graph, as first written (no clipped flag). */
    private static final String GOLDEN_V3_INT8 = "/golden/hnsw-v3/index-int8.hnsw";
    /**
     * The same as written since nodes whose code misplaces them are flagged (a term's sign bit): the same-bytes check
     * compares against this one, and both must open.
     */
    private static final String GOLDEN_V3_INT8_CLIPPED = "/golden/hnsw-v3/index-int8-clipped.hnsw";

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = GoldenHnswFormatTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name + " is missing");
            return in.readAllBytes();
        }
    }

    /** The file with creation time and header CRC zeroed (docs/format/header.md). */
    private static byte[] masked(byte[] file) {
        byte[] b = file.clone();
        int headerLength = ByteBuffer.wrap(b, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
        int k = b[10];
        int p = b[11 + k];
        Arrays.fill(b, 32 + k + p, 40 + k + p, (byte) 0);
        Arrays.fill(b, headerLength - 4, headerLength, (byte) 0);
        return b;
    }

    private static double cosineDistance(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return 1 - dot / Math.sqrt(na * nb);
    }

    private static Map<Long, float[]> live() {
        Map<Long, float[]> m = new LinkedHashMap<>();
        for (int i = 0; i < GoldenHnswFile.COUNT; i++) {
            long id = GoldenHnswFile.FIRST_ID + i;
            if (Arrays.stream(GoldenHnswFile.DELETED).noneMatch(d -> d == id)) {
                m.put(id, GoldenHnswFile.vector(id));
            }
        }
        return m;
    }

    @ParameterizedTest
    @ValueSource(strings = {GOLDEN, GOLDEN_SORTED, GOLDEN_V2, GOLDEN_V3, GOLDEN_V3_INT8, GOLDEN_V3_INT8_CLIPPED})
    void opensWithItsOrdinalsTombstonesAndExactAnswers(String golden, @TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("index.hnsw");
        Files.write(f, resource(golden));
        Map<Long, float[]> live = live();
        try (VectorIndex idx = new HnswProvider().load(f, GoldenHnswFile.source())) {
            assertEquals("hnsw", idx.providerName());
            assertEquals(GoldenHnswFile.DIM, idx.dimension());
            assertEquals(DistanceMetric.COSINE, idx.metric());
            assertEquals(58, idx.size());
            for (long d : GoldenHnswFile.DELETED) {
                assertFalse(idx.contains((int) d), "tombstone " + d);
            }
            SearchOptions exhaustive = SearchOptions.defaults().withEffort(GoldenHnswFile.COUNT);
            for (Map.Entry<Long, float[]> e : live.entrySet()) {
                assertTrue(idx.contains(e.getKey().intValue()));
                VectorHit self = idx.search(e.getValue(), 1, exhaustive).getFirst();
                assertEquals(e.getKey().intValue(), self.ordinal(), "a stored vector finds itself");
                assertEquals(0, self.distance(), 1e-6);
            }
            for (int q = 0; q < 10; q++) {
                float[] query = GoldenHnswFile.vector(5000 + q);
                List<VectorHit> hits = idx.search(query, 5, exhaustive);
                List<Long> want = live.keySet().stream()
                        .sorted(Comparator.comparingDouble((Long id) -> cosineDistance(query, live.get(id))).thenComparing(id -> id))
                        .limit(5).toList();
                assertEquals(5, hits.size());
                for (int i = 0; i < 5; i++) {
                    assertEquals(cosineDistance(query, live.get(want.get(i))), hits.get(i).distance(), 1e-5, "query " + q + " rank " + i);
                    assertFalse(Arrays.stream(GoldenHnswFile.DELETED).anyMatch(d -> d == hits.get(0).ordinal()));
                }
                assertEquals(want.getFirst().intValue(), hits.getFirst().ordinal(), "query " + q + ": nearest");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {GOLDEN_V3, GOLDEN_V3_INT8_CLIPPED})
    void hnswV3BuiltAfreshHasTheSameBytes(String golden, @TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("fresh.hnsw");
        GoldenHnswFile.write(f, golden.equals(GOLDEN_V3) ? HnswOptions.Quantization.NONE : HnswOptions.Quantization.INT8);
        byte[] g = masked(resource(golden));
        byte[] fresh = masked(Files.readAllBytes(f));
        assertEquals(g.length, fresh.length, "length");
        for (int i = 0; i < g.length; i++) {
            int at = i;
            assertEquals(g[i], fresh[i], () -> "byte " + at + " differs: golden " + HexFormat.of().toHexDigits(g[at])
                    + ", fresh " + HexFormat.of().toHexDigits(fresh[at]));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {GOLDEN, GOLDEN_V2, GOLDEN_V3_INT8, GOLDEN_V3_INT8_CLIPPED})
    void truncatedOrBitFlippedIsCorrupt(String golden, @TempDir Path tmp) throws IOException {
        byte[] good = resource(golden);
        Path f = tmp.resolve("bad.hnsw");
        for (int len = 0; len < good.length; len += 53) {
            Files.write(f, Arrays.copyOf(good, len));
            int at = len;
            assertThrows(CorruptFileException.class, () -> new HnswProvider().load(f, GoldenHnswFile.source()).close(), () -> "truncated to " + at);
        }
        for (int i = 0; i < good.length; i += 5) {
            byte[] bad = good.clone();
            bad[i] ^= (byte) (1 << (i % 8));
            Files.write(f, bad);
            int at = i;
            assertThrows(CorruptFileException.class, () -> new HnswProvider().load(f, GoldenHnswFile.source()).close(), () -> "bit flipped in byte " + at);
        }
    }
}
