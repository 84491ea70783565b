package syna.vector.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Objects;
import syna.api.DimensionMismatchException;
import syna.api.DistanceMetric;
import syna.api.Vectors;
import syna.api.spi.VectorKernels;
import syna.api.spi.VectorScorer;
import syna.api.spi.VectorSource;

/**
 * A store's vectors off the heap, by slot: the one resident copy of each vector, read in place by the store's
 * exact search and by its index. Slots live in pages of {@code 2^shift} slots at a fixed stride (about 1 MiB
 * a page); a page never moves once installed, so readers (a background index build) need no lock and a
 * segment handed out stays valid until the owner closes the memory. Two owners: the durable store allocates
 * its pages from an {@link Arena} ({@link #allocating}); the memory-mapped store installs slices of its file
 * mapping ({@link #external}) and writes the floats itself. For cosine, the inverse norm of each vector is
 * kept beside it (4 bytes a vector), so a distance is one dot product with a unit-length query.
 *
 * <p>Concurrent reads, one writer (the store, under its write lock); readers see a slot once {@link #size()}
 * covers it. Thread-safe under that rule.
 */
@SuppressWarnings("restricted") // MemorySegment.reinterpret, only where the user granted native access
final class PagedVectors implements VectorSource {
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    /**
     * Whether installed file mappings are read through plain native views of their memory: when this module has
     * native access ({@code --enable-native-access=syna.vector}, or {@code ALL-UNNAMED} on the class path). Then
     * every page of every store is one segment class, and the SIMD code beneath the kernels (the JDK's own,
     * shared by every caller) is compiled for that one class even in a process that searches both kinds of store.
     * Without it, file mappings are read as mapped segments through kernels compiled apart.
     */
    static final boolean NATIVE_VIEWS = PagedVectors.class.getModule().isNativeAccessEnabled();
    /** Bytes a page aims at: large enough that pages are few, small enough that a small store stays small. */
    private static final long PAGE_BYTES = 1 << 20;

    private final int dim;
    private final DistanceMetric metric;
    private final long stride;
    private final int shift;
    private final int mask;
    /** The arena pages are allocated from; null when the owner installs them. */
    private final Arena arena;
    /**
     * Kernels for these pages: those compiled for file mappings when the owner installs mapped pages (the mmap
     * store maps its file) that are not re-viewed as native memory ({@link #NATIVE_VIEWS}), so that a process
     * searching both kinds of store keeps each kind's kernels specialised.
     */
    private final VectorKernels kernels;
    private volatile MemorySegment[] pages = new MemorySegment[0];
    /** Inverse norms by page (cosine only, else null). */
    private volatile float[][] norms;
    private volatile int size;

    private PagedVectors(int dim, DistanceMetric metric, long stride, Arena arena) {
        this.dim = dim;
        this.metric = Objects.requireNonNull(metric, "metric");
        this.stride = stride;
        this.shift = pageShift(stride);
        this.mask = (1 << shift) - 1;
        this.arena = arena;
        this.kernels = arena == null && !NATIVE_VIEWS ? Vectors.kernelsForMappedFiles() : Vectors.kernels();
        this.norms = metric == DistanceMetric.COSINE ? new float[0][] : null;
    }

    /** Vectors in pages of {@code arena} (allocated as slots are written), {@code dim * 4} bytes a slot. */
    static PagedVectors allocating(int dim, DistanceMetric metric, Arena arena) {
        return new PagedVectors(dim, metric, 4L * dim, Objects.requireNonNull(arena, "arena"));
    }

    /** Vectors in pages the owner installs ({@link #install}), {@code stride} bytes a slot. */
    static PagedVectors external(int dim, DistanceMetric metric, long stride) {
        return new PagedVectors(dim, metric, stride, null);
    }

    /** log2 of the slots a page holds: a power of two near {@link #PAGE_BYTES}, at least 64 slots. */
    static int pageShift(long stride) {
        long slots = Math.max(64, PAGE_BYTES / stride);
        return 63 - Long.numberOfLeadingZeros(slots);
    }

    /** Slots a page holds. */
    int pageSlots() {
        return 1 << shift;
    }

    /** Bytes a slot takes in its page. */
    long stride() {
        return stride;
    }

    // ---- the owner's writes (its write lock held) -------------------------------------------

