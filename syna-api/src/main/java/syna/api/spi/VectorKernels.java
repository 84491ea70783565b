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
}
