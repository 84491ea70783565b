package syna.index.hnsw.internal.graph;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import syna.api.DistanceMetric;
import syna.api.spi.VectorKernels;

/**
 * All vectors of a graph, contiguous: the first {@code mappedCount} nodes in one memory-mapped segment (an
 * index loaded from disk), the rest in fixed-size heap pages of {@link HnswGraph#PAGE_SIZE} vectors, so
 * growing never moves a vector that readers may be reading (but for a trimmed last page, {@link #trim}, which
 * growth replaces by a full copy: node vectors are set right after their allocation, under the allocating
 * thread's lock, and never change, so readers of the old page read the same values). Vectors of cosine indexes are stored unit
 * length, so cosine distance is {@code 1 - dot}. Concurrent reads; writes to distinct nodes may run
 * concurrently (page growth is the caller's lock).
 */
public final class VectorPages {
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final int dim;
    private final DistanceMetric metric;
    private final VectorKernels kernels;
    private final MemorySegment mapped;
    private final int mappedCount;
    private volatile float[][] pages = new float[0][];

    /** Vectors of dimension {@code dim}; {@code mapped} holds the first {@code mappedCount} (may be empty). */
    public VectorPages(int dim, DistanceMetric metric, VectorKernels kernels, MemorySegment mapped, int mappedCount) {
        this.dim = dim;
        this.metric = metric;
        this.kernels = kernels;
        this.mapped = mapped;
        this.mappedCount = mappedCount;
    }

    /** Dimension. */
    public int dimension() {
        return dim;
    }

    /** Makes room for nodes below {@code capacity}; the caller serialises growth. */
    void grow(int capacity) {
        int heap = Math.max(0, capacity - mappedCount);
        float[][] p = pages;
        int full = HnswGraph.PAGE_SIZE * dim;
        int room = p.length == 0 ? 0 : ((p.length - 1) << HnswGraph.PAGE_SHIFT) + p[p.length - 1].length / dim;
        if (heap <= room) {
            return;
        }
        int needPages = (heap + HnswGraph.PAGE_SIZE - 1) >>> HnswGraph.PAGE_SHIFT;
        float[][] n = Arrays.copyOf(p, Math.max(needPages, p.length));
        if (p.length > 0 && p[p.length - 1].length < full) {
            // The last page was trimmed: a full copy replaces it (its vectors are set and no longer change).
            n[p.length - 1] = Arrays.copyOf(p[p.length - 1], full);
        }
        for (int i = p.length; i < needPages; i++) {
            n[i] = new float[full];
        }
        pages = n;
    }

    /**
     * Cuts the last heap page down to the first {@code count} nodes' vectors; a later {@link #grow} gives it
     * back its full size. The caller excludes every writer meanwhile.
     */
    void trim(int count) {
        float[][] p = pages;
        int heapNodes = count - mappedCount;
        if (p.length == 0 || heapNodes <= 0) {
            return;
        }
        int last = p.length - 1;
        int used = (heapNodes - (last << HnswGraph.PAGE_SHIFT)) * dim;
        if (used > 0 && used < p[last].length) {
            float[][] n = p.clone();
            n[last] = Arrays.copyOf(p[last], used);
            pages = n;
        }
    }

    /** Stores {@code v} (already normalised for cosine) as the vector of {@code node} (a heap node). */
    void set(int node, float[] v) {
        int h = node - mappedCount;
        System.arraycopy(v, 0, pages[h >>> HnswGraph.PAGE_SHIFT], (h & HnswGraph.PAGE_MASK) * dim, dim);
    }

    /** Copies the vector of {@code node} into {@code dst}. */
    public void copy(int node, float[] dst) {
        if (node < mappedCount) {
            MemorySegment.copy(mapped, FLOAT, (long) node * dim * 4, dst, 0, dim);
        } else {
            int h = node - mappedCount;
            System.arraycopy(pages[h >>> HnswGraph.PAGE_SHIFT], (h & HnswGraph.PAGE_MASK) * dim, dst, 0, dim);
        }
    }

    /** Distance under the metric between query {@code q} (normalised for cosine) and {@code node}; lower is closer. */
    public float distance(float[] q, int node) {
        if (node < mappedCount) {
            long off = (long) node * dim * 4;
            return switch (metric) {
                case COSINE -> 1f - kernels.dot(q, mapped, off, dim);
                case EUCLIDEAN -> kernels.squareDistance(q, mapped, off, dim);
                case DOT_PRODUCT -> -kernels.dot(q, mapped, off, dim);
            };
        }
        int h = node - mappedCount;
        float[] page = pages[h >>> HnswGraph.PAGE_SHIFT];
        int off = (h & HnswGraph.PAGE_MASK) * dim;
        return switch (metric) {
            case COSINE -> 1f - kernels.dot(q, 0, page, off, dim);
            case EUCLIDEAN -> kernels.squareDistance(q, 0, page, off, dim);
            case DOT_PRODUCT -> -kernels.dot(q, 0, page, off, dim);
        };
    }

    /**
     * Distance the graph is built with: the metric's, except squared euclidean for dot product, whose
     * negated inner product is no metric (a vector is not its own nearest neighbour), so links made with it
     * do not navigate; queries still rank by the dot product.
     */
    public float buildDistance(float[] q, int node) {
        if (metric != DistanceMetric.DOT_PRODUCT) {
            return distance(q, node);
        }
        if (node < mappedCount) {
            return kernels.squareDistance(q, mapped, (long) node * dim * 4, dim);
        }
        int h = node - mappedCount;
        return kernels.squareDistance(q, 0, pages[h >>> HnswGraph.PAGE_SHIFT], (h & HnswGraph.PAGE_MASK) * dim, dim);
    }

    /** Bytes of heap pages (the mapping is counted by the file, not the heap). */
    long heapBytes() {
        long b = 16;
        for (float[] p : pages) {
            b += 16 + 4L * p.length + 4;
        }
        return b;
    }

    /** Bytes of the mapped segment. */
    public long mappedBytes() {
        return (long) mappedCount * dim * 4;
    }

    /** The query as the graph compares it: a copy, unit length for cosine. */
    public static float[] prepare(DistanceMetric metric, float[] v) {
        float[] c = v.clone();
        if (metric == DistanceMetric.COSINE) {
            double s = 0;
            for (float x : c) {
                s += (double) x * x;
            }
            if (s > 0) {
                float inv = (float) (1 / Math.sqrt(s));
                for (int i = 0; i < c.length; i++) {
                    c[i] *= inv;
                }
            }
        }
        return c;
    }
}
