package syna.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import syna.api.spi.Providers;
import syna.api.spi.VectorKernels;
import syna.api.spi.VectorKernelsProvider;

class SimdKernelsTest {
    private static final long SEED = Long.getLong("syna.tests.seed", 0x5EEDL);

    private final VectorKernels scalar = Providers.get(VectorKernelsProvider.class, "scalar").kernels();
    private final VectorKernelsProvider simdProvider = Providers.get(VectorKernelsProvider.class, "simd");

    @Test
    void simdIsFoundAndUsableHere() {
        assertTrue(simdProvider.unavailableReason().isEmpty(), () -> simdProvider.unavailableReason().get());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 17, 24, 33, 47, 64, 65, 383, 384, 1021, 4096})
    void simdMatchesScalarOnOddDimensions(int dim) {
        VectorKernels simd = simdProvider.kernels();
        SplittableRandom r = new SplittableRandom(SEED + dim);
        for (int trial = 0; trial < 20; trial++) {
            int off = r.nextInt(5);
            float[] a = new float[dim + off];
            float[] b = new float[dim];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextDouble(-1, 1);
            }
            for (int i = 0; i < dim; i++) {
                b[i] = (float) r.nextDouble(-1, 1);
            }
            float tol = 1e-4f * dim;
            assertEquals(scalar.dot(a, off, b, 0, dim), simd.dot(a, off, b, 0, dim), tol, "dot, seed " + SEED);
            assertEquals(scalar.squareDistance(a, off, b, 0, dim), simd.squareDistance(a, off, b, 0, dim), tol,
                    "squareDistance, seed " + SEED);
            assertEquals(scalar.cosine(a, off, b, 0, dim), simd.cosine(a, off, b, 0, dim), 1e-4f,
                    "cosine, seed " + SEED);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment seg = arena.allocate(4L * (dim + 1));
                MemorySegment.copy(a, off, seg, ValueLayout.JAVA_FLOAT_UNALIGNED, 4, dim); // unaligned on purpose
                assertEquals(scalar.dot(b, seg, 4, dim), simd.dot(b, seg, 4, dim), tol);
                assertEquals(scalar.squareDistance(b, seg, 4, dim), simd.squareDistance(b, seg, 4, dim), tol);
                assertEquals(scalar.cosine(b, seg, 4, dim), simd.cosine(b, seg, 4, dim), 1e-4f);
                assertEquals(scalar.dot(a, off, b, 0, dim), scalar.dot(b, seg, 4, dim), tol);
            }
        }
    }

    @Test
    void cosineOfZeroVectorIsZero() {
        float[] z = new float[17];
        float[] v = new float[17];
        v[3] = 1;
        assertEquals(0f, simdProvider.kernels().cosine(z, 0, v, 0, 17));
    }
}
