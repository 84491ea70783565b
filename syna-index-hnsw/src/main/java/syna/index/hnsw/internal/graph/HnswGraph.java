package syna.index.hnsw.internal.graph;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import syna.api.DistanceMetric;

/**
 * The layered graph: per node its id, level and flags, its vector ({@link VectorPages}) and its neighbour
 * lists. Layer 0 lists live in flat {@code int} pages, {@code maxConnectionsBase + 1} ints per node (count,
 * then neighbours); a node of level l &gt; 0 has one flat {@code int[]} of {@code l * (M + 1)} ints for layers
 * 1..l. Pages have {@link #PAGE_SIZE} nodes and never move once made, so readers need no lock: a reader
 * copies a list ({@link #neighbours}) and ignores ids it cannot see yet. Writers of one node's lists hold
 * {@link #lock(int)}. Node numbers are dense and only grow; a replaced or deleted id leaves a tombstone.
 * Concurrent reads and writes as described; thread-safe.
 */
public final class HnswGraph {
    /** log2 of {@link #PAGE_SIZE}. */
    public static final int PAGE_SHIFT = 10;
    /** Nodes per page. */
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    /** {@code PAGE_SIZE - 1}. */
    public static final int PAGE_MASK = PAGE_SIZE - 1;
    /** Highest level a node may get (the level fits the low byte of its flags). */
    public static final int MAX_LEVEL = 30;

    /** Flag: the node's vector and links are complete. */
    public static final int READY = 1 << 8;
    /** Flag: the node is a tombstone (deleted or replaced). */
    public static final int DELETED = 1 << 9;
    private static final int LEVEL_MASK = 0xFF;
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final int LOCK_STRIPES = 1 << 12;

    private final int m;
    private final int m0;
    private final int stride0;
    private final VectorPages vectors;
    private final Object[] locks = new Object[LOCK_STRIPES];
    private final Object growLock = new Object();

    private volatile int[][] links0 = new int[0][];
    private volatile int[][][] upper = new int[0][][];
    private volatile long[][] ids = new long[0][];
    private volatile int[][] meta = new int[0][];
    private volatile int count;
    /** (maxLevel << 32) | entry node; entry -1 while empty. */
    private volatile long entry = 0xFFFFFFFFL;

