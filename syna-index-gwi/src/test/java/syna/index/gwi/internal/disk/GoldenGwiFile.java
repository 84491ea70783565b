package syna.index.gwi.internal.disk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import syna.api.DistanceMetric;
import syna.api.spi.ArrayVectorSource;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorIndexConfig;
import syna.index.gwi.GwiOptions;
import syna.index.gwi.internal.GwiProvider;

/**
 * Writes the golden file of the {@code gwi} index, format 1: 400 seeded euclidean vectors (exact squared distances in any summation order, so SIMD and scalar kernels agree) of dimension 8 in 8
 * clusters at ordinals 100..499 of a source of 500; the first 200 trained on (train-size 200, list-size 16), the
 * rest added one by one with inline rebalancing (splits), then every 6th deleted (merges). Seed 7, so the
 * structure is a function of the inputs. Run once with a target file to produce
 * {@code src/test/resources/golden/gwi-v1/index.gwi} (the first build's) and {@code index-recentred.gwi} (today's
 * build, leaves re-centred on their lists, seeds drawn in place); called by {@link GoldenGwiFormatTest} to write it afresh.
 * A test utility, not a test.
 */
public final class GoldenGwiFile {
    static final int DIM = 8;
    static final int FIRST = 100;
    static final int COUNT = 400;

    private GoldenGwiFile() {}

    /** Vector of ordinal {@code o}: seeded, clustered, components multiples of 1/64. */
    static float[] vector(int o) {
        SplittableRandom r = new SplittableRandom(0xBEEFL * 31 + o);
        float[] v = new float[DIM];
        int c = o % 8;
        for (int j = 0; j < DIM; j++) {
            v[j] = (r.nextInt(32) - 16) / 64f + (j == c ? 1f : 0f);
        }
        return v;
    }

    /** Whether ordinal {@code o} is deleted in the golden index. */
    static boolean deleted(int o) {
        return o >= FIRST && (o - FIRST) % 6 == 5;
    }

    static GwiOptions options() {
        return GwiOptions.builder().trainSize(200).listSize(16).seed(7).rebalance(GwiOptions.Rebalance.INLINE).build();
    }

    static ArrayVectorSource source() {
        ArrayVectorSource s = ArrayVectorSource.zeros(FIRST + COUNT, DIM, DistanceMetric.EUCLIDEAN);
        for (int i = FIRST; i < FIRST + COUNT; i++) {
            s.set(i, vector(i));
        }
        return s;
    }

    /** Writes the golden index to {@code file}. */
    static void write(Path file) {
        ArrayVectorSource source = source();
        try (VectorIndex idx = new GwiProvider().create(VectorIndexConfig.of(source, options().toMap()), source)) {
            int[] first = new int[200];
            for (int i = 0; i < 200; i++) {
                first[i] = FIRST + i;
            }
            idx.addAll(first);
            for (int i = FIRST + 200; i < FIRST + COUNT; i++) {
                idx.add(i);
            }
            for (int i = FIRST; i < FIRST + COUNT; i++) {
                if (deleted(i)) {
                    idx.delete(i);
                }
            }
            idx.save(file);
        }
    }

    /** Writes the golden file to {@code args[0]}. */
    public static void main(String[] args) throws java.io.IOException {
        Path target = Path.of(args[0]);
        Files.createDirectories(target.toAbsolutePath().getParent());
        write(target);
    }
}
