package syna.simd.internal;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import syna.api.spi.VectorKernels;

/**
 * Distance kernels on {@link FloatVector} with the platform's preferred width (AVX2: 8 lanes,
 * AVX-512: 16). Loops use fused multiply-add on full vectors and a scalar tail, so results differ
 * from the scalar kernels only by float rounding. Thread-safe.
 */
final class SimdVectorKernels implements VectorKernels {
    static final SimdVectorKernels INSTANCE = new SimdVectorKernels();

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private SimdVectorKernels() {}

    static int preferredLanes() {
        return S.length();
    }

    @Override
    public String name() {
        return "simd (" + S.length() + " float lanes)";
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        int bound = S.loopBound(len);
        for (; i < bound; i += S.length()) {
            FloatVector va = FloatVector.fromArray(S, a, aOff + i);
            FloatVector vb = FloatVector.fromArray(S, b, bOff + i);
            acc = va.fma(vb, acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    @Override
    public float squareDistance(float[] a, int aOff, float[] b, int bOff, int len) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        int bound = S.loopBound(len);
        for (; i < bound; i += S.length()) {
            FloatVector d = FloatVector.fromArray(S, a, aOff + i).sub(FloatVector.fromArray(S, b, bOff + i));
            acc = d.fma(d, acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            float d = a[aOff + i] - b[bOff + i];
            s += d * d;
        }
        return s;
    }

    @Override
    public float cosine(float[] a, int aOff, float[] b, int bOff, int len) {
        FloatVector dot = FloatVector.zero(S);
        FloatVector na = FloatVector.zero(S);
        FloatVector nb = FloatVector.zero(S);
        int i = 0;
        int bound = S.loopBound(len);
        for (; i < bound; i += S.length()) {
            FloatVector va = FloatVector.fromArray(S, a, aOff + i);
            FloatVector vb = FloatVector.fromArray(S, b, bOff + i);
            dot = va.fma(vb, dot);
            na = va.fma(va, na);
            nb = vb.fma(vb, nb);
        }
        float d = dot.reduceLanes(VectorOperators.ADD);
        float x = na.reduceLanes(VectorOperators.ADD);
        float y = nb.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            d += a[aOff + i] * b[bOff + i];
            x += a[aOff + i] * a[aOff + i];
            y += b[bOff + i] * b[bOff + i];
        }
        return cosineOf(d, x, y);
    }

    @Override
    public float dot(float[] q, MemorySegment seg, long off, int len) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        int bound = S.loopBound(len);
        for (; i < bound; i += S.length()) {
            FloatVector vq = FloatVector.fromArray(S, q, i);
            FloatVector vs = FloatVector.fromMemorySegment(S, seg, off + 4L * i, NATIVE);
            acc = vq.fma(vs, acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            s += q[i] * seg.get(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, off + 4L * i);
        }
        return s;
    }

    @Override
    public float squareDistance(float[] q, MemorySegment seg, long off, int len) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        int bound = S.loopBound(len);
        for (; i < bound; i += S.length()) {
            FloatVector d = FloatVector.fromArray(S, q, i)
                    .sub(FloatVector.fromMemorySegment(S, seg, off + 4L * i, NATIVE));
            acc = d.fma(d, acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            float d = q[i] - seg.get(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, off + 4L * i);
            s += d * d;
        }
        return s;
    }

    @Override
    public float cosine(float[] q, MemorySegment seg, long off, int len) {
        FloatVector dot = FloatVector.zero(S);
        FloatVector na = FloatVector.zero(S);
        FloatVector nb = FloatVector.zero(S);
        int i = 0;
        int bound = S.loopBound(len);
        for (; i < bound; i += S.length()) {
            FloatVector va = FloatVector.fromArray(S, q, i);
            FloatVector vb = FloatVector.fromMemorySegment(S, seg, off + 4L * i, NATIVE);
            dot = va.fma(vb, dot);
            na = va.fma(va, na);
            nb = vb.fma(vb, nb);
        }
        float d = dot.reduceLanes(VectorOperators.ADD);
        float x = na.reduceLanes(VectorOperators.ADD);
        float y = nb.reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) {
            float u = q[i];
            float v = seg.get(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, off + 4L * i);
            d += u * v;
            x += u * u;
            y += v * v;
        }
        return cosineOf(d, x, y);
    }

    private static float cosineOf(float dot, float normA, float normB) {
        if (normA == 0 || normB == 0) {
            return 0;
        }
        double c = dot / Math.sqrt((double) normA * normB);
        return (float) Math.max(-1.0, Math.min(1.0, c));
    }
}
