package syna.api.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.Set;
import syna.api.spi.Capability;
import syna.api.spi.VectorKernels;
import syna.api.spi.VectorKernelsProvider;

/**
 * Plain-Java distance kernels, the {@code scalar} provider. Four independent accumulators let the JIT
 * overlap the multiply-adds without changing the result much. Thread-safe.
 */
public final class ScalarVectorKernels implements VectorKernels {
    /** Native-order floats, unaligned: vectors in mapped files may sit at any offset. */
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.nativeOrder());

    /** The single instance. */
    public static final ScalarVectorKernels INSTANCE = new ScalarVectorKernels();

    /** Provider of the scalar kernels; always available. */
    public static final class Provider implements VectorKernelsProvider {
        @Override
        public String name() {
            return "scalar";
        }

        @Override
        public int formatVersion() {
            return 1;
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of();
        }

        @Override
        public Optional<String> unavailableReason() {
            return Optional.empty();
        }

        @Override
        public VectorKernels kernels() {
            return INSTANCE;
        }
    }

    private ScalarVectorKernels() {}

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < len; i += 4) {
            s0 += a[aOff + i] * b[bOff + i];
            s1 += a[aOff + i + 1] * b[bOff + i + 1];
            s2 += a[aOff + i + 2] * b[bOff + i + 2];
            s3 += a[aOff + i + 3] * b[bOff + i + 3];
        }
        for (; i < len; i++) {
            s0 += a[aOff + i] * b[bOff + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float squareDistance(float[] a, int aOff, float[] b, int bOff, int len) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < len; i += 4) {
            float d0 = a[aOff + i] - b[bOff + i];
            float d1 = a[aOff + i + 1] - b[bOff + i + 1];
            float d2 = a[aOff + i + 2] - b[bOff + i + 2];
            float d3 = a[aOff + i + 3] - b[bOff + i + 3];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < len; i++) {
            float d = a[aOff + i] - b[bOff + i];
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float cosine(float[] a, int aOff, float[] b, int bOff, int len) {
        float dot = 0, na = 0, nb = 0;
        for (int i = 0; i < len; i++) {
            float x = a[aOff + i];
            float y = b[bOff + i];
            dot += x * y;
            na += x * x;
            nb += y * y;
        }
        return cosineOf(dot, na, nb);
    }

    @Override
    public float dot(float[] q, MemorySegment seg, long off, int len) {
        float s = 0;
        for (int i = 0; i < len; i++) {
            s += q[i] * seg.get(FLOAT, off + 4L * i);
        }
        return s;
    }

    @Override
    public float squareDistance(float[] q, MemorySegment seg, long off, int len) {
        float s = 0;
        for (int i = 0; i < len; i++) {
            float d = q[i] - seg.get(FLOAT, off + 4L * i);
            s += d * d;
        }
        return s;
    }

    @Override
    public float cosine(float[] q, MemorySegment seg, long off, int len) {
        float dot = 0, na = 0, nb = 0;
        for (int i = 0; i < len; i++) {
            float x = q[i];
            float y = seg.get(FLOAT, off + 4L * i);
            dot += x * y;
            na += x * x;
            nb += y * y;
        }
        return cosineOf(dot, na, nb);
    }

    /** Cosine from its parts; 0 for a zero vector, clamped to [-1, 1] against rounding. */
    public static float cosineOf(float dot, float normA, float normB) {
        if (normA == 0 || normB == 0) {
            return 0;
        }
        double c = dot / Math.sqrt((double) normA * normB);
        return (float) Math.max(-1.0, Math.min(1.0, c));
    }
}
