package syna.index.hnsw.internal.disk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import syna.api.DistanceMetric;
import syna.api.spi.ArrayVectorSource;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorIndexConfig;
import syna.index.hnsw.HnswOptions;
import syna.index.hnsw.internal.HnswProvider;

/**
 * Writes the golden files of the {@code hnsw} index in today's format (3), without quantization and with int8
 * (trained when the 32nd node is added, so its quantizer and codes are in the file): 60 seeded cosine vectors of
 * dimension 8 at ordinals 1000..1059 of a source of 1060, added one by one, ordinals 1010 and 1033 deleted
 * (tombstones), M 4, efConstruction 32, level seed 7, one build thread, so the graph is a function of the
 * inputs. Format 1's golden files ({@code hnsw-v1/}) hold the same input as written by that format (ids
 * 1000..1059), format 2's ({@code hnsw-v2/}) the graph alone. Run once with a target directory to produce
 * {@code src/test/resources/golden/hnsw-v3/index.hnsw} and {@code index-int8-clipped.hnsw} (the int8 file as
 * written since nodes coded as clipped are flagged; {@code index-int8.hnsw}, written before, has no flag and must
 * keep opening); called by {@link GoldenHnswFormatTest} to write them afresh. A test utility, not a test.
 */
public final class GoldenHnswFile {
    static final int DIM = 8;
    static final int COUNT = 60;
    static final long FIRST_ID = 1000;
    static final long[] DELETED = {1010, 1033};

    private GoldenHnswFile() {}

    /** Vector of {@code id}: seeded, components multiples of 1/64 in [-1, 1), never all zero. */
    static float[] vector(long id) {
        SplittableRandom r = new SplittableRandom(0xC0FFEEL * 31 + id);
        float[] v = new float[DIM];
        for (int j = 0; j < DIM; j++) {
            v[j] = (r.nextInt(128) - 64) / 64f;
        }
        v[0] = v[0] == 0 ? 0.5f : v[0];
        return v;
    }

    static HnswOptions options(HnswOptions.Quantization q) {
        return HnswOptions.builder().maxConnections(4).efConstruction(32).seed(7).buildThreads(1).quantization(q)
                .build();
    }

    /** The vectors by ordinal (= id): zeros below {@link #FIRST_ID}, then the golden ones. */
    static ArrayVectorSource source() {
        ArrayVectorSource s = ArrayVectorSource.zeros((int) FIRST_ID + COUNT, DIM, DistanceMetric.COSINE);
        for (int i = 0; i < COUNT; i++) {
            s.set((int) FIRST_ID + i, vector(FIRST_ID + i));
        }
        return s;
    }

    /** Writes the golden index with quantization {@code q} to {@code file}. */
    static void write(Path file, HnswOptions.Quantization q) {
        ArrayVectorSource source = source();
        try (VectorIndex idx = new HnswProvider().create(VectorIndexConfig.of(source, options(q).toMap()), source)) {
            for (int i = 0; i < COUNT; i++) {
                idx.add((int) FIRST_ID + i);
            }
            for (long id : DELETED) {
                idx.delete((int) id);
            }
            idx.save(file);
        }
    }

    /** Writes the golden files into directory {@code args[0]}. */
    public static void main(String[] args) throws java.io.IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        write(dir.resolve("index.hnsw"), HnswOptions.Quantization.NONE);
        write(dir.resolve("index-int8-clipped.hnsw"), HnswOptions.Quantization.INT8);
    }
}
