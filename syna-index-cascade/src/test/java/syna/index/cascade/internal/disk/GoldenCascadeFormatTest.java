package syna.index.cascade.internal.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.CorruptFileException;
import syna.api.DistanceMetric;
import syna.api.spi.SearchOptions;
import syna.api.spi.VectorHit;
import syna.index.cascade.CascadeIndex;
import syna.index.cascade.CascadeStats;
import syna.index.cascade.internal.CascadeProvider;
import syna.tests.GroundTruth;

/**
 * The golden file of the {@code cascade} index, format 1 (written once by {@link GoldenCascadeFile}, never edited): today's
 * reader opens it over the same source with its graph, tombstones and exact answers; a fresh build of the same
 * input opens with the same contents; truncated or bit-flipped copies give {@link CorruptFileException}.
 */
class GoldenCascadeFormatTest {
    private static final String GOLDEN = "/golden/cascade-v1/index.cascade";

    private static byte[] resource() throws IOException {
        try (InputStream in = GoldenCascadeFormatTest.class.getResourceAsStream(GOLDEN)) {
            assertNotNull(in, GOLDEN + " is missing");
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

    @Test
    void opensWithItsGraphTombstonesAndExactAnswers(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("index.cascade");
        Files.write(f, resource());
        try (CascadeIndex idx = (CascadeIndex) new CascadeProvider().load(f, GoldenCascadeFile.source())) {
            assertEquals("cascade", idx.providerName());
            assertEquals(DistanceMetric.EUCLIDEAN, idx.metric());
            assertEquals(GoldenCascadeFile.options(), idx.options());
            CascadeStats st = idx.stats();
            int live = 0;
            int tombstones = 0;
            float[][] data = new float[GoldenCascadeFile.FIRST + GoldenCascadeFile.COUNT][];
            for (int o = 0; o < data.length; o++) {
                data[o] = o < GoldenCascadeFile.FIRST ? new float[GoldenCascadeFile.DIM] : GoldenCascadeFile.vector(o);
                boolean in = o == 60 || o >= GoldenCascadeFile.FIRST && !GoldenCascadeFile.consolidated(o)
                        && !GoldenCascadeFile.tombstone(o);
                live += in ? 1 : 0;
                tombstones += o >= GoldenCascadeFile.FIRST && GoldenCascadeFile.tombstone(o) ? 1 : 0;
                assertEquals(in, idx.contains(o), "ordinal " + o);
            }
            assertEquals(live, st.size());
            assertEquals(tombstones, st.tombstones(), "ordinal 60's first node among them: 60 was deleted, then added again");
            assertTrue(st.bucketTreeNodes() > 2 * 8, "buckets split: " + st);
            for (int q = 0; q < 20; q++) {
                float[] query = GoldenCascadeFile.vector(5000 + q);
                List<VectorHit> hits = idx.search(query, 5, SearchOptions.defaults().withEffort(400));
                long[] want = GroundTruth.topK(DistanceMetric.EUCLIDEAN, data, query, 5, o -> idx.contains((int) o));
                for (int i = 0; i < 5; i++) {
                    assertEquals(want[i], hits.get(i).ordinal(), "query " + q + " rank " + i);
                }
            }
        }
    }

    /**
     * Today's writer, given the same input, writes a file of the same layout that opens with the same contents.
     * Not byte for byte: which side of a hyperplane a vector falls on is a float sum whose order the JIT may
     * change within one run (SIMD kernels compiled or not), and one flipped side changes the graph.
     */
    @Test
    void builtAfreshOpensTheSame(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("fresh.cascade");
        GoldenCascadeFile.write(f);
        Path g = tmp.resolve("golden.cascade");
        Files.write(g, resource());
        byte[] golden = masked(resource());
        byte[] fresh = masked(Files.readAllBytes(f));
        assertEquals(Arrays.toString(Arrays.copyOf(golden, 128 + 64)), Arrays.toString(Arrays.copyOf(fresh, 128 + 64)),
                "header and preamble");
        try (CascadeIndex a = (CascadeIndex) new CascadeProvider().load(g, GoldenCascadeFile.source());
                CascadeIndex b = (CascadeIndex) new CascadeProvider().load(f, GoldenCascadeFile.source())) {
            assertEquals(a.options(), b.options());
            assertEquals(a.size(), b.size());
            assertEquals(a.stats().tombstones(), b.stats().tombstones());
            for (int o = 0; o < GoldenCascadeFile.FIRST + GoldenCascadeFile.COUNT; o++) {
                assertEquals(a.contains(o), b.contains(o));
            }
            for (int q = 0; q < 10; q++) {
                float[] query = GoldenCascadeFile.vector(7000 + q);
                assertEquals(a.search(query, 5, SearchOptions.defaults().withEffort(400)),
                        b.search(query, 5, SearchOptions.defaults().withEffort(400)));
            }
        }
    }

    @Test
    void truncatedOrBitFlippedIsCorrupt(@TempDir Path tmp) throws IOException {
        byte[] good = resource();
        Path f = tmp.resolve("bad.cascade");
        for (int len = 0; len < good.length; len += 97) {
            Files.write(f, Arrays.copyOf(good, len));
            int at = len;
            assertThrows(CorruptFileException.class, () -> new CascadeProvider().load(f, GoldenCascadeFile.source()).close(),
                    () -> "truncated to " + at);
        }
        for (int i = 0; i < good.length; i += 7) {
            byte[] bad = good.clone();
            bad[i] ^= (byte) (1 << (i % 8));
            Files.write(f, bad);
            int at = i;
            assertThrows(CorruptFileException.class, () -> new CascadeProvider().load(f, GoldenCascadeFile.source()).close(),
                    () -> "bit flipped in byte " + at);
        }
    }
}
