package syna.index.cascade.internal.disk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import syna.api.DistanceMetric;
import syna.api.spi.ArrayVectorSource;
import syna.api.spi.VectorIndexConfig;
import syna.index.cascade.CascadeIndex;
import syna.index.cascade.CascadeOptions;
import syna.index.cascade.internal.CascadeProvider;

/**
 * Writes the golden file of the {@code cascade} index, format 1: 300 seeded euclidean vectors (exact squared distances in any summation order, so SIMD and scalar kernels agree) of dimension 8 in 6
 * clusters at ordinals 50..349 of a source of 350, added one by one (bucket size 8, so buckets split), every 7th
 * deleted and consolidated away, then every 11th of the rest deleted and left as tombstones; ordinal 60 added
 * again with its vector (a new node). Seed 5. Run once with a target file to produce
 * {@code src/test/resources/golden/cascade-v1/index.cascade}; called by {@link GoldenCascadeFormatTest} to write it
 * afresh. A test utility, not a test.
 */
public final class GoldenCascadeFile {
    static final int DIM = 8;
    static final int FIRST = 50;
    static final int COUNT = 300;

    private GoldenCascadeFile() {}

    /** Vector of ordinal {@code o}: seeded, clustered, components multiples of 1/64. */
    static float[] vector(int o) {
        SplittableRandom r = new SplittableRandom(0xCA5CADEL * 31 + o);
        float[] v = new float[DIM];
        for (int j = 0; j < DIM; j++) {
            v[j] = (r.nextInt(32) - 16) / 64f + (j == o % 6 ? 1f : 0f);
        }
        return v;
    }

    /** Deleted and consolidated away. */
    static boolean consolidated(int o) {
        return (o - FIRST) % 7 == 6;
    }

    /** Deleted and left as a tombstone. */
    static boolean tombstone(int o) {
        return !consolidated(o) && (o - FIRST) % 11 == 10;
    }

    static CascadeOptions options() {
        return CascadeOptions.builder().bits(3).tables(2).probes(2).bucketSize(8).maxDepth(3).degree(6).buildBeam(12)
                .efSearch(12).entryPoints(8).consolidateFraction(1).seed(5).build();
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
        try (CascadeIndex idx = (CascadeIndex) new CascadeProvider().create(
                VectorIndexConfig.of(source, options().toMap()), source)) {
            for (int i = FIRST; i < FIRST + COUNT; i++) {
                idx.add(i);
            }
            for (int i = FIRST; i < FIRST + COUNT; i++) {
                if (consolidated(i)) {
                    idx.delete(i);
                }
            }
            idx.consolidate();
            for (int i = FIRST; i < FIRST + COUNT; i++) {
                if (tombstone(i)) {
                    idx.delete(i);
                }
            }
            idx.add(60);
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
