package syna.index.cascade.internal.lsh;

import java.util.SplittableRandom;
import syna.api.Vectors;
import syna.api.spi.VectorKernels;

/**
 * Random-hyperplane LSH (Charikar, STOC 2002): {@code tables} tables of {@code bits} Gaussian hyperplanes through
 * a centre; bit i of a vector's hash in a table is whether it lies on the positive side of plane i. Vectors at a
 * small angle (after centring) share most bits. Multi-probe (Lv et al., VLDB 2007) visits, after the query's own
 * bucket, the buckets that differ in the bits whose planes the query lies closest to, in increasing order of the
 * summed squared margins. Immutable after construction; thread-safe.
 */
public final class Hyperplanes {
    private final int tables;
    private final int bits;
    private final int dim;
    private final float[] planes;
    private final float[] center;
    private final float[] centerDots;
    private final VectorKernels kernels = Vectors.kernels();

    /** Planes and centre as given (a loaded file). */
    public Hyperplanes(int tables, int bits, int dim, float[] planes, float[] center) {
        this.tables = tables;
        this.bits = bits;
        this.dim = dim;
        this.planes = planes;
        this.center = center;
        this.centerDots = new float[tables * bits];
        for (int i = 0; i < tables * bits; i++) {
            centerDots[i] = kernels.dot(center, 0, planes, i * dim, dim);
        }
    }

    /** Seeded unit Gaussian planes through {@code center}. */
    public static Hyperplanes generate(int tables, int bits, int dim, long seed, float[] center) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] p = new float[tables * bits * dim];
        for (int i = 0; i < tables * bits; i++) {
            double s = 0;
            for (int j = 0; j < dim; j++) {
                double u = 1 - r.nextDouble();
                double g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
                p[i * dim + j] = (float) g;
                s += g * g;
            }
            float inv = (float) (1 / Math.sqrt(s));
            for (int j = 0; j < dim; j++) {
                p[i * dim + j] *= inv;
            }
        }
        return new Hyperplanes(tables, bits, dim, p, center.clone());
    }

    /** Tables. */
    public int tables() {
        return tables;
    }

    /** Bits per table. */
    public int bits() {
        return bits;
    }

    /** The planes, row-major ({@code tables * bits} rows of {@code dim}). */
    public float[] planes() {
        return planes;
    }

    /** The centre. */
    public float[] center() {
        return center;
    }

    /** Signed distances of {@code v} to every plane into {@code proj[tables * bits]}. */
    public void project(float[] v, float[] proj) {
        int n = tables * bits;
        int i = 0;
        // four planes a pass: the vector's loads feed four products
        for (; i + 4 <= n; i += 4) {
            int o = i * dim;
            kernels.dot4(v, planes, o, o + dim, o + 2 * dim, o + 3 * dim, dim, proj, i);
            proj[i] -= centerDots[i];
            proj[i + 1] -= centerDots[i + 1];
            proj[i + 2] -= centerDots[i + 2];
            proj[i + 3] -= centerDots[i + 3];
        }
        for (; i < n; i++) {
            proj[i] = kernels.dot(v, 0, planes, i * dim, dim) - centerDots[i];
        }
    }

    /** The bucket of table {@code t} for projections {@code proj}. */
    public int hash(float[] proj, int t) {
        int h = 0;
        int off = t * bits;
        for (int i = 0; i < bits; i++) {
            if (proj[off + i] > 0) {
                h |= 1 << i;
            }
        }
        return h;
    }

    /** Scratch of {@link #probes}; one per thread. */
    public static final class ProbeScratch {
        final int[] order = new int[32];
        final float[] score = new float[32];
        long[] heap = new long[64];
        float[] heapScore = new float[64];
    }

    /**
     * Up to {@code p} buckets of table {@code t} for projections {@code proj}, best first: the own bucket, then
     * perturbations flipping the bits of smallest margin (Lv et al.'s shift/expand generation over bit sets sorted
     * by squared margin), written to {@code out} from {@code outOff}. Returns how many.
     */
    public int probes(float[] proj, int t, int p, int[] out, int outOff, ProbeScratch s) {
        int home = hash(proj, t);
        out[outOff] = home;
        if (p == 1) {
            return 1;
        }
        int off = t * bits;
        // sort bit positions by squared margin (insertion sort; bits <= 16)
        for (int i = 0; i < bits; i++) {
            float m = proj[off + i] * proj[off + i];
            int j = i;
            while (j > 0 && s.score[j - 1] > m) {
                s.score[j] = s.score[j - 1];
                s.order[j] = s.order[j - 1];
                j--;
            }
            s.score[j] = m;
            s.order[j] = i;
        }
        int n = 1;
        int size = 0;
        // a set is a mask over sorted positions; start with {0}
        size = push(s, size, 1L, s.score[0]);
        while (n < p && size > 0) {
            long mask = s.heap[0];
            float sc = s.heapScore[0];
            size = pop(s, size);
            int flip = 0;
            for (int j = 0; j < bits; j++) {
                if ((mask & (1L << j)) != 0) {
                    flip |= 1 << s.order[j];
                }
            }
            out[outOff + n++] = home ^ flip;
            int max = 63 - Long.numberOfLeadingZeros(mask);
            if (max + 1 < bits) {
                // shift: replace the largest element by the next; expand: add the next
                long shifted = (mask & ~(1L << max)) | (1L << (max + 1));
                size = push(s, size, shifted, sc - s.score[max] + s.score[max + 1]);
                size = push(s, size, mask | (1L << (max + 1)), sc + s.score[max + 1]);
            }
        }
        return n;
    }

    private static int push(ProbeScratch s, int size, long mask, float score) {
        if (size == s.heap.length) {
            s.heap = java.util.Arrays.copyOf(s.heap, size * 2);
            s.heapScore = java.util.Arrays.copyOf(s.heapScore, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (s.heapScore[parent] <= score) {
                break;
            }
            s.heap[i] = s.heap[parent];
            s.heapScore[i] = s.heapScore[parent];
            i = parent;
        }
        s.heap[i] = mask;
        s.heapScore[i] = score;
        return size;
    }

    private static int pop(ProbeScratch s, int size) {
        size--;
        long m = s.heap[size];
        float sc = s.heapScore[size];
        int i = 0;
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) {
                break;
            }
            if (c + 1 < size && s.heapScore[c + 1] < s.heapScore[c]) {
                c++;
            }
            if (s.heapScore[c] >= sc) {
                break;
            }
            s.heap[i] = s.heap[c];
            s.heapScore[i] = s.heapScore[c];
            i = c;
        }
        s.heap[i] = m;
        s.heapScore[i] = sc;
        return size;
    }
}
