package syna.index.gwi.internal.disk;

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
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import syna.api.CorruptFileException;
import syna.api.DistanceMetric;
import syna.api.spi.OrdinalFilter;
import syna.api.spi.VectorHit;
import syna.index.gwi.GwiIndex;
import syna.index.gwi.GwiQuery;
import syna.index.gwi.GwiStats;
import syna.index.gwi.internal.GwiProvider;
import syna.tests.GroundTruth;

/**
 * The golden file of the {@code gwi} index, format 1 (written once by {@link GoldenGwiFile}, never edited): today's
 * reader opens it over the same source with its lists, tombstoned ordinals and exact answers; a fresh build of
 * the same input gives the same bytes except the header's creation time and CRC; truncated or bit-flipped copies
 * give {@link CorruptFileException}.
 */
class GoldenGwiFormatTest {
    private static final String GOLDEN = "/golden/gwi-v1/index.gwi";
    /**
     * What today's build writes from the same input (format 1 still): leaves re-centred on their lists after
     * training, and k-means++ seeds drawn from the points in place (not a shuffled copy), so the centroids differ
     * from the first writer's file, which still loads.
     */
    private static final String FRESH = "/golden/gwi-v1/index-recentred.gwi";

    private static byte[] resource() throws IOException {
        return resource(GOLDEN);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = GoldenGwiFormatTest.class.getResourceAsStream(name)) {
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

    @ParameterizedTest
    @ValueSource(strings = {GOLDEN, FRESH})
    void opensWithItsListsAndExactAnswers(String golden, @TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("index.gwi");
        Files.write(f, resource(golden));
        try (GwiIndex idx = (GwiIndex) new GwiProvider().load(f, GoldenGwiFile.source())) {
            assertEquals("gwi", idx.providerName());
            assertEquals(DistanceMetric.EUCLIDEAN, idx.metric());
            assertEquals(GoldenGwiFile.options(), idx.options());
            GwiStats st = idx.stats();
            assertTrue(st.trained());
            assertEquals(334, st.size());
            assertTrue(st.lists() >= 10, st.toString());
            float[][] data = new float[GoldenGwiFile.FIRST + GoldenGwiFile.COUNT][];
            for (int o = 0; o < data.length; o++) {
                data[o] = o < GoldenGwiFile.FIRST ? new float[GoldenGwiFile.DIM] : GoldenGwiFile.vector(o);
                assertEquals(o >= GoldenGwiFile.FIRST && !GoldenGwiFile.deleted(o), idx.contains(o), "ordinal " + o);
            }
            GwiQuery all = GwiQuery.fixed(10_000);
            for (int q = 0; q < 20; q++) {
                float[] query = GoldenGwiFile.vector(5000 + q);
                List<VectorHit> hits = idx.search(query, 5, all, OrdinalFilter.all());
                long[] want = GroundTruth.topK(DistanceMetric.EUCLIDEAN, data, query, 5, o -> o >= GoldenGwiFile.FIRST
                        && !GoldenGwiFile.deleted((int) o));
                for (int i = 0; i < 5; i++) {
                    assertEquals(want[i], hits.get(i).ordinal(), "query " + q + " rank " + i);
                    assertFalse(GoldenGwiFile.deleted(hits.get(i).ordinal()));
                }
            }
        }
    }

    @Test
    void builtAfreshHasTheSameBytes(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("fresh.gwi");
        GoldenGwiFile.write(f);
        byte[] g = masked(resource(FRESH));
        byte[] fresh = masked(Files.readAllBytes(f));
        assertEquals(g.length, fresh.length, "length");
        for (int i = 0; i < g.length; i++) {
            int at = i;
            assertEquals(g[i], fresh[i], () -> "byte " + at + " differs: golden " + HexFormat.of().toHexDigits(g[at])
                    + ", fresh " + HexFormat.of().toHexDigits(fresh[at]));
        }
    }

    @Test
    void truncatedOrBitFlippedIsCorrupt(@TempDir Path tmp) throws IOException {
        byte[] good = resource();
        Path f = tmp.resolve("bad.gwi");
        for (int len = 0; len < good.length; len += 97) {
            Files.write(f, Arrays.copyOf(good, len));
            int at = len;
            assertThrows(CorruptFileException.class, () -> new GwiProvider().load(f, GoldenGwiFile.source()).close(),
                    () -> "truncated to " + at);
        }
        for (int i = 0; i < good.length; i += 7) {
            byte[] bad = good.clone();
            bad[i] ^= (byte) (1 << (i % 8));
            Files.write(f, bad);
            int at = i;
            assertThrows(CorruptFileException.class, () -> new GwiProvider().load(f, GoldenGwiFile.source()).close(),
                    () -> "bit flipped in byte " + at);
        }
    }
}