    /** An empty graph. */
    public HnswGraph(int m, VectorPages vectors) {
        this.m = m;
        this.m0 = 2 * m;
        this.stride0 = m0 + 1;
        this.vectors = vectors;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /** M. */
    public int maxConnections() {
        return m;
    }

    /** Largest list length on {@code layer}: 2·M on layer 0, M above. */
    public int maxConnections(int layer) {
        return layer == 0 ? m0 : m;
    }

    /** The vectors. */
    public VectorPages vectors() {
        return vectors;
    }

    /** Nodes allocated (live, tombstones and ones being inserted). */
    public int count() {
        return count;
    }

    /** Entry node, or -1 while empty. */
    public int entryNode() {
        return (int) entry;
    }

    /** Level of the entry node (the graph's top layer). */
    public int maxLevel() {
        return (int) (entry >>> 32);
    }

    /** The packed (maxLevel, entry node) pair, read once so the two agree. */
    public long entry() {
        return entry;
    }

    /** Entry node of a packed pair. */
    public static int entryNode(long packed) {
        return (int) packed;
    }

    /** Level of a packed pair. */
    public static int entryLevel(long packed) {
        return (int) (packed >>> 32);
    }

    /** Makes {@code node} the entry point if the graph is empty or {@code level} is above the top; returns whether it did. */
    public boolean offerEntry(int node, int level) {
        synchronized (growLock) {
            long e = entry;
            if ((int) e < 0 || level > (int) (e >>> 32)) {
                entry = ((long) level << 32) | (node & 0xFFFFFFFFL);
                return true;
            }
            return false;
        }
    }

    /** Sets the entry point as read from a file. */
    public void setEntry(int node, int level) {
        entry = ((long) level << 32) | (node & 0xFFFFFFFFL);
    }

    /** Lock guarding the neighbour lists of {@code node} (striped). */
    public Object lock(int node) {
        return locks[node & (LOCK_STRIPES - 1)];
    }

    /** Allocates a node for {@code id} at level {@code levelOf(node)}; its lists are empty and it is not yet READY. */
    public int allocate(long id, java.util.function.IntUnaryOperator levelOf) {
        synchronized (growLock) {
            int node = count;
            int level = Math.clamp(levelOf.applyAsInt(node), 0, MAX_LEVEL);
            if (node == Integer.MAX_VALUE) {
                throw new syna.api.InvalidArgumentException("hnsw graph is full (" + node + " nodes)");
            }
            grow(node + 1);
            ids[node >>> PAGE_SHIFT][node & PAGE_MASK] = id;
            meta[node >>> PAGE_SHIFT][node & PAGE_MASK] = level;
            if (level > 0) {
                int[] u = new int[level * (m + 1)];
                upper[node >>> PAGE_SHIFT][node & PAGE_MASK] = u;
            }
            count = node + 1;
            return node;
        }
    }

    private void grow(int capacity) {
        int need = (capacity + PAGE_SIZE - 1) >>> PAGE_SHIFT;
        if (need > links0.length) {
            int have = links0.length;
            int[][] l = Arrays.copyOf(links0, need);
            int[][][] u = Arrays.copyOf(upper, need);
            long[][] d = Arrays.copyOf(ids, need);
            int[][] f = Arrays.copyOf(meta, need);
            for (int i = have; i < need; i++) {
                l[i] = new int[PAGE_SIZE * stride0];
                u[i] = new int[PAGE_SIZE][];
                d[i] = new long[PAGE_SIZE];
                f[i] = new int[PAGE_SIZE];
            }
            // Publish the new pages before the count that makes their nodes visible.
            ids = d;
            meta = f;
            upper = u;
            links0 = l;
        }
        vectors.grow(capacity);
    }

    /** Stores the (prepared) vector of a freshly allocated node. */
    public void setVector(int node, float[] v) {
        vectors.set(node, v);
    }

    /** The id of {@code node}. */
    public long id(int node) {
        return ids[node >>> PAGE_SHIFT][node & PAGE_MASK];
    }

    /** Level and flags of {@code node}. */
    public int meta(int node) {
        return (int) INTS.getVolatile(meta[node >>> PAGE_SHIFT], node & PAGE_MASK);
    }

    /** Level of {@code node}. */
    public int level(int node) {
        return meta(node) & LEVEL_MASK;
    }

    /** Whether {@code node} is a tombstone. */
    public boolean isDeleted(int node) {
        return (meta(node) & DELETED) != 0;
    }

    /** Whether {@code node} is complete and live: the only nodes results may hold. */
    public boolean isLive(int node) {
        return (meta(node) & (READY | DELETED)) == READY;
    }

    /** Sets {@code flag} on {@code node}. */
    public void mark(int node, int flag) {
        INTS.getAndBitwiseOr(meta[node >>> PAGE_SHIFT], node & PAGE_MASK, flag);
    }

    /**
     * Copies the neighbours of {@code node} on {@code layer} into {@code dst} (length at least 2·M) and returns
     * how many; ids at or above {@code limit} (nodes this reader cannot see yet) are dropped.
     */
    public int neighbours(int node, int layer, int[] dst, int limit) {
        int[] a;
        int base;
        int cap;
        if (layer == 0) {
            a = links0[node >>> PAGE_SHIFT];
            base = (node & PAGE_MASK) * stride0;
            cap = m0;
        } else {
            a = upper[node >>> PAGE_SHIFT][node & PAGE_MASK];
            if (a == null) {
                return 0;
            }
            base = (layer - 1) * (m + 1);
            if (base >= a.length) {
                return 0;
            }
            cap = m;
        }
        int n = Math.min(a[base], cap);
        int out = 0;
        for (int i = 1; i <= n; i++) {
            int v = a[base + i];
            if (v >= 0 && v < limit) {
                dst[out++] = v;
            }
        }
        return out;
    }

    /** Replaces the list of {@code node} on {@code layer}; the caller holds {@link #lock(int)}. */
    public void setNeighbours(int node, int layer, int[] src, int n) {
        int[] a;
        int base;
        if (layer == 0) {
            a = links0[node >>> PAGE_SHIFT];
            base = (node & PAGE_MASK) * stride0;
        } else {
            a = upper[node >>> PAGE_SHIFT][node & PAGE_MASK];
            base = (layer - 1) * (m + 1);
        }
        // Entries first, count last: a racing reader sees old or new ids, all valid nodes.
        System.arraycopy(src, 0, a, base + 1, n);
        a[base] = n;
    }

    /** Appends {@code nb} to the list of {@code node} on {@code layer} if there is room; caller holds the lock. */
    public boolean tryAppend(int node, int layer, int nb) {
        int[] a;
        int base;
        int cap;
        if (layer == 0) {
            a = links0[node >>> PAGE_SHIFT];
            base = (node & PAGE_MASK) * stride0;
            cap = m0;
        } else {
            a = upper[node >>> PAGE_SHIFT][node & PAGE_MASK];
            base = (layer - 1) * (m + 1);
            cap = m;
        }
        int n = a[base];
        if (n >= cap) {
            return false;
        }
        a[base + 1 + n] = nb;
        a[base] = n + 1;
        return true;
    }

    /** Raw layer-0 list of {@code node} ({@code 2M + 1} ints: count, neighbours) into {@code dst} at {@code off}. */
    public void rawLinks0(int node, int[] dst, int off) {
        System.arraycopy(links0[node >>> PAGE_SHIFT], (node & PAGE_MASK) * stride0, dst, off, stride0);
    }

    /** Raw upper lists of {@code node} (empty array for level 0). */
    public int[] rawUpper(int node) {
        int[] u = upper[node >>> PAGE_SHIFT][node & PAGE_MASK];
        return u == null ? new int[0] : u;
    }

    /**
     * Restores a node read from a file: its id, flags, layer-0 list ({@code 2M + 1} ints of {@code l0} from
     * {@code off}) and upper lists. Single-threaded, before the graph is shared.
     */
    public void restore(long id, int flags, int[] l0, int off, int[] up) {
        int node = allocate(id, x -> flags & LEVEL_MASK);
        meta[node >>> PAGE_SHIFT][node & PAGE_MASK] = flags;
        System.arraycopy(l0, off, links0[node >>> PAGE_SHIFT], (node & PAGE_MASK) * stride0, stride0);
        if (up.length > 0) {
            upper[node >>> PAGE_SHIFT][node & PAGE_MASK] = up;
        }
    }

    /** Approximate bytes held on the heap (pages, lists and vectors). */
    public long heapBytes() {
        long b = (long) links0.length * PAGE_SIZE * (4L * stride0 + 8 + 4 + 8);
        int n = count;
        for (int i = 0; i < n; i++) {
            int[] u = upper[i >>> PAGE_SHIFT][i & PAGE_MASK];
            if (u != null) {
                b += 16 + 4L * u.length;
            }
        }
        return b + vectors.heapBytes();
    }
}
