package syna.index.hnsw.internal.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import syna.index.hnsw.internal.graph.HnswGraph;
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
        SealedFiles.write(f, FileHeader.of("vector-index", "hnsw", 2, new java.util.UUID(0, 0)),
                out -> out.writeBytes(bad, 0, bad.length));
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> new HnswProvider().load(f, source).close());
        assertTrue(e.getMessage().contains("hnsw index"), e.getMessage());
    }

    private static long flagsOffset() {
        return 64 + pad(64);
    }

    private static long listsOffset() {
        long pos = flagsOffset() + 4L * N;
        return pos + pad(pos);
    }

    private static long pad(long pos) {
        return (64 - ((FileHeader.SIZE + pos) % 64)) % 64;
    }

    @Test
    void liesInTheBodyAreCaught(@TempDir Path dir, SplittableRandom r) throws IOException {
        byte[] good = body(dir, r);
        int lists = (int) listsOffset();
        int flags = (int) flagsOffset();
        assertRefused(dir, good, b -> b.putInt(0, 0)); // dimension
        assertRefused(dir, good, b -> b.putInt(0, DIM + 1)); // another dimension than the source's
        assertRefused(dir, good, b -> b.putInt(4, 7)); // metric
        assertRefused(dir, good, b -> b.putInt(4, 0)); // another metric than the source's
        assertRefused(dir, good, b -> b.putInt(8, 1)); // M
        assertRefused(dir, good, b -> b.putInt(32, Integer.MAX_VALUE)); // node count: no huge allocation
        assertRefused(dir, good, b -> b.putInt(32, N + 1)); // more ordinals than the source has
        assertRefused(dir, good, b -> b.putInt(32, N - 1)); // sizes no longer add up
        assertRefused(dir, good, b -> b.putInt(36, N + 1)); // live count
        assertRefused(dir, good, b -> b.putInt(40, N)); // entry node
        assertRefused(dir, good, b -> b.putInt(44, 31)); // max level
        assertRefused(dir, good, b -> b.putInt(48, b.getInt(48) + 1)); // list length
        assertRefused(dir, good, b -> b.putInt(lists, 2 * M + 1)); // neighbour count above 2M
        assertRefused(dir, good, b -> b.putInt(lists + 4, N)); // neighbour outside the graph
        assertRefused(dir, good, b -> b.putInt(lists + 4, -1));
        assertRefused(dir, good, b -> b.putInt(flags, b.getInt(flags) | 1 << 20)); // unknown flag bits
        assertRefused(dir, good, b -> b.putInt(flags, b.getInt(flags) | 0x1F)); // level above the max level
        assertRefused(dir, good, b -> b.putInt(flags + 4, 0)); // node 1 absent, yet listed as a neighbour or with lists
    }

    /**
     * A format-1 file whose id 5 was replaced (a live node and a tombstone with the same id, as the old writer left
     * them): the live node becomes ordinal 5, the tombstone is dropped with its links, and nothing is rebuilt.
     */
    @Test
    void formatOneReplacedIdsKeepTheLiveNode(@TempDir Path dir) {
        int m = 2;
        int dim = 2;
        int n = 3;
        long[] ids = {5, 6, 5};
        int[] flags = {HnswGraph.READY, HnswGraph.READY, HnswGraph.READY | HnswGraph.DELETED};
        int[][] links = {{1, 2}, {0, 2}, {0, 1}};
        Path f = dir.resolve("v1.syna");
        SealedFiles.write(f, FileHeader.of("vector-index", "hnsw", 1, new java.util.UUID(0, 0)), out -> {
            out.writeInt(dim).writeInt(DistanceMetric.EUCLIDEAN.ordinal()).writeInt(m).writeInt(16).writeInt(16).writeInt(1)
                    .writeLong(7).writeInt(n).writeInt(2).writeInt(0).writeInt(0).writeInt(0).writeInt(1);
            out.align(64);
            for (int i = 0; i < n; i++) {
                out.writeFloats(new float[] {i, 0}, 0, dim); // skipped: the source has the vectors
            }
            out.align(64);
            for (long id : ids) {
                out.writeLong(id);
            }
            out.align(64);
            for (int fl : flags) {
                out.writeInt(fl);
            }
            out.align(64);
            for (int[] l : links) {
                out.writeInts(new int[] {l.length, l[0], l[1], 0, 0}, 0, 2 * m + 1);
            }
            out.align(64);
        });
        ArrayVectorSource s = ArrayVectorSource.zeros(10, dim, DistanceMetric.EUCLIDEAN);
        s.set(5, new float[] {1, 1});
        s.set(6, new float[] {4, 4});
        try (VectorIndex idx = new HnswProvider().load(f, s)) {
            assertEquals(2, idx.size());
            assertTrue(idx.contains(5) && idx.contains(6));
            assertEquals(5, idx.search(new float[] {1, 1.1f}, 1).getFirst().ordinal());
            assertEquals(java.util.List.of(6, 5),
                    idx.search(new float[] {5, 5}, 5).stream().map(h -> h.ordinal()).toList());
        }
        ArrayVectorSource tooSmall = ArrayVectorSource.zeros(6, dim, DistanceMetric.EUCLIDEAN);
        assertThrows(CorruptFileException.class, () -> new HnswProvider().load(f, tooSmall).close(),
                "live id 6 is no ordinal of a source of 6");
    }
}