    /** Installs {@code segment} (at least {@code slots * stride} bytes) as page {@code page}; replaces a smaller one. */
    void install(int page, MemorySegment segment) {
        MemorySegment[] p = pages;
        MemorySegment[] next = page < p.length ? p.clone() : Arrays.copyOf(p, page + 1);
        // the same memory and scope (it is invalid once the mapping's arena closes), as a plain native segment
        next[page] = NATIVE_VIEWS && segment.isMapped() ? segment.reinterpret(segment.byteSize()) : segment;
        if (norms != null) {
            float[][] n = norms;
            float[][] nn = page < n.length ? n : Arrays.copyOf(n, page + 1);
            if (nn[page] == null) {
                nn[page] = new float[pageSlots()];
            }
            norms = nn;
        }
        pages = next;
    }

    private void ensurePage(int page) {
        MemorySegment[] p = pages;
        if (page < p.length && p[page] != null) {
            return;
        }
        if (arena == null) {
            throw new IllegalStateException("page " + page + " not installed");
        }
        install(page, arena.allocate(stride << shift, 64));
    }

    /** Writes {@code v} into {@code slot} (allocating its page) and makes the slot visible. */
    void set(int slot, float[] v) {
        int page = slot >>> shift;
        ensurePage(page);
        MemorySegment.copy(v, 0, pages[page], FLOAT, (long) (slot & mask) * stride, dim);
        written(slot, v);
    }

    /** Records that the owner wrote {@code v} into {@code slot} itself (its norm), and makes the slot visible. */
    void written(int slot, float[] v) {
        if (norms != null) {
            norms[slot >>> shift][slot & mask] = Vectors.inverseNorm(v, 0, dim);
        }
        if (slot >= size) {
            size = slot + 1;
        }
    }

    /** Makes slots below {@code n} visible, their norms read back from the pages (a store reopened). */
    void restore(int n) {
        if (norms != null) { // read from the pages before the slots are visible (copy() checks against size)
            float[] buf = new float[dim];
            MemorySegment[] p = pages;
            float[][] ns = norms;
            for (int s = 0; s < n; s++) {
                MemorySegment.copy(p[s >>> shift], FLOAT, (long) (s & mask) * stride, buf, 0, dim);
                ns[s >>> shift][s & mask] = Vectors.inverseNorm(buf, 0, dim);
            }
        }
        size = Math.max(size, n);
    }

    /** Bytes of the pages and norms held (what a store of these vectors keeps resident). */
    long bytes() {
        long b = 0;
        for (MemorySegment p : pages) {
            b += p == null ? 0 : p.byteSize();
        }
        float[][] n = norms;
        if (n != null) {
            for (float[] x : n) {
                b += x == null ? 0 : 16 + 4L * x.length;
            }
        }
        return b;
    }

    // ---- VectorSource ---------------------------------------------------------------------

    @Override
    public int dimension() {
        return dim;
    }

