package syna.index.hnsw.internal.quant;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import syna.api.DimensionMismatchException;
import syna.api.DistanceMetric;
import syna.api.spi.VectorKernels;
import syna.api.Vectors;
import syna.api.spi.VectorScorer;
import syna.api.spi.VectorSource;

/**
 * The int8 codes of an index, off-heap: one contiguous segment of {@code capacity × dimension} bytes (node
 * {@code i}'s code at byte {@code i·dimension}) and one of {@code capacity} floats of correction terms (squared
 * norms for euclidean; the sign bit flags a node its code misplaces, {@link Int8Quantizer#isClipped}, which scorers
 * measure on the floats), both in one shared arena this object owns. Until {@link #train} there is no quantizer and
 * no code: the index searches its floats. Codes of distinct nodes are written concurrently ({@link #encode});
 * {@link #ensureCapacity}, {@link #train}, {@link #restore} and {@link #close} run alone (the index's write lock),
 * so a scorer never sees a segment replaced under it. Concurrent reads and encodes, one exclusive owner for the rest.
 */
public final class Int8Codes implements AutoCloseable {
    /** Native order: codes and terms never leave the process in this form (the writer writes little-endian). */
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.nativeOrder());

    private final VectorSource source;
    private final int dim;
    private Arena arena = Arena.ofShared();
    private MemorySegment codes = MemorySegment.NULL;
    private MemorySegment terms = MemorySegment.NULL;
    private int capacity;
    private volatile Int8Quantizer quantizer;
    /** Nodes the quantizer was trained on (0: not trained). */
    private int trainedOn;
    /**
     * Whether any node was coded as clipped since the last training or restore (sticky: a node coded again without
     * the flag leaves it set). Set before the flagged term is written, so a scorer prepared after it reads flags.
     */
    private volatile boolean anyClipped;

    /** Empty codes over {@code source}'s vectors. */
    public Int8Codes(VectorSource source) {
        this.source = source;
        this.dim = source.dimension();
    }

    /** The quantizer, or null before training. */
    public Int8Quantizer quantizer() {
        return quantizer;
    }

    /** Whether codes exist (the index was trained). */
    public boolean trained() {
        return quantizer != null;
    }

    /** How many nodes the quantizer was trained on (0 before training). */
    public int trainedOn() {
        return trainedOn;
    }

    /** Nodes the segments have room for. */
    public int capacity() {
        return capacity;
    }

    /** Off-heap bytes held. */
    public long bytes() {
        return codes.byteSize() + terms.byteSize();
    }

    /** Grows to room for {@code nodes} (doubling); the caller runs alone. */
    public void ensureCapacity(int nodes) {
        if (nodes <= capacity) {
            return;
        }
        int cap = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(nodes, Math.max(1024, 2L * capacity)));
        Arena a = Arena.ofShared();
        MemorySegment c = a.allocate((long) cap * dim, 64);
        MemorySegment t = a.allocate(4L * cap, 64);
        MemorySegment.copy(codes, 0, c, 0, codes.byteSize());
        MemorySegment.copy(terms, 0, t, 0, terms.byteSize());
        Arena old = arena;
        arena = a;
        codes = c;
        terms = t;
        capacity = cap;
        old.close();
    }

    /**
     * Trains a quantizer on the vectors of {@code sample} (all of {@code present}, or an even stride of it) and codes
     * every node of {@code present}; the caller runs alone and has made room.
     */
    public void train(int[] present, int[] sample) {
        Int8Quantizer q = Int8Quantizer.train(source, sample);
        quantizer = q;
        trainedOn = sample.length;
        anyClipped = false;
        float[] v = new float[dim];
        byte[] c = new byte[dim];
        for (int node : present) {
            encode(q, node, v, c);
        }
    }

    /** Puts back a saved quantizer, its training count and the codes and terms of nodes {@code [0, n)}. */
    public void restore(Int8Quantizer q, int trainedOn, int n, MemorySegment savedCodes, MemorySegment savedTerms) {
        ensureCapacity(n);
        MemorySegment.copy(savedCodes, 0, codes, 0, (long) n * dim);
        boolean clipped = false;
        for (int i = 0; i < n; i++) {
            float t = savedTerms.get(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 4L * i);
            terms.set(FLOAT, 4L * i, t);
            clipped |= Int8Quantizer.isClipped(t);
        }
        this.anyClipped = clipped;
        this.trainedOn = trainedOn;
        this.quantizer = q;
    }

    /** Codes the current vector of {@code node} (within capacity) if trained; {@code v}, {@code c} are scratch. */
    public void encode(int node, float[] v, byte[] c) {
        Int8Quantizer q = quantizer;
        if (q != null) {
            encode(q, node, v, c);
        }
    }

    private void encode(Int8Quantizer q, int node, float[] v, byte[] c) {
        Int8Quantizer.load(source, q.metric(), node, v);
        float t = q.encode(v, c);
        if (Int8Quantizer.isClipped(t) && !anyClipped) {
            anyClipped = true;
        }
        MemorySegment.copy(c, 0, codes, ValueLayout.JAVA_BYTE, (long) node * dim, dim);
        terms.set(FLOAT, 4L * node, t);
    }

    /** The code of {@code node} (a copy), for tests and the writer. */
    public byte[] code(int node) {
        byte[] c = new byte[dim];
        MemorySegment.copy(codes, ValueLayout.JAVA_BYTE, (long) node * dim, c, 0, dim);
        return c;
    }

    /** The correction term of {@code node}. */
    public float term(int node) {
        return terms.get(FLOAT, 4L * node);
    }

    /** A new scorer of int8 codes against quantized queries. Not shared between threads. */
    public Scorer scorer() {
        return new Scorer();
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
        codes = MemorySegment.NULL;
        terms = MemorySegment.NULL;
        capacity = 0;
    }

    /**
     * Distances from a quantized query to the codes: the int8 dot product times the query's scale plus its
     * offset term estimates {@code q·x}, from which the metric's distance follows (1 - q·x for cosine, both at unit
     * length; -q·x for dot product; |q|² + |x|² - 2q·x for euclidean, |x|² kept exactly). A node flagged as clipped
     * is measured on the source's floats instead (checked only once some node was flagged). Reads the segments of
     * the moment {@link #query} is called. Not thread-safe; one per thread.
     */
    public final class Scorer implements VectorScorer {
        private final VectorKernels kernels = Vectors.kernels();
        private final float[] q = new float[dim];
        private final byte[] q8 = new byte[dim];
        private final float[] t = new float[3];
        private final int[] dots = new int[4];
        private MemorySegment seg = MemorySegment.NULL;
        private MemorySegment aux = MemorySegment.NULL;
        private Int8Quantizer quant;
        /** The sum of the bytes {@link #distances} touches first, kept so that those loads are not dropped. */
        private int touched;
        /** Whether this query checks terms for the clipped flag. */
        private boolean flags;
        /** The floats' scorer for clipped nodes, made at the first one and prepared once a query. */
        private VectorScorer floats;
        private boolean floatsReady;

        private Scorer() {}

        @Override
        public VectorScorer query(float[] query) {
            if (query.length != dim) {
                throw new DimensionMismatchException("query dimension " + query.length + " != index dimension " + dim);
            }
            System.arraycopy(query, 0, q, 0, dim);
            return prepare();
        }

        @Override
        public VectorScorer query(int ordinal) {
            source.copy(ordinal, q);
            return prepare();
        }

        private VectorScorer prepare() {
            quant = quantizer;
            if (quant.metric() == DistanceMetric.COSINE) {
                Vectors.scale(q, Vectors.inverseNorm(q, 0, dim));
            }
            quant.encodeQuery(q, q8, t);
            seg = codes;
            aux = terms;
            flags = anyClipped;
            floatsReady = false;
            return this;
        }

        private float distanceOf(int node, int dot) {
            if (flags && Int8Quantizer.isClipped(aux.get(FLOAT, 4L * node))) {
                return exact(node);
            }
            float qx = t[0] * dot + t[1];
            return switch (quant.metric()) {
                case COSINE -> 1 - qx;
                case DOT_PRODUCT -> -qx;
                // abs: a node flagged after this query was prepared carries its norm negated
                case EUCLIDEAN -> Math.max(0, t[2] + Math.abs(aux.get(FLOAT, 4L * node)) - 2 * qx);
            };
        }

        /** The distance on the floats (the query as prepared: at unit length for cosine, which it does not change). */
        private float exact(int node) {
            if (!floatsReady) {
                if (floats == null) {
                    floats = source.scorer();
                }
                floats.query(q);
                floatsReady = true;
            }
            return floats.distance(node);
        }

        @Override
        public float distance(int ordinal) {
            return distanceOf(ordinal, kernels.dotInt8(q8, seg, (long) ordinal * dim, dim));
        }

        @Override
        public void distances(int[] ordinals, int n, float[] out) {
            // Each code's first and last byte read before any is measured: their cache misses then overlap rather
            // than wait on the blocks ahead (int8 HNSW QPS on 100K MiniLM +6-12%, alternated in one JVM).
            MemorySegment sg = seg;
            int t = 0;
            for (int j = 0; j < n; j++) {
                long o = (long) ordinals[j] * dim;
                t += sg.get(ValueLayout.JAVA_BYTE, o) + sg.get(ValueLayout.JAVA_BYTE, o + dim - 1);
            }
            touched += t;
            int i = 0;
            // The last two or three are measured in one pass too, the last repeated (its loads then hit the cache),
            // so that their cache misses overlap as a full block's do; a lone last one is measured alone.
            for (; i + 1 < n; i += 4) {
                int a = ordinals[i];
                int b = ordinals[i + 1];
                int c = i + 2 < n ? ordinals[i + 2] : b;
                int d = i + 3 < n ? ordinals[i + 3] : c;
                kernels.dotInt8x4(q8, seg, (long) a * dim, (long) b * dim, (long) c * dim, (long) d * dim, dim, dots, 0);
                out[i] = distanceOf(a, dots[0]);
                out[i + 1] = distanceOf(b, dots[1]);
                if (i + 2 < n) {
                    out[i + 2] = distanceOf(c, dots[2]);
                }
                if (i + 3 < n) {
                    out[i + 3] = distanceOf(d, dots[3]);
                }
            }
            for (; i < n; i++) {
                out[i] = distance(ordinals[i]);
            }
        }
    }
}
