package syna.index.hnsw.internal.disk;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.CorruptFileException;
import syna.api.DistanceMetric;
import syna.api.spi.ArrayVectorSource;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorIndexConfig;
import syna.api.spi.format.FileHeader;
import syna.api.spi.format.SealedFiles;
import syna.index.hnsw.HnswOptions;
import syna.index.hnsw.internal.HnswProvider;
import syna.tests.Datasets;
import syna.tests.Seeded;

/**
 * Files whose CRC is right but whose contents lie (as a buggy or hostile writer would make them) are refused
 * with {@link CorruptFileException}, never an exception from an array index or a huge allocation.
 */
@Seeded
class HnswReaderTest {
    private static final int M = 4;
    private static final int DIM = 5;
    private static final int N = 300;

    private static ArrayVectorSource source;

    private static byte[] body(Path dir, SplittableRandom r) throws IOException {
        Path f = dir.resolve("good.syna");
        source = ArrayVectorSource.of(Datasets.uniform(r, N, DIM), DistanceMetric.EUCLIDEAN);
        try (VectorIndex idx = new HnswProvider().create(VectorIndexConfig.of(source,
                HnswOptions.builder().maxConnections(M).efConstruction(20).build().toMap()), source)) {
            for (int i = 0; i < N; i++) {
                idx.add(i);
            }
            idx.save(f);
        }
        byte[] all = Files.readAllBytes(f);
        return Arrays.copyOfRange(all, FileHeader.SIZE, all.length - SealedFiles.FOOTER_SIZE);
    }

    private static void assertRefused(Path dir, byte[] good, Consumer<ByteBuffer> damage) {
        byte[] bad = good.clone();
        damage.accept(ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN));
        Path f = dir.resolve("bad.syna");
        SealedFiles.write(f, FileHeader.of("vector-index", "hnsw", 1, new java.util.UUID(0, 0)),
                out -> out.writeBytes(bad, 0, bad.length));
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> new HnswProvider().load(f, source).close());
        assertTrue(e.getMessage().contains("hnsw index"), e.getMessage());
    }

    private static long flagsOffset() {
        long pos = 64 + (long) N * DIM * 4;
        pos += pad(pos);
        pos += 8L * N;
        return pos + pad(pos);
    }

    private static long l0Offset() {
        long pos = flagsOffset() + 4L * N;
        return pos + pad(pos);
    }

    private static long pad(long pos) {
        return (64 - ((FileHeader.SIZE + pos) % 64)) % 64;
    }

    @Test
    void liesInTheBodyAreCaught(@TempDir Path dir, SplittableRandom r) throws IOException {
        byte[] good = body(dir, r);
        int l0 = (int) l0Offset();
        int flags = (int) flagsOffset();
        assertRefused(dir, good, b -> b.putInt(0, 0)); // dimension
        assertRefused(dir, good, b -> b.putInt(4, 7)); // metric
        assertRefused(dir, good, b -> b.putInt(8, 1)); // M
        assertRefused(dir, good, b -> b.putInt(32, Integer.MAX_VALUE)); // node count: no huge allocation
        assertRefused(dir, good, b -> b.putInt(32, N - 1)); // sizes no longer add up
        assertRefused(dir, good, b -> b.putInt(36, N + 1)); // live count
        assertRefused(dir, good, b -> b.putInt(40, N)); // entry node
        assertRefused(dir, good, b -> b.putInt(44, 31)); // max level
        assertRefused(dir, good, b -> b.putInt(48, b.getInt(48) + 1)); // upper-layer length
        assertRefused(dir, good, b -> b.putInt(l0, 2 * M + 1)); // neighbour count above 2M
        assertRefused(dir, good, b -> b.putInt(l0 + 4, N)); // neighbour outside the graph
        assertRefused(dir, good, b -> b.putInt(l0 + 4, -1));
        assertRefused(dir, good, b -> b.putInt(flags, b.getInt(flags) | 1 << 20)); // unknown flag bits
        assertRefused(dir, good, b -> b.putInt(flags, b.getInt(flags) | 0x1F)); // level above the max level
        long l0End = l0 + 4L * N * (2 * M + 1);
        int upper = (int) (l0End + pad(l0End));
        assertTrue(upper < good.length, "some node has a level above 0");
        assertRefused(dir, good, b -> b.putInt(upper, M + 1)); // upper-layer count above M
        assertRefused(dir, good, b -> b.putInt(upper, 1).putInt(upper + 4, N)); // upper-layer neighbour outside
    }
}
