package syna.tests.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import syna.api.spi.ProviderNames;
import syna.api.spi.VectorKernels;
import syna.api.spi.VectorKernelsProvider;
import syna.tests.Seeded;

/**
 * The conformance suite every {@link VectorKernelsProvider} passes: a test extends it and supplies
 * {@link #provider()}. Each kernel, array and segment form, at offsets, on dimensions that hit every SIMD tail
 * (primes and powers of two), against a double-precision reference within float rounding; cosine of a zero
 * vector is 0; results clamp to [-1, 1]; a {@code separatelyCompiled()} copy gives identical results. Randomness
 * is seeded ({@code -Dsyna.tests.seed}).
 */
@Seeded
public abstract class VectorKernelsConformanceTest {

    /** The kernels provider under test. */
    protected abstract VectorKernelsProvider provider();

    private VectorKernels kernels() {
        VectorKernelsProvider p = provider();
        assumeTrue(p.unavailableReason().isEmpty(), () -> "kernels unavailable here: " + p.unavailableReason().get());
        return p.kernels();
    }

    private static double dot(float[] a, int ao, float[] b, int bo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) a[ao + i] * b[bo + i];
        }
        return s;
    }

    private static double square(float[] a, int ao, float[] b, int bo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) a[ao + i] - b[bo + i];
            s += d * d;
        }
        return s;
    }

    private static double cosine(float[] a, int ao, float[] b, int bo, int n) {
        double na = dot(a, ao, a, ao, n);
        double nb = dot(b, bo, b, bo, n);
        return na == 0 || nb == 0 ? 0 : dot(a, ao, b, bo, n) / Math.sqrt(na * nb);
    }

    @Test
    void providerDescribesItself() {
        VectorKernelsProvider p = provider();
        assertTrue(ProviderNames.isValid(p.name()), p.name());
        assertTrue(p.formatVersion() >= 1);
        assertTrue(p.unavailableReason() != null);
        if (p.unavailableReason().isEmpty()) {
            assertTrue(p.kernels().name().startsWith(p.name()), p.kernels().name());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 8, 15, 16, 17, 31, 32, 33, 64, 127, 384, 769, 1031, 4096})
    void everyKernelMatchesTheReference(int dim, SplittableRandom r) {
        VectorKernels k = kernels();
        for (int trial = 0; trial < 10; trial++) {
            int ao = r.nextInt(4);
            int bo = r.nextInt(4);
            float[] a = new float[dim + ao];
            float[] b = new float[dim + bo];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextDouble(-2, 2);
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) r.nextDouble(-2, 2);
            }
            double tol = 1e-5 * dim * 4 + 1e-5;
            String what = "dim " + dim + " trial " + trial;
            assertEquals(dot(a, ao, b, bo, dim), k.dot(a, ao, b, bo, dim), tol, "dot, " + what);
            assertEquals(square(a, ao, b, bo, dim), k.squareDistance(a, ao, b, bo, dim), tol, "square, " + what);
            assertEquals(cosine(a, ao, b, bo, dim), k.cosine(a, ao, b, bo, dim), 1e-4, "cosine, " + what);
            try (Arena arena = Arena.ofConfined()) {
                // native and heap segments, at an offset that is not a multiple of 4 floats (unaligned for SIMD)
                MemorySegment nat = arena.allocate(4L * (dim + 3) + 4, 64);
                MemorySegment.copy(b, bo, nat, ValueLayout.JAVA_FLOAT_UNALIGNED, 12, dim);
                float[] heap = new float[dim + 3];
                System.arraycopy(b, bo, heap, 3, dim);
                for (MemorySegment seg : new MemorySegment[] {nat, MemorySegment.ofArray(heap)}) {
                    float[] q = java.util.Arrays.copyOfRange(a, ao, ao + dim);
                    assertEquals(dot(a, ao, b, bo, dim), k.dot(q, seg, 12, dim), tol, "segment dot, " + what);
                    assertEquals(square(a, ao, b, bo, dim), k.squareDistance(q, seg, 12, dim), tol, "segment square, " + what);
                    assertEquals(cosine(a, ao, b, bo, dim), k.cosine(q, seg, 12, dim), 1e-4, "segment cosine, " + what);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 15, 16, 17, 31, 32, 33, 64, 127, 384, 769})
    void fourWayKernelsMatchTheReference(int dim, SplittableRandom r) {
        VectorKernels k = kernels();
        for (int trial = 0; trial < 10; trial++) {
            float[] q = new float[dim];
            for (int i = 0; i < dim; i++) {
                q[i] = (float) r.nextDouble(-2, 2);
            }
            int rows = 6;
            float[] data = new float[rows * dim + 3];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) r.nextDouble(-2, 2);
            }
            // offsets in any order, one repeated, one not a multiple of the dimension
            int[] off = {r.nextInt(rows) * dim, 3, r.nextInt(rows) * dim, (rows - 1) * dim};
            off[2] = off[0];
            float[] out = new float[6];
            double tol = 1e-5 * dim * 4 + 1e-5;
            String what = "dim " + dim + " trial " + trial;
            k.dot4(q, data, off[0], off[1], off[2], off[3], dim, out, 1);
            for (int j = 0; j < 4; j++) {
                assertEquals(dot(q, 0, data, off[j], dim), out[1 + j], tol, "dot4 [" + j + "], " + what);
            }
            k.squareDistance4(q, data, off[0], off[1], off[2], off[3], dim, out, 2);
            for (int j = 0; j < 4; j++) {
                assertEquals(square(q, 0, data, off[j], dim), out[2 + j], tol, "squareDistance4 [" + j + "], " + what);
            }
            try (Arena arena = Arena.ofConfined()) {
                // each vector in a segment of its own (native, unaligned, or on the heap), as a paged store keeps them
                MemorySegment[] seg = new MemorySegment[4];
                long[] at = new long[4];
                for (int j = 0; j < 4; j++) {
                    float[] row = java.util.Arrays.copyOfRange(data, off[j], off[j] + dim);
                    at[j] = 4L * j;
                    seg[j] = j == 3 ? MemorySegment.ofArray(new float[dim + j]) : arena.allocate(4L * (dim + j) + 4, 64);
                    MemorySegment.copy(row, 0, seg[j], ValueLayout.JAVA_FLOAT_UNALIGNED, at[j], dim);
                }
                k.dot4(q, seg[0], at[0], seg[1], at[1], seg[2], at[2], seg[3], at[3], dim, out, 0);
                for (int j = 0; j < 4; j++) {
                    assertEquals(dot(q, 0, data, off[j], dim), out[j], tol, "segment dot4 [" + j + "], " + what);
                }
                k.squareDistance4(q, seg[0], at[0], seg[1], at[1], seg[2], at[2], seg[3], at[3], dim, out, 1);
                for (int j = 0; j < 4; j++) {
                    assertEquals(square(q, 0, data, off[j], dim), out[1 + j], tol, "segment squareDistance4 [" + j + "], " + what);
                }
            }
        }
    }

    /**
     * The 4x4 tiles: every one of the sixteen pairs against the reference, rows of both sides at offsets in any
     * order (repeated, unaligned, the two sides in one array), on dimensions that hit every SIMD tail.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 15, 16, 17, 31, 32, 33, 64, 127, 384, 769})
    void tileKernelsMatchTheReference(int dim, SplittableRandom r) {
        VectorKernels k = kernels();
        for (int trial = 0; trial < 6; trial++) {
            int rows = 9;
            float[] data = new float[rows * dim + 5];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) r.nextDouble(-2, 2);
            }
            float[] other = new float[rows * dim + 2];
            for (int i = 0; i < other.length; i++) {
                other[i] = (float) r.nextDouble(-2, 2);
            }
            int[] a = {r.nextInt(rows) * dim, 5, r.nextInt(rows) * dim, (rows - 1) * dim};
            a[2] = a[0];
            int[] b = {2, r.nextInt(rows) * dim, (rows - 1) * dim, r.nextInt(rows) * dim};
            float[] sameArray = trial % 2 == 0 ? data : other; // the second side in the first's array, or apart
            float[] out = new float[18];
            double tol = 1e-5 * dim * 4 + 1e-5;
            String what = "dim " + dim + " trial " + trial;
            k.dot4x4(data, a[0], a[1], a[2], a[3], sameArray, b[0], b[1], b[2], b[3], dim, out, 1);
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(dot(data, a[i], sameArray, b[j], dim), out[1 + 4 * i + j], tol,
                            "dot4x4 [" + i + "][" + j + "], " + what);
                }
            }
            k.squareDistance4x4(data, a[0], a[1], a[2], a[3], sameArray, b[0], b[1], b[2], b[3], dim, out, 2);
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(square(data, a[i], sameArray, b[j], dim), out[2 + 4 * i + j], tol,
                            "squareDistance4x4 [" + i + "][" + j + "], " + what);
                }
            }
        }
    }

    /**
     * {@link VectorKernels#separatelyCompiled()} computes exactly what the kernels do (bit for bit: the same code,
     * compiled apart), over arena memory and over the heap, and names itself the same.
     */
    @ParameterizedTest
    @ValueSource(ints = {3, 16, 33, 384})
    void separatelyCompiledKernelsGiveIdenticalResults(int dim, SplittableRandom r) {
        VectorKernels k = kernels();
        VectorKernels copy = k.separatelyCompiled();
        assertEquals(k.name(), copy.name());
        float[] q = new float[dim];
        byte[] q8 = new byte[dim];
        float[] data = new float[5 * dim];
        for (int i = 0; i < dim; i++) {
            q[i] = (float) r.nextDouble(-2, 2);
            q8[i] = (byte) r.nextInt(-128, 128);
        }
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) r.nextDouble(-2, 2);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment native_ = arena.allocate(4L * data.length, 64);
            MemorySegment.copy(data, 0, native_, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, data.length);
            for (MemorySegment seg : new MemorySegment[] {native_, MemorySegment.ofArray(data.clone())}) {
                long o = 4L * dim;
                assertEquals(Float.floatToIntBits(k.dot(q, seg, o, dim)), Float.floatToIntBits(copy.dot(q, seg, o, dim)));
                assertEquals(Float.floatToIntBits(k.squareDistance(q, seg, o, dim)),
                        Float.floatToIntBits(copy.squareDistance(q, seg, o, dim)));
                assertEquals(Float.floatToIntBits(k.cosine(q, seg, o, dim)), Float.floatToIntBits(copy.cosine(q, seg, o, dim)));
                assertEquals(k.dotInt8(q8, seg, 1, dim), copy.dotInt8(q8, seg, 1, dim));
                float[] a = new float[4];
                float[] b = new float[4];
                k.dot4(q, seg, 0, seg, o, seg, 2 * o, seg, 4 * o, dim, a, 0);
                copy.dot4(q, seg, 0, seg, o, seg, 2 * o, seg, 4 * o, dim, b, 0);
                for (int j = 0; j < 4; j++) {
                    assertEquals(Float.floatToIntBits(a[j]), Float.floatToIntBits(b[j]), "dot4 [" + j + "], dim " + dim);
                }
                k.squareDistance4(q, seg, 0, seg, o, seg, 2 * o, seg, 4 * o, dim, a, 0);
                copy.squareDistance4(q, seg, 0, seg, o, seg, 2 * o, seg, 4 * o, dim, b, 0);
                for (int j = 0; j < 4; j++) {
                    assertEquals(Float.floatToIntBits(a[j]), Float.floatToIntBits(b[j]), "squareDistance4 [" + j + "], dim " + dim);
                }
            }
            assertEquals(Float.floatToIntBits(k.dot(q, 0, data, dim, dim)), Float.floatToIntBits(copy.dot(q, 0, data, dim, dim)));
        }
    }

    @Test
    void cosineOfAZeroVectorIsZeroAndOfItselfIsOne() {
        VectorKernels k = kernels();
        float[] z = new float[19];
        float[] v = new float[19];
        v[3] = 2;
        v[18] = -1;
        assertEquals(0f, k.cosine(z, 0, v, 0, 19));
        assertEquals(0f, k.cosine(v, 0, z, 0, 19));
        assertEquals(1f, k.cosine(v, 0, v, 0, 19), 1e-6f);
        float[] neg = v.clone();
        for (int i = 0; i < neg.length; i++) {
            neg[i] = -neg[i];
        }
        float c = k.cosine(v, 0, neg, 0, 19);
        assertTrue(c >= -1f && c <= -0.99999f, "clamped to [-1, 1]: " + c);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(4L * 19);
            assertEquals(0f, k.cosine(v, seg, 0, 19));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 8, 15, 16, 17, 31, 32, 33, 64, 127, 384, 769, 1031, 4096})
    void int8DotProductsAreExact(int dim, SplittableRandom r) {
        VectorKernels k = kernels();
        try (Arena arena = Arena.ofConfined()) {
            int rows = 5;
            MemorySegment seg = arena.allocate((long) rows * dim + 7);
            byte[] q = new byte[dim];
            for (int trial = 0; trial < 10; trial++) {
                // Extremes included: -128 and 127 are the worst case for the int accumulators.
                for (int i = 0; i < dim; i++) {
                    q[i] = trial == 0 ? (byte) -128 : (byte) r.nextInt(256);
                }
                for (long i = 0; i < seg.byteSize(); i++) {
                    seg.set(ValueLayout.JAVA_BYTE, i, trial == 0 ? (byte) -128 : (byte) r.nextInt(256));
                }
                long[] offs = new long[4];
                int[] want = new int[4];
                for (int v = 0; v < 4; v++) {
                    offs[v] = (long) r.nextInt(rows) * dim + r.nextInt(8);
                    for (int i = 0; i < dim; i++) {
                        want[v] += q[i] * seg.get(ValueLayout.JAVA_BYTE, offs[v] + i);
                    }
                    assertEquals(want[v], k.dotInt8(q, seg, offs[v], dim), "dotInt8 dim " + dim);
                }
                int[] out = new int[6];
                k.dotInt8x4(q, seg, offs[0], offs[1], offs[2], offs[3], dim, out, 1);
                for (int v = 0; v < 4; v++) {
                    assertEquals(want[v], out[1 + v], "dotInt8x4 lane " + v + " dim " + dim);
                }
            }
        }
    }
}