    @Override
    public DistanceMetric metric() {
        return metric;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public MemorySegment vector(int ordinal) {
        Objects.checkIndex(ordinal, size);
        return pages[ordinal >>> shift].asSlice((long) (ordinal & mask) * stride, 4L * dim);
    }

    @Override
    public void copy(int ordinal, float[] dst) {
        Objects.checkIndex(ordinal, size);
        MemorySegment.copy(pages[ordinal >>> shift], FLOAT, (long) (ordinal & mask) * stride, dst, 0, dim);
    }

    /** A copy of the vector in {@code slot}. */
    float[] get(int slot) {
        float[] v = new float[dim];
        copy(slot, v);
        return v;
    }

    @Override
    public VectorScorer scorer(DistanceMetric m) {
        return new Scorer(Objects.requireNonNull(m, "metric"));
    }

    /** Measures in place with the pages' kernels. Not thread-safe; one per thread. */
    private final class Scorer implements VectorScorer {
        private final DistanceMetric m;
        private final VectorKernels k = kernels;
        private final float[] q = new float[dim];
        /** The last, partial block of {@link #distances}. */
        private final float[] spare = new float[4];
        private final boolean unit;
        /** The sum of the elements {@link #distances} touches first, kept so that those loads are not dropped. */
        private float touched;

        Scorer(DistanceMetric m) {
            this.m = m;
            this.unit = m == DistanceMetric.COSINE && norms != null;
        }

        @Override
        public VectorScorer query(float[] query) {
            if (query.length != dim) {
                throw new DimensionMismatchException("query dimension " + query.length + " != store dimension " + dim);
            }
            System.arraycopy(query, 0, q, 0, dim);
            if (unit) {
                Vectors.scale(q, Vectors.inverseNorm(q, 0, dim));
            }
            return this;
        }

        @Override
        public VectorScorer query(int ordinal) {
            copy(ordinal, q);
            if (unit) {
                Vectors.scale(q, norms[ordinal >>> shift][ordinal & mask]);
            }
            return this;
        }

        @Override
        public float distance(int ordinal) {
            MemorySegment page = pages[ordinal >>> shift];
            long off = (long) (ordinal & mask) * stride;
            return switch (m) {
                case COSINE -> unit ? Vectors.cosineDistance(k.dot(q, page, off, dim), norms[ordinal >>> shift][ordinal & mask])
                        : 1f - k.cosine(q, page, off, dim);
                case EUCLIDEAN -> k.squareDistance(q, page, off, dim);
                case DOT_PRODUCT -> -k.dot(q, page, off, dim);
            };
        }

        /** Four vectors a pass ({@link VectorKernels#dot4}); cosine of unnormalized vectors one at a time. */
        @Override
        public void distances(int[] ordinals, int n, float[] out) {
            // Each vector's first and last element read before any is measured: their cache misses then overlap
            // rather than wait on the blocks ahead (as in ArrayVectorSource).
            MemorySegment[] ps = pages;
            float t = 0;
            long last = 4L * (dim - 1);
            for (int j = 0; j < n; j++) {
                int a = ordinals[j];
                MemorySegment p = ps[a >>> shift];
                long o = (long) (a & mask) * stride;
                t += p.get(FLOAT, o) + p.get(FLOAT, o + last);
            }
            touched += t;
            int i = 0;
            if (m != DistanceMetric.COSINE || unit) {
                float[][] ns = norms;
                // The last two or three are measured in one pass too, the last repeated (its loads then hit the
                // cache) into a spare block; a lone last one is measured alone.
                for (; i + 1 < n; i += 4) {
                    float[] o = out;
                    int at = i;
                    if (i + 4 > n) {
                        o = spare;
                        at = 0;
                    }
                    int a = ordinals[i];
                    int b = ordinals[i + 1];
                    int c = i + 2 < n ? ordinals[i + 2] : b;
                    int d = i + 3 < n ? ordinals[i + 3] : c;
                    MemorySegment pa = ps[a >>> shift];
                    MemorySegment pb = ps[b >>> shift];
                    MemorySegment pc = ps[c >>> shift];
                    MemorySegment pd = ps[d >>> shift];
                    long oa = (long) (a & mask) * stride;
                    long ob = (long) (b & mask) * stride;
                    long oc = (long) (c & mask) * stride;
                    long od = (long) (d & mask) * stride;
                    if (m == DistanceMetric.EUCLIDEAN) {
                        k.squareDistance4(q, pa, oa, pb, ob, pc, oc, pd, od, dim, o, at);
                    } else {
                        k.dot4(q, pa, oa, pb, ob, pc, oc, pd, od, dim, o, at);
                        if (m == DistanceMetric.COSINE) {
                            o[at] = Vectors.cosineDistance(o[at], ns[a >>> shift][a & mask]);
                            o[at + 1] = Vectors.cosineDistance(o[at + 1], ns[b >>> shift][b & mask]);
                            o[at + 2] = Vectors.cosineDistance(o[at + 2], ns[c >>> shift][c & mask]);
                            o[at + 3] = Vectors.cosineDistance(o[at + 3], ns[d >>> shift][d & mask]);
                        } else {
                            o[at] = -o[at];
                            o[at + 1] = -o[at + 1];
                            o[at + 2] = -o[at + 2];
                            o[at + 3] = -o[at + 3];
                        }
                    }
                    if (o == spare) {
                        System.arraycopy(spare, 0, out, i, n - i);
                        i = n;
                    }
                }
            }
            for (; i < n; i++) {
                out[i] = distance(ordinals[i]);
            }
        }
    }
}
