package syna.api.spi;

import java.lang.foreign.MemorySegment;

/**
 * Float32 distance kernels. Array forms take offsets so callers can keep many vectors in one
 * contiguous array; segment forms read native-order floats. Thread-safe.
 */
public interface VectorKernels {
    /** Name of the provider these come from. */
    String name();

    /** Dot product of {@code a[aOff..aOff+len)} and {@code b[bOff..bOff+len)}. */
    float dot(float[] a, int aOff, float[] b, int bOff, int len);

    /** Squared euclidean distance. */
    float squareDistance(float[] a, int aOff, float[] b, int bOff, int len);

    /** Cosine similarity in [-1, 1]; 0 when either vector is zero. */
    float cosine(float[] a, int aOff, float[] b, int bOff, int len);

    /** Dot product of {@code q} with {@code len} floats of {@code seg} from byte offset {@code off}. */
    float dot(float[] q, MemorySegment seg, long off, int len);

    /** Squared euclidean distance between {@code q} and floats of {@code seg}. */
    float squareDistance(float[] q, MemorySegment seg, long off, int len);

    /** Cosine similarity between {@code q} and floats of {@code seg}. */
    float cosine(float[] q, MemorySegment seg, long off, int len);

    /**
     * Dot products of {@code q[0..len)} with the four vectors of {@code data} at offsets {@code o0..o3}, written to
     * {@code out[at..at+4)}. One pass over four vectors keeps four streams of loads in flight, so a search that
     * reads vectors from memory waits on them about once instead of four times. Equal to four {@link #dot} calls
     * up to float rounding; this default makes them.
     */
    default void dot4(float[] q, float[] data, int o0, int o1, int o2, int o3, int len, float[] out, int at) {
        out[at] = dot(q, 0, data, o0, len);
        out[at + 1] = dot(q, 0, data, o1, len);
        out[at + 2] = dot(q, 0, data, o2, len);
        out[at + 3] = dot(q, 0, data, o3, len);
    }

    /** Squared euclidean distances of {@code q} to four vectors of {@code data}, as {@link #dot4}. */
    default void squareDistance4(float[] q, float[] data, int o0, int o1, int o2, int o3, int len, float[] out, int at) {
        out[at] = squareDistance(q, 0, data, o0, len);
        out[at + 1] = squareDistance(q, 0, data, o1, len);
        out[at + 2] = squareDistance(q, 0, data, o2, len);
        out[at + 3] = squareDistance(q, 0, data, o3, len);
    }

    /**
     * All sixteen dot products of four vectors of {@code a} (offsets {@code a0..a3}) with four of {@code b}
     * (offsets {@code b0..b3}), {@code len} floats each: {@code out[at + 4 * i + j] = dot(a_i, b_j)}. A tile of
     * all-pairs work (k-means assigning points to centroids) in which every load feeds four products, where
     * {@link #dot4} feeds one query's products from five loads. Equal to sixteen {@link #dot} calls up to float
     * rounding; this default makes them.
     */
    default void dot4x4(float[] a, int a0, int a1, int a2, int a3, float[] b, int b0, int b1, int b2, int b3, int len,
            float[] out, int at) {
        int[] as = {a0, a1, a2, a3};
        int[] bs = {b0, b1, b2, b3};
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                out[at + 4 * i + j] = dot(a, as[i], b, bs[j], len);
            }
        }
    }

    /** Squared euclidean distances of four vectors of {@code a} to four of {@code b}, laid out as {@link #dot4x4}. */
    default void squareDistance4x4(float[] a, int a0, int a1, int a2, int a3, float[] b, int b0, int b1, int b2,
            int b3, int len, float[] out, int at) {
        int[] as = {a0, a1, a2, a3};
        int[] bs = {b0, b1, b2, b3};
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                out[at + 4 * i + j] = squareDistance(a, as[i], b, bs[j], len);
            }
        }
    }

    /**
     * Dot products of {@code q[0..len)} with four vectors of floats, each in its segment at its byte offset, written
     * to {@code out[at..at+4)}; as {@link #dot4} for segments. This default makes four {@link #dot} calls.
     */
    default void dot4(float[] q, MemorySegment s0, long o0, MemorySegment s1, long o1, MemorySegment s2, long o2,
            MemorySegment s3, long o3, int len, float[] out, int at) {
        out[at] = dot(q, s0, o0, len);
        out[at + 1] = dot(q, s1, o1, len);
        out[at + 2] = dot(q, s2, o2, len);
        out[at + 3] = dot(q, s3, o3, len);
    }

    /** Squared euclidean distances of {@code q} to four vectors in segments, as the segment {@link #dot4}. */
    default void squareDistance4(float[] q, MemorySegment s0, long o0, MemorySegment s1, long o1, MemorySegment s2,
            long o2, MemorySegment s3, long o3, int len, float[] out, int at) {
        out[at] = squareDistance(q, s0, o0, len);
        out[at + 1] = squareDistance(q, s1, o1, len);
        out[at + 2] = squareDistance(q, s2, o2, len);
        out[at + 3] = squareDistance(q, s3, o3, len);
    }

    /**
     * Dot product of the signed bytes {@code q[0..len)} with {@code len} signed bytes of {@code seg} from byte offset
     * {@code off}, exact in {@code int} (len up to 4096 cannot overflow): the inner loop of int8-quantized search.
     * Every provider returns the same value; this default is the scalar loop.
     */
    default int dotInt8(byte[] q, MemorySegment seg, long off, int len) {
        int s0 = 0;
        int s1 = 0;
        int i = 0;
        for (; i + 1 < len; i += 2) {
            s0 += q[i] * seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, off + i);
            s1 += q[i + 1] * seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, off + i + 1);
        }
        if (i < len) {
            s0 += q[i] * seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, off + i);
        }
        return s0 + s1;
    }

    /**
     * {@link #dotInt8} of {@code q} with the four byte vectors of {@code seg} at offsets {@code o0..o3}, written to
     * {@code out[at..at+4)}; one pass keeps four streams of loads in flight. This default makes four calls.
     */
    default void dotInt8x4(byte[] q, MemorySegment seg, long o0, long o1, long o2, long o3, int len, int[] out,
            int at) {
        out[at] = dotInt8(q, seg, o0, len);
        out[at + 1] = dotInt8(q, seg, o1, len);
        out[at + 2] = dotInt8(q, seg, o2, len);
        out[at + 3] = dotInt8(q, seg, o3, len);
    }

    /**
     * Kernels that compute exactly what these do, in code the JIT compiles and profiles apart from these: for a
     * caller whose segments are of another kind than most callers' (file mappings beside arena memory). A JIT
     * profiles a method once for all its callers; kernels that have read two kinds of segment speculate on one,
     * fail, and end up compiled without the SIMD intrinsics, several times slower for both. Callers keep the
     * result (each call may make a new copy). This default returns {@code this}: kernels whose compiled code does
     * not depend on the segment kind need no copy.
     */
    default VectorKernels separatelyCompiled() {
        return this;
    }
}
