package syna.simd.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import syna.api.spi.VectorKernels;

/**
 * Distance kernels on {@link FloatVector} with the platform's preferred width (AVX2: 8 lanes,
 * AVX-512: 16). Loops use fused multiply-add on full vectors (several accumulators) and a scalar tail, so results differ
 * from the scalar kernels only by float rounding. Thread-safe.
 */
final class SimdVectorKernels implements VectorKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Int lanes of the preferred width, and bytes of a quarter of it: one byte load widens to one int vector. */
    private static final VectorSpecies<Integer> IS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Byte> BS =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(IntVector.SPECIES_PREFERRED.vectorBitSize() / 4));
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    /** One per process ({@link SimdKernelsProvider}), and one per {@link #separatelyCompiled} copy. */
    SimdVectorKernels() {}

    static int preferredLanes() {
        return S.length();
    }

    @Override
    public String name() {
        return "simd (" + S.length() + " float lanes)";
    }

    /**
     * A copy of this class defined once more, as a hidden class from the same bytes: the same code with its own
     * profiles and compiled methods. On failure (the class file unreadable), these kernels, with a DEBUG line.
     * The class holds no field of its own type (a field's descriptor names the original class, which the copy does
     * not verify against) and no nested classes or lambdas (the copy would share their code).
     */
    @Override
    public VectorKernels separatelyCompiled() {
        try (InputStream in = SimdVectorKernels.class.getResourceAsStream("SimdVectorKernels.class")) {
            if (in == null) {
                throw new IOException("class file SimdVectorKernels.class not found");
            }
            MethodHandles.Lookup copy = MethodHandles.lookup().defineHiddenClass(in.readAllBytes(), true);
            return (VectorKernels) copy.findConstructor(copy.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            System.getLogger(SimdVectorKernels.class.getName()).log(Level.DEBUG,
                    () -> "Syna vector kernels: no separately compiled copy (" + e + "); sharing one");
            return this;
        }
    }

    // Each loop keeps several independent accumulators: one FMA chain waits ~4 cycles per step, so a
    // single accumulator leaves the FMA units idle when the data is in cache (HNSW's case); with four
    // (two per quantity for cosine) the loop is bound by loads instead. Summation order therefore
    // differs from the scalar kernels; results agree up to float rounding.

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        int l = S.length();
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        FloatVector acc2 = FloatVector.zero(S);
        FloatVector acc3 = FloatVector.zero(S);
        int i = 0;
        for (int bound4 = len - 4 * l; i <= bound4; i += 4 * l) {
            acc0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc0);
            acc1 = FloatVector.fromArray(S, a, aOff + i + l).fma(FloatVector.fromArray(S, b, bOff + i + l), acc1);
            acc2 = FloatVector.fromArray(S, a, aOff + i + 2 * l).fma(FloatVector.fromArray(S, b, bOff + i + 2 * l), acc2);
            acc3 = FloatVector.fromArray(S, a, aOff + i + 3 * l).fma(FloatVector.fromArray(S, b, bOff + i + 3 * l), acc3);
        }
        for (int bound = S.loopBound(len); i < bound; i += l) {
            acc0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc0);
        }
        float s = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    // Tiles of all-pairs work: each row of b loaded once a step feeds four (or two) rows of a. Sixteen accumulators
    // and five live vectors fit AVX-512's 32 registers; with fewer lanes (AVX2: 16 registers) two 2x4 halves run
    // instead, so nothing spills.

    @Override
    public void dot4x4(float[] a, int a0, int a1, int a2, int a3, float[] b, int b0, int b1, int b2, int b3, int len,
            float[] out, int at) {
        if (S.length() < 16) {
            dot2x4(a, a0, a1, b, b0, b1, b2, b3, len, out, at);
            dot2x4(a, a2, a3, b, b0, b1, b2, b3, len, out, at + 8);
            return;
        }
        int l = S.length();
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        int i = 0;
        for (int bound = S.loopBound(len); i < bound; i += l) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + i);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + i);
            FloatVector x2 = FloatVector.fromArray(S, a, a2 + i);
            FloatVector x3 = FloatVector.fromArray(S, a, a3 + i);
            FloatVector y = FloatVector.fromArray(S, b, b0 + i);
            s00 = x0.fma(y, s00);
            s10 = x1.fma(y, s10);
            s20 = x2.fma(y, s20);
            s30 = x3.fma(y, s30);
            y = FloatVector.fromArray(S, b, b1 + i);
            s01 = x0.fma(y, s01);
            s11 = x1.fma(y, s11);
            s21 = x2.fma(y, s21);
            s31 = x3.fma(y, s31);
            y = FloatVector.fromArray(S, b, b2 + i);
            s02 = x0.fma(y, s02);
            s12 = x1.fma(y, s12);
            s22 = x2.fma(y, s22);
            s32 = x3.fma(y, s32);
            y = FloatVector.fromArray(S, b, b3 + i);
            s03 = x0.fma(y, s03);
            s13 = x1.fma(y, s13);
            s23 = x2.fma(y, s23);
            s33 = x3.fma(y, s33);
        }
        // each sum reduced by name: an array of vectors would box them
        out[at] = s00.reduceLanes(VectorOperators.ADD) + dotTail(a, a0, b, b0, i, len);
        out[at + 1] = s01.reduceLanes(VectorOperators.ADD) + dotTail(a, a0, b, b1, i, len);
        out[at + 2] = s02.reduceLanes(VectorOperators.ADD) + dotTail(a, a0, b, b2, i, len);
        out[at + 3] = s03.reduceLanes(VectorOperators.ADD) + dotTail(a, a0, b, b3, i, len);
        out[at + 4] = s10.reduceLanes(VectorOperators.ADD) + dotTail(a, a1, b, b0, i, len);
        out[at + 5] = s11.reduceLanes(VectorOperators.ADD) + dotTail(a, a1, b, b1, i, len);
        out[at + 6] = s12.reduceLanes(VectorOperators.ADD) + dotTail(a, a1, b, b2, i, len);
        out[at + 7] = s13.reduceLanes(VectorOperators.ADD) + dotTail(a, a1, b, b3, i, len);
        out[at + 8] = s20.reduceLanes(VectorOperators.ADD) + dotTail(a, a2, b, b0, i, len);
        out[at + 9] = s21.reduceLanes(VectorOperators.ADD) + dotTail(a, a2, b, b1, i, len);
        out[at + 10] = s22.reduceLanes(VectorOperators.ADD) + dotTail(a, a2, b, b2, i, len);
        out[at + 11] = s23.reduceLanes(VectorOperators.ADD) + dotTail(a, a2, b, b3, i, len);
        out[at + 12] = s30.reduceLanes(VectorOperators.ADD) + dotTail(a, a3, b, b0, i, len);
        out[at + 13] = s31.reduceLanes(VectorOperators.ADD) + dotTail(a, a3, b, b1, i, len);
        out[at + 14] = s32.reduceLanes(VectorOperators.ADD) + dotTail(a, a3, b, b2, i, len);
        out[at + 15] = s33.reduceLanes(VectorOperators.ADD) + dotTail(a, a3, b, b3, i, len);
    }

    /** The scalar dot product of the floats {@code [from, len)} of two rows: a tile's tail. */
    private static float dotTail(float[] a, int ao, float[] b, int bo, int from, int len) {
        float v = 0;
        for (int j = from; j < len; j++) {
            v += a[ao + j] * b[bo + j];
        }
        return v;
    }

    /** The scalar squared distance over the floats {@code [from, len)} of two rows: a tile's tail. */
    private static float squareTail(float[] a, int ao, float[] b, int bo, int from, int len) {
        float v = 0;
        for (int j = from; j < len; j++) {
            float d = a[ao + j] - b[bo + j];
            v += d * d;
        }
        return v;
    }

    /** Rows {@code a0, a1} of {@code a} against four of {@code b}: {@code out[at, at + 8)}, as {@link #dot4x4}. */
    static void dot2x4(float[] a, int a0, int a1, float[] b, int b0, int b1, int b2, int b3, int len,
            float[] out, int at) {
        int l = S.length();
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        int i = 0;
        for (int bound = S.loopBound(len); i < bound; i += l) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + i);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + i);
            FloatVector y = FloatVector.fromArray(S, b, b0 + i);
            s00 = x0.fma(y, s00);
            s10 = x1.fma(y, s10);
            y = FloatVector.fromArray(S, b, b1 + i);
            s01 = x0.fma(y, s01);
            s11 = x1.fma(y, s11);
            y = FloatVector.fromArray(S, b, b2 + i);
            s02 = x0.fma(y, s02);
            s12 = x1.fma(y, s12);
            y = FloatVector.fromArray(S, b, b3 + i);
            s03 = x0.fma(y, s03);
            s13 = x1.fma(y, s13);
        }
        out[at] = s00.reduceLanes(VectorOperators.ADD) + dotTail(a, a0, b, b0, i, len);
        out[at + 1] = s01.reduceLanes(VectorOperators.ADD) + dotTail(a, a0, b, b1, i, len);
        out[at + 2] = s02.reduceLanes(VectorOperators.ADD) + dotTail(a, a0, b, b2, i, len);
        out[at + 3] = s03.reduceLanes(VectorOperators.ADD) + dotTail(a, a0, b, b3, i, len);
        out[at + 4] = s10.reduceLanes(VectorOperators.ADD) + dotTail(a, a1, b, b0, i, len);
        out[at + 5] = s11.reduceLanes(VectorOperators.ADD) + dotTail(a, a1, b, b1, i, len);
        out[at + 6] = s12.reduceLanes(VectorOperators.ADD) + dotTail(a, a1, b, b2, i, len);
        out[at + 7] = s13.reduceLanes(VectorOperators.ADD) + dotTail(a, a1, b, b3, i, len);
    }

    @Override
    public void squareDistance4x4(float[] a, int a0, int a1, int a2, int a3, float[] b, int b0, int b1, int b2,
            int b3, int len, float[] out, int at) {
        if (S.length() < 16) {
            squareDistance2x4(a, a0, a1, b, b0, b1, b2, b3, len, out, at);
            squareDistance2x4(a, a2, a3, b, b0, b1, b2, b3, len, out, at + 8);
            return;
        }
        int l = S.length();
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        int i = 0;
        for (int bound = S.loopBound(len); i < bound; i += l) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + i);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + i);
            FloatVector x2 = FloatVector.fromArray(S, a, a2 + i);
            FloatVector x3 = FloatVector.fromArray(S, a, a3 + i);
            FloatVector y = FloatVector.fromArray(S, b, b0 + i);
            FloatVector e = x0.sub(y);
            s00 = e.fma(e, s00);
            e = x1.sub(y);
            s10 = e.fma(e, s10);
            e = x2.sub(y);
            s20 = e.fma(e, s20);
            e = x3.sub(y);
            s30 = e.fma(e, s30);
            y = FloatVector.fromArray(S, b, b1 + i);
            e = x0.sub(y);
            s01 = e.fma(e, s01);
            e = x1.sub(y);
            s11 = e.fma(e, s11);
            e = x2.sub(y);
            s21 = e.fma(e, s21);
            e = x3.sub(y);
            s31 = e.fma(e, s31);
            y = FloatVector.fromArray(S, b, b2 + i);
            e = x0.sub(y);
            s02 = e.fma(e, s02);
            e = x1.sub(y);
            s12 = e.fma(e, s12);
            e = x2.sub(y);
            s22 = e.fma(e, s22);
            e = x3.sub(y);
            s32 = e.fma(e, s32);
            y = FloatVector.fromArray(S, b, b3 + i);
            e = x0.sub(y);
            s03 = e.fma(e, s03);
            e = x1.sub(y);
            s13 = e.fma(e, s13);
            e = x2.sub(y);
            s23 = e.fma(e, s23);
            e = x3.sub(y);
            s33 = e.fma(e, s33);
        }
        out[at] = s00.reduceLanes(VectorOperators.ADD) + squareTail(a, a0, b, b0, i, len);
        out[at + 1] = s01.reduceLanes(VectorOperators.ADD) + squareTail(a, a0, b, b1, i, len);
        out[at + 2] = s02.reduceLanes(VectorOperators.ADD) + squareTail(a, a0, b, b2, i, len);
        out[at + 3] = s03.reduceLanes(VectorOperators.ADD) + squareTail(a, a0, b, b3, i, len);
        out[at + 4] = s10.reduceLanes(VectorOperators.ADD) + squareTail(a, a1, b, b0, i, len);
        out[at + 5] = s11.reduceLanes(VectorOperators.ADD) + squareTail(a, a1, b, b1, i, len);
        out[at + 6] = s12.reduceLanes(VectorOperators.ADD) + squareTail(a, a1, b, b2, i, len);
        out[at + 7] = s13.reduceLanes(VectorOperators.ADD) + squareTail(a, a1, b, b3, i, len);
        out[at + 8] = s20.reduceLanes(VectorOperators.ADD) + squareTail(a, a2, b, b0, i, len);
        out[at + 9] = s21.reduceLanes(VectorOperators.ADD) + squareTail(a, a2, b, b1, i, len);
        out[at + 10] = s22.reduceLanes(VectorOperators.ADD) + squareTail(a, a2, b, b2, i, len);
        out[at + 11] = s23.reduceLanes(VectorOperators.ADD) + squareTail(a, a2, b, b3, i, len);
        out[at + 12] = s30.reduceLanes(VectorOperators.ADD) + squareTail(a, a3, b, b0, i, len);
        out[at + 13] = s31.reduceLanes(VectorOperators.ADD) + squareTail(a, a3, b, b1, i, len);
        out[at + 14] = s32.reduceLanes(VectorOperators.ADD) + squareTail(a, a3, b, b2, i, len);
        out[at + 15] = s33.reduceLanes(VectorOperators.ADD) + squareTail(a, a3, b, b3, i, len);
    }

    /** Rows {@code a0, a1} of {@code a} against four of {@code b}, as {@link #squareDistance4x4}. */
    static void squareDistance2x4(float[] a, int a0, int a1, float[] b, int b0, int b1, int b2, int b3,
            int len, float[] out, int at) {
        int l = S.length();
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        int i = 0;
        for (int bound = S.loopBound(len); i < bound; i += l) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + i);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + i);
            FloatVector y = FloatVector.fromArray(S, b, b0 + i);
            FloatVector e = x0.sub(y);
            s00 = e.fma(e, s00);
            e = x1.sub(y);
            s10 = e.fma(e, s10);
            y = FloatVector.fromArray(S, b, b1 + i);
            e = x0.sub(y);
            s01 = e.fma(e, s01);
            e = x1.sub(y);
            s11 = e.fma(e, s11);
            y = FloatVector.fromArray(S, b, b2 + i);
            e = x0.sub(y);
            s02 = e.fma(e, s02);
            e = x1.sub(y);
            s12 = e.fma(e, s12);
            y = FloatVector.fromArray(S, b, b3 + i);
            e = x0.sub(y);
            s03 = e.fma(e, s03);
            e = x1.sub(y);
            s13 = e.fma(e, s13);
        }
        out[at] = s00.reduceLanes(VectorOperators.ADD) + squareTail(a, a0, b, b0, i, len);
        out[at + 1] = s01.reduceLanes(VectorOperators.ADD) + squareTail(a, a0, b, b1, i, len);
        out[at + 2] = s02.reduceLanes(VectorOperators.ADD) + squareTail(a, a0, b, b2, i, len);
        out[at + 3] = s03.reduceLanes(VectorOperators.ADD) + squareTail(a, a0, b, b3, i, len);
        out[at + 4] = s10.reduceLanes(VectorOperators.ADD) + squareTail(a, a1, b, b0, i, len);
        out[at + 5] = s11.reduceLanes(VectorOperators.ADD) + squareTail(a, a1, b, b1, i, len);
        out[at + 6] = s12.reduceLanes(VectorOperators.ADD) + squareTail(a, a1, b, b2, i, len);
        out[at + 7] = s13.reduceLanes(VectorOperators.ADD) + squareTail(a, a1, b, b3, i, len);
    }

    // Four vectors a pass: the query's chunk is loaded once for the four, and two accumulators per vector keep
    // eight FMA chains going; the four vectors' loads are independent, so their cache misses overlap.

    @Override
    public void dot4(float[] q, float[] d, int o0, int o1, int o2, int o3, int len, float[] out, int at) {
        int l = S.length();
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector a2 = FloatVector.zero(S);
        FloatVector a3 = FloatVector.zero(S);
        FloatVector b0 = FloatVector.zero(S);
        FloatVector b1 = FloatVector.zero(S);
        FloatVector b2 = FloatVector.zero(S);
        FloatVector b3 = FloatVector.zero(S);
        int i = 0;
        for (int bound2 = len - 2 * l; i <= bound2; i += 2 * l) {
            FloatVector x = FloatVector.fromArray(S, q, i);
            FloatVector y = FloatVector.fromArray(S, q, i + l);
            a0 = x.fma(FloatVector.fromArray(S, d, o0 + i), a0);
            a1 = x.fma(FloatVector.fromArray(S, d, o1 + i), a1);
            a2 = x.fma(FloatVector.fromArray(S, d, o2 + i), a2);
            a3 = x.fma(FloatVector.fromArray(S, d, o3 + i), a3);
            b0 = y.fma(FloatVector.fromArray(S, d, o0 + i + l), b0);
            b1 = y.fma(FloatVector.fromArray(S, d, o1 + i + l), b1);
            b2 = y.fma(FloatVector.fromArray(S, d, o2 + i + l), b2);
            b3 = y.fma(FloatVector.fromArray(S, d, o3 + i + l), b3);
        }
        for (int bound = S.loopBound(len); i < bound; i += l) {
            FloatVector x = FloatVector.fromArray(S, q, i);
            a0 = x.fma(FloatVector.fromArray(S, d, o0 + i), a0);
            a1 = x.fma(FloatVector.fromArray(S, d, o1 + i), a1);
            a2 = x.fma(FloatVector.fromArray(S, d, o2 + i), a2);
            a3 = x.fma(FloatVector.fromArray(S, d, o3 + i), a3);
        }
        float s0 = a0.add(b0).reduceLanes(VectorOperators.ADD);
        float s1 = a1.add(b1).reduceLanes(VectorOperators.ADD);
        float s2 = a2.add(b2).reduceLanes(VectorOperators.ADD);
        float s3 = a3.add(b3).reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            float v = q[i];
            s0 += v * d[o0 + i];
            s1 += v * d[o1 + i];
            s2 += v * d[o2 + i];
            s3 += v * d[o3 + i];
        }
        out[at] = s0;
        out[at + 1] = s1;
        out[at + 2] = s2;
        out[at + 3] = s3;
    }

    @Override
    public void squareDistance4(float[] q, float[] d, int o0, int o1, int o2, int o3, int len, float[] out, int at) {
        int l = S.length();
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector a2 = FloatVector.zero(S);
        FloatVector a3 = FloatVector.zero(S);
        FloatVector b0 = FloatVector.zero(S);
        FloatVector b1 = FloatVector.zero(S);
        FloatVector b2 = FloatVector.zero(S);
        FloatVector b3 = FloatVector.zero(S);
        int i = 0;
        for (int bound2 = len - 2 * l; i <= bound2; i += 2 * l) {
            FloatVector x = FloatVector.fromArray(S, q, i);
            FloatVector y = FloatVector.fromArray(S, q, i + l);
            FloatVector e0 = x.sub(FloatVector.fromArray(S, d, o0 + i));
            FloatVector e1 = x.sub(FloatVector.fromArray(S, d, o1 + i));
            FloatVector e2 = x.sub(FloatVector.fromArray(S, d, o2 + i));
            FloatVector e3 = x.sub(FloatVector.fromArray(S, d, o3 + i));
            a0 = e0.fma(e0, a0);
            a1 = e1.fma(e1, a1);
            a2 = e2.fma(e2, a2);
            a3 = e3.fma(e3, a3);
            FloatVector f0 = y.sub(FloatVector.fromArray(S, d, o0 + i + l));
            FloatVector f1 = y.sub(FloatVector.fromArray(S, d, o1 + i + l));
            FloatVector f2 = y.sub(FloatVector.fromArray(S, d, o2 + i + l));
            FloatVector f3 = y.sub(FloatVector.fromArray(S, d, o3 + i + l));
            b0 = f0.fma(f0, b0);
            b1 = f1.fma(f1, b1);
            b2 = f2.fma(f2, b2);
            b3 = f3.fma(f3, b3);
        }
        for (int bound = S.loopBound(len); i < bound; i += l) {
            FloatVector x = FloatVector.fromArray(S, q, i);
            FloatVector e0 = x.sub(FloatVector.fromArray(S, d, o0 + i));
            FloatVector e1 = x.sub(FloatVector.fromArray(S, d, o1 + i));
            FloatVector e2 = x.sub(FloatVector.fromArray(S, d, o2 + i));
            FloatVector e3 = x.sub(FloatVector.fromArray(S, d, o3 + i));
            a0 = e0.fma(e0, a0);
            a1 = e1.fma(e1, a1);
            a2 = e2.fma(e2, a2);
            a3 = e3.fma(e3, a3);
        }
        float s0 = a0.add(b0).reduceLanes(VectorOperators.ADD);
        float s1 = a1.add(b1).reduceLanes(VectorOperators.ADD);
        float s2 = a2.add(b2).reduceLanes(VectorOperators.ADD);
        float s3 = a3.add(b3).reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            float v = q[i];
            float e0 = v - d[o0 + i];
            float e1 = v - d[o1 + i];
            float e2 = v - d[o2 + i];
            float e3 = v - d[o3 + i];
            s0 += e0 * e0;
            s1 += e1 * e1;
            s2 += e2 * e2;
            s3 += e3 * e3;
        }
        out[at] = s0;
        out[at + 1] = s1;
        out[at + 2] = s2;
        out[at + 3] = s3;
    }

    @Override
    public float squareDistance(float[] a, int aOff, float[] b, int bOff, int len) {
        int l = S.length();
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        FloatVector acc2 = FloatVector.zero(S);
        FloatVector acc3 = FloatVector.zero(S);
        int i = 0;
        for (int bound4 = len - 4 * l; i <= bound4; i += 4 * l) {
            FloatVector d0 = FloatVector.fromArray(S, a, aOff + i).sub(FloatVector.fromArray(S, b, bOff + i));
            FloatVector d1 = FloatVector.fromArray(S, a, aOff + i + l).sub(FloatVector.fromArray(S, b, bOff + i + l));
            FloatVector d2 = FloatVector.fromArray(S, a, aOff + i + 2 * l).sub(FloatVector.fromArray(S, b, bOff + i + 2 * l));
            FloatVector d3 = FloatVector.fromArray(S, a, aOff + i + 3 * l).sub(FloatVector.fromArray(S, b, bOff + i + 3 * l));
            acc0 = d0.fma(d0, acc0);
            acc1 = d1.fma(d1, acc1);
            acc2 = d2.fma(d2, acc2);
            acc3 = d3.fma(d3, acc3);
        }
        for (int bound = S.loopBound(len); i < bound; i += l) {
            FloatVector d = FloatVector.fromArray(S, a, aOff + i).sub(FloatVector.fromArray(S, b, bOff + i));
            acc0 = d.fma(d, acc0);
        }
        float s = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            float d = a[aOff + i] - b[bOff + i];
            s += d * d;
        }
        return s;
    }

    @Override
    public float cosine(float[] a, int aOff, float[] b, int bOff, int len) {
        int l = S.length();
        FloatVector dot0 = FloatVector.zero(S);
        FloatVector dot1 = FloatVector.zero(S);
        FloatVector na0 = FloatVector.zero(S);
        FloatVector na1 = FloatVector.zero(S);
        FloatVector nb0 = FloatVector.zero(S);
        FloatVector nb1 = FloatVector.zero(S);
        int i = 0;
        for (int bound2 = len - 2 * l; i <= bound2; i += 2 * l) {
            FloatVector a0 = FloatVector.fromArray(S, a, aOff + i);
            FloatVector b0 = FloatVector.fromArray(S, b, bOff + i);
            FloatVector a1 = FloatVector.fromArray(S, a, aOff + i + l);
            FloatVector b1 = FloatVector.fromArray(S, b, bOff + i + l);
            dot0 = a0.fma(b0, dot0);
            na0 = a0.fma(a0, na0);
            nb0 = b0.fma(b0, nb0);
            dot1 = a1.fma(b1, dot1);
            na1 = a1.fma(a1, na1);
            nb1 = b1.fma(b1, nb1);
        }
        for (int bound = S.loopBound(len); i < bound; i += l) {
            FloatVector va = FloatVector.fromArray(S, a, aOff + i);
            FloatVector vb = FloatVector.fromArray(S, b, bOff + i);
            dot0 = va.fma(vb, dot0);
            na0 = va.fma(va, na0);
            nb0 = vb.fma(vb, nb0);
        }
        float d = dot0.add(dot1).reduceLanes(VectorOperators.ADD);
        float x = na0.add(na1).reduceLanes(VectorOperators.ADD);
        float y = nb0.add(nb1).reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            d += a[aOff + i] * b[bOff + i];
            x += a[aOff + i] * a[aOff + i];
            y += b[bOff + i] * b[bOff + i];
        }
        return cosineOf(d, x, y);
    }

    @Override
    public void dot4(float[] q, MemorySegment s0, long o0, MemorySegment s1, long o1, MemorySegment s2, long o2,
            MemorySegment s3, long o3, int len, float[] out, int at) {
        int l = S.length();
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector a2 = FloatVector.zero(S);
        FloatVector a3 = FloatVector.zero(S);
        FloatVector b0 = FloatVector.zero(S);
        FloatVector b1 = FloatVector.zero(S);
        FloatVector b2 = FloatVector.zero(S);
        FloatVector b3 = FloatVector.zero(S);
        int i = 0;
        for (int bound2 = len - 2 * l; i <= bound2; i += 2 * l) {
            FloatVector x = FloatVector.fromArray(S, q, i);
            FloatVector y = FloatVector.fromArray(S, q, i + l);
            a0 = x.fma(load(s0, o0, i), a0);
            a1 = x.fma(load(s1, o1, i), a1);
            a2 = x.fma(load(s2, o2, i), a2);
            a3 = x.fma(load(s3, o3, i), a3);
            b0 = y.fma(load(s0, o0, i + l), b0);
            b1 = y.fma(load(s1, o1, i + l), b1);
            b2 = y.fma(load(s2, o2, i + l), b2);
            b3 = y.fma(load(s3, o3, i + l), b3);
        }
        for (int bound = S.loopBound(len); i < bound; i += l) {
            FloatVector x = FloatVector.fromArray(S, q, i);
            a0 = x.fma(load(s0, o0, i), a0);
            a1 = x.fma(load(s1, o1, i), a1);
            a2 = x.fma(load(s2, o2, i), a2);
            a3 = x.fma(load(s3, o3, i), a3);
        }
        float r0 = a0.add(b0).reduceLanes(VectorOperators.ADD);
        float r1 = a1.add(b1).reduceLanes(VectorOperators.ADD);
        float r2 = a2.add(b2).reduceLanes(VectorOperators.ADD);
        float r3 = a3.add(b3).reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            float v = q[i];
            r0 += v * s0.get(FLOAT, o0 + 4L * i);
            r1 += v * s1.get(FLOAT, o1 + 4L * i);
            r2 += v * s2.get(FLOAT, o2 + 4L * i);
            r3 += v * s3.get(FLOAT, o3 + 4L * i);
        }
        out[at] = r0;
        out[at + 1] = r1;
        out[at + 2] = r2;
        out[at + 3] = r3;
    }

    @Override
    public void squareDistance4(float[] q, MemorySegment s0, long o0, MemorySegment s1, long o1, MemorySegment s2,
            long o2, MemorySegment s3, long o3, int len, float[] out, int at) {
        int l = S.length();
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector a2 = FloatVector.zero(S);
        FloatVector a3 = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(len); i < bound; i += l) {
            FloatVector x = FloatVector.fromArray(S, q, i);
            FloatVector e0 = x.sub(load(s0, o0, i));
            FloatVector e1 = x.sub(load(s1, o1, i));
            FloatVector e2 = x.sub(load(s2, o2, i));
            FloatVector e3 = x.sub(load(s3, o3, i));
            a0 = e0.fma(e0, a0);
            a1 = e1.fma(e1, a1);
            a2 = e2.fma(e2, a2);
            a3 = e3.fma(e3, a3);
        }
        float r0 = a0.reduceLanes(VectorOperators.ADD);
        float r1 = a1.reduceLanes(VectorOperators.ADD);
        float r2 = a2.reduceLanes(VectorOperators.ADD);
        float r3 = a3.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            float v = q[i];
            float e0 = v - s0.get(FLOAT, o0 + 4L * i);
            float e1 = v - s1.get(FLOAT, o1 + 4L * i);
            float e2 = v - s2.get(FLOAT, o2 + 4L * i);
            float e3 = v - s3.get(FLOAT, o3 + 4L * i);
            r0 += e0 * e0;
            r1 += e1 * e1;
            r2 += e2 * e2;
            r3 += e3 * e3;
        }
        out[at] = r0;
        out[at + 1] = r1;
        out[at + 2] = r2;
        out[at + 3] = r3;
    }

    @Override
    public float dot(float[] q, MemorySegment seg, long off, int len) {
        int l = S.length();
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        FloatVector acc2 = FloatVector.zero(S);
        FloatVector acc3 = FloatVector.zero(S);
        int i = 0;
        for (int bound4 = len - 4 * l; i <= bound4; i += 4 * l) {
            acc0 = FloatVector.fromArray(S, q, i).fma(load(seg, off, i), acc0);
            acc1 = FloatVector.fromArray(S, q, i + l).fma(load(seg, off, i + l), acc1);
            acc2 = FloatVector.fromArray(S, q, i + 2 * l).fma(load(seg, off, i + 2 * l), acc2);
            acc3 = FloatVector.fromArray(S, q, i + 3 * l).fma(load(seg, off, i + 3 * l), acc3);
        }
        for (int bound = S.loopBound(len); i < bound; i += l) {
            acc0 = FloatVector.fromArray(S, q, i).fma(load(seg, off, i), acc0);
        }
        float s = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            s += q[i] * seg.get(FLOAT, off + 4L * i);
        }
        return s;
    }

    @Override
    public float squareDistance(float[] q, MemorySegment seg, long off, int len) {
        int l = S.length();
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        FloatVector acc2 = FloatVector.zero(S);
        FloatVector acc3 = FloatVector.zero(S);
        int i = 0;
        for (int bound4 = len - 4 * l; i <= bound4; i += 4 * l) {
            FloatVector d0 = FloatVector.fromArray(S, q, i).sub(load(seg, off, i));
            FloatVector d1 = FloatVector.fromArray(S, q, i + l).sub(load(seg, off, i + l));
            FloatVector d2 = FloatVector.fromArray(S, q, i + 2 * l).sub(load(seg, off, i + 2 * l));
            FloatVector d3 = FloatVector.fromArray(S, q, i + 3 * l).sub(load(seg, off, i + 3 * l));
            acc0 = d0.fma(d0, acc0);
            acc1 = d1.fma(d1, acc1);
            acc2 = d2.fma(d2, acc2);
            acc3 = d3.fma(d3, acc3);
        }
        for (int bound = S.loopBound(len); i < bound; i += l) {
            FloatVector d = FloatVector.fromArray(S, q, i).sub(load(seg, off, i));
            acc0 = d.fma(d, acc0);
        }
        float s = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            float d = q[i] - seg.get(FLOAT, off + 4L * i);
            s += d * d;
        }
        return s;
    }

    @Override
    public float cosine(float[] q, MemorySegment seg, long off, int len) {
        int l = S.length();
        FloatVector dot0 = FloatVector.zero(S);
        FloatVector dot1 = FloatVector.zero(S);
        FloatVector na0 = FloatVector.zero(S);
        FloatVector na1 = FloatVector.zero(S);
        FloatVector nb0 = FloatVector.zero(S);
        FloatVector nb1 = FloatVector.zero(S);
        int i = 0;
        for (int bound2 = len - 2 * l; i <= bound2; i += 2 * l) {
            FloatVector a0 = FloatVector.fromArray(S, q, i);
            FloatVector b0 = load(seg, off, i);
            FloatVector a1 = FloatVector.fromArray(S, q, i + l);
            FloatVector b1 = load(seg, off, i + l);
            dot0 = a0.fma(b0, dot0);
            na0 = a0.fma(a0, na0);
            nb0 = b0.fma(b0, nb0);
            dot1 = a1.fma(b1, dot1);
            na1 = a1.fma(a1, na1);
            nb1 = b1.fma(b1, nb1);
        }
        for (int bound = S.loopBound(len); i < bound; i += l) {
            FloatVector va = FloatVector.fromArray(S, q, i);
            FloatVector vb = load(seg, off, i);
            dot0 = va.fma(vb, dot0);
            na0 = va.fma(va, na0);
            nb0 = vb.fma(vb, nb0);
        }
        float d = dot0.add(dot1).reduceLanes(VectorOperators.ADD);
        float x = na0.add(na1).reduceLanes(VectorOperators.ADD);
        float y = nb0.add(nb1).reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            float u = q[i];
            float v = seg.get(FLOAT, off + 4L * i);
            d += u * v;
            x += u * u;
            y += v * v;
        }
        return cosineOf(d, x, y);
    }

    private static FloatVector load(MemorySegment seg, long off, int i) {
        return FloatVector.fromMemorySegment(S, seg, off + 4L * i, NATIVE);
    }

    private static float cosineOf(float dot, float normA, float normB) {
        if (normA == 0 || normB == 0) {
            return 0;
        }
        double c = dot / Math.sqrt((double) normA * normB);
        return (float) Math.max(-1.0, Math.min(1.0, c));
    }

    // int8 dot products: bytes are sign-extended to ints (one byte vector of a quarter width per int vector), so
    // products and sums are exact and equal the scalar default bit for bit.

    @Override
    public int dotInt8(byte[] q, MemorySegment seg, long off, int len) {
        int l = BS.length();
        IntVector a0 = IntVector.zero(IS);
        IntVector a1 = IntVector.zero(IS);
        int i = 0;
        for (int bound2 = len - 2 * l; i <= bound2; i += 2 * l) {
            a0 = a0.add(widen(ByteVector.fromArray(BS, q, i)).mul(widen(loadBytes(seg, off + i))));
            a1 = a1.add(widen(ByteVector.fromArray(BS, q, i + l)).mul(widen(loadBytes(seg, off + i + l))));
        }
        for (int bound = len - l; i <= bound; i += l) {
            a0 = a0.add(widen(ByteVector.fromArray(BS, q, i)).mul(widen(loadBytes(seg, off + i))));
        }
        int s = a0.add(a1).reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            s += q[i] * seg.get(ValueLayout.JAVA_BYTE, off + i);
        }
        return s;
    }

    @Override
    public void dotInt8x4(byte[] q, MemorySegment seg, long o0, long o1, long o2, long o3, int len, int[] out,
            int at) {
        int l = BS.length();
        IntVector a0 = IntVector.zero(IS);
        IntVector a1 = IntVector.zero(IS);
        IntVector a2 = IntVector.zero(IS);
        IntVector a3 = IntVector.zero(IS);
        int i = 0;
        for (int bound = len - l; i <= bound; i += l) {
            IntVector x = widen(ByteVector.fromArray(BS, q, i));
            a0 = a0.add(x.mul(widen(loadBytes(seg, o0 + i))));
            a1 = a1.add(x.mul(widen(loadBytes(seg, o1 + i))));
            a2 = a2.add(x.mul(widen(loadBytes(seg, o2 + i))));
            a3 = a3.add(x.mul(widen(loadBytes(seg, o3 + i))));
        }
        int r0 = a0.reduceLanes(VectorOperators.ADD);
        int r1 = a1.reduceLanes(VectorOperators.ADD);
        int r2 = a2.reduceLanes(VectorOperators.ADD);
        int r3 = a3.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            int v = q[i];
            r0 += v * seg.get(ValueLayout.JAVA_BYTE, o0 + i);
            r1 += v * seg.get(ValueLayout.JAVA_BYTE, o1 + i);
            r2 += v * seg.get(ValueLayout.JAVA_BYTE, o2 + i);
            r3 += v * seg.get(ValueLayout.JAVA_BYTE, o3 + i);
        }
        out[at] = r0;
        out[at + 1] = r1;
        out[at + 2] = r2;
        out[at + 3] = r3;
    }

    private static ByteVector loadBytes(MemorySegment seg, long off) {
        return ByteVector.fromMemorySegment(BS, seg, off, NATIVE);
    }

    private static IntVector widen(ByteVector b) {
        return (IntVector) b.convertShape(VectorOperators.B2I, IS, 0);
    }
}
