package syna.simd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The 2x4 halves that the 4x4 tiles run on fewer than 16 lanes (AVX2), tested on any machine: the conformance suite
 * reaches only the path of the machine's own vector width.
 */
class TileKernelsTest {
    private static final long SEED = Long.getLong("syna.tests.seed", 0x5EEDL);

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 16, 17, 33, 384, 769})
    void halvesMatchTheReference(int dim) {
        SplittableRandom r = new SplittableRandom(SEED + dim);
        float[] a = new float[5 * dim + 3];
        float[] b = new float[6 * dim + 1];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextDouble(-2, 2);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextDouble(-2, 2);
        }
        int[] as = {3, 4 * dim};
        int[] bs = {1, 5 * dim, 2 * dim, 1};
        float[] dots = new float[9];
        float[] squares = new float[10];
        SimdVectorKernels.dot2x4(a, as[0], as[1], b, bs[0], bs[1], bs[2], bs[3], dim, dots, 1);
        SimdVectorKernels.squareDistance2x4(a, as[0], as[1], b, bs[0], bs[1], bs[2], bs[3], dim, squares, 2);
        double tol = 2e-5 * dim + 1e-5;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 4; j++) {
                double dot = 0;
                double sq = 0;
                for (int t = 0; t < dim; t++) {
                    dot += (double) a[as[i] + t] * b[bs[j] + t];
                    double d = (double) a[as[i] + t] - b[bs[j] + t];
                    sq += d * d;
                }
                assertEquals(dot, dots[1 + 4 * i + j], tol, "dot [" + i + "][" + j + "], dim " + dim);
                assertEquals(sq, squares[2 + 4 * i + j], tol, "square [" + i + "][" + j + "], dim " + dim);
            }
        }
    }
}
