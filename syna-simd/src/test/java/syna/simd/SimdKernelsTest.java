package syna.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import syna.api.Vectors;
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

    /**
     * The copy for file mappings is another class (compiled apart) that computes bit for bit what the kernels do,
     * over a file mapping as over arena memory, in every segment form.
     */
    @Test
    void separatelyCompiledCopyIsAnotherClassWithIdenticalResults() throws IOException {
        VectorKernels simd = simdProvider.kernels();
        VectorKernels copy = simd.separatelyCompiled();
        assertTrue(copy.getClass() != simd.getClass() && copy.getClass().isHidden(), copy.getClass().getName());
        assertEquals(simd.name(), copy.name());
        assertTrue(copy.separatelyCompiled().getClass() != copy.getClass(), "each call makes a new copy");
        VectorKernels forMaps = Vectors.kernelsForMappedFiles();
        assertTrue(forMaps.getClass() != Vectors.kernels().getClass() && forMaps.getClass().isHidden(),
                "the facade hands file mappings their own copy: " + forMaps.getClass().getName());
        assertTrue(forMaps == Vectors.kernelsForMappedFiles(), "one copy, kept");
        int dim = 389;
        SplittableRandom r = new SplittableRandom(SEED);
        float[] q = new float[dim];
        byte[] q8 = new byte[dim];
        for (int i = 0; i < dim; i++) {
            q[i] = (float) r.nextDouble(-1, 1);
            q8[i] = (byte) r.nextInt(-128, 128);
        }
        Path f = Files.createTempFile("simd-copy", ".bin");
        try (Arena arena = Arena.ofConfined();
                FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long bytes = 4L * dim * 5;
            MemorySegment mapped = ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
            MemorySegment arenaSeg = arena.allocate(bytes);
            for (long i = 0; i < bytes / 4; i++) {
                float x = (float) r.nextDouble(-1, 1);
                mapped.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, x);
                arenaSeg.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, x);
            }
            for (MemorySegment seg : new MemorySegment[] {arenaSeg, mapped}) {
                long o = 4L * dim;
                assertEquals(simd.dot(q, seg, o, dim), copy.dot(q, seg, o, dim));
                assertEquals(simd.squareDistance(q, seg, o, dim), copy.squareDistance(q, seg, o, dim));
                assertEquals(simd.cosine(q, seg, o, dim), copy.cosine(q, seg, o, dim));
                assertEquals(simd.dotInt8(q8, seg, 3, dim), copy.dotInt8(q8, seg, 3, dim));
                float[] a = new float[4];
                float[] b = new float[4];
                simd.dot4(q, seg, 0, seg, o, seg, 2 * o, seg, 4 * o, dim, a, 0);
                copy.dot4(q, seg, 0, seg, o, seg, 2 * o, seg, 4 * o, dim, b, 0);
                assertArrayEquals(a, b);
                simd.squareDistance4(q, seg, 0, seg, o, seg, 2 * o, seg, 4 * o, dim, a, 0);
                copy.squareDistance4(q, seg, 0, seg, o, seg, 2 * o, seg, 4 * o, dim, b, 0);
                assertArrayEquals(a, b);
                assertEquals(scalar.dot(q, seg, o, dim), copy.dot(q, seg, o, dim), 1e-4f * dim);
            }
        } finally {
            Files.deleteIfExists(f);
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
