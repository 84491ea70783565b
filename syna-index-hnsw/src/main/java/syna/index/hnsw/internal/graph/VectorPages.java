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
 * growing never moves a vector that readers may be reading. Vectors of cosine indexes are stored unit
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
        int needPages = (Math.max(0, capacity - mappedCount) + HnswGraph.PAGE_SIZE - 1) >>> HnswGraph.PAGE_SHIFT;
        float[][] p = pages;
        if (needPages > p.length) {
            float[][] n = Arrays.copyOf(p, needPages);
            for (int i = p.length; i < needPages; i++) {
                n[i] = new float[HnswGraph.PAGE_SIZE * dim];
            }
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
        return (long) pages.length * HnswGraph.PAGE_SIZE * dim * 4;
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
