package syna.index.hnsw.internal.graph;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import syna.api.DistanceMetric;

/**
 * The layered graph: per node its id, level and flags, its vector ({@link VectorPages}) and its neighbour
 * lists, in pages of {@link #PAGE_SIZE} nodes that never move once made, so readers need no lock: a reader
 * copies a list ({@link #neighbours}) and ignores ids it cannot see yet. A page's lists are either mutable
 * (layer 0: {@code 2M + 1} ints per node, count then neighbours; a node of level l &gt; 0: one {@code int[]} of
 * {@code l * (M + 1)} ints for layers 1..l) or packed ({@link PackedLists}, about a third of the size).
 * {@link #compact} packs every mutable page, and the ids of full pages, while nothing else uses the graph;
 * a write to a packed page thaws it back to the mutable form first. Writers of one node's lists hold
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
    /** In a page's meta byte: bits 0-5 level, bit 6 {@link #READY}, bit 7 {@link #DELETED} (the int flags >>> 2). */
    private static final int LEVEL_BITS = 0x3F;
    private static final int B_READY = READY >>> 2;
    private static final int B_DELETED = DELETED >>> 2;
    private static final VarHandle META = MethodHandles.arrayElementVarHandle(byte[].class);
    private static final int LOCK_STRIPES = 1 << 12;

    private final int m;
    private final int m0;
    private final int stride0;
    private final VectorPages vectors;
    private final Object[] locks = new Object[LOCK_STRIPES];
    private final Object growLock = new Object();
    /** Nodes on pages whose lists are in the mutable form (what {@link #compact} would pack). */
    private final AtomicInteger mutableNodes = new AtomicInteger();

    private volatile Page[] pages = new Page[0];
    private volatile int count;
    /** (maxLevel << 32) | entry node; entry -1 while empty. */
    private volatile long entry = 0xFFFFFFFFL;

    /**
     * One page of {@link #PAGE_SIZE} nodes: ids, level and flags, and the lists either mutable (fixed 2M + 1
     * ints per node on layer 0, an {@code int[]} per upper-level node) or packed ({@link PackedLists}). A write
     * to a packed page first thaws it to the mutable form; {@link #compact} packs it again.
     */
    private static final class Page {
        /** Ids of the page's nodes; null once a full page's ids are packed (idBase, idBits, idWords). */
        volatile long[] ids = new long[PAGE_SIZE];
        /** Smallest id of a packed full page. */
        long idBase;
        /** Bits per packed id offset (0..64). */
        int idBits;
        /** Packed id offsets from {@link #idBase}, {@link #idBits} each, little-endian bit order. */
        long[] idWords;

        long packedId(int i) {
            int w = idBits;
            if (w == 0) {
                return idBase;
            }
            long bit = (long) i * w;
            int word = (int) (bit >>> 6);
            int shift = (int) (bit & 63);
            long v = idWords[word] >>> shift;
            if (shift + w > 64) {
                v |= idWords[word + 1] << (64 - shift);
            }
            return idBase + (w == 64 ? v : v & ((1L << w) - 1));
        }

        /** Packs the ids of this full page; single-threaded. */
        void packIds() {
            long[] a = ids;
            long min = a[0];
            long max = a[0];
            for (long v : a) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            int w = 64 - Long.numberOfLeadingZeros(max - min);
            if (max - min < 0) {
                w = 64; // ids spread over more than 2^63
            }
            long[] words = new long[(int) (((long) PAGE_SIZE * w + 63) >>> 6)];
            for (int i = 0; i < PAGE_SIZE && w > 0; i++) {
                long v = a[i] - min;
                long bit = (long) i * w;
                int word = (int) (bit >>> 6);
                int shift = (int) (bit & 63);
                words[word] |= v << shift;
                if (shift + w > 64) {
                    words[word + 1] |= v >>> (64 - shift);
                }
            }
            idBase = min;
            idBits = w;
            idWords = words;
            ids = null;
        }
        /** Per node: bits 0-5 level, bit 6 ready, bit 7 deleted. */
        final byte[] meta = new byte[PAGE_SIZE];
        /** Mutable layer-0 lists, {@code stride0} ints per node: count, then neighbours; null while packed. */
        volatile int[] links0;
        /** Mutable upper lists per node ({@code level * (M + 1)} ints); set before {@link #links0}. */
        volatile int[][] upper;
        /** Packed lists, read when {@link #links0} is null; nulled after a thaw has set {@link #links0}. */
        volatile PackedLists packed;
    }

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
            Page pg = pages[node >>> PAGE_SHIFT];
            int[][] up = mutable(pg);
            pg.ids[node & PAGE_MASK] = id;
            META.setVolatile(pg.meta, node & PAGE_MASK, (byte) level);
            if (level > 0) {
                up[node & PAGE_MASK] = new int[level * (m + 1)];
            }
            count = node + 1;
            return node;
        }
    }

    private void grow(int capacity) {
        int need = (capacity + PAGE_SIZE - 1) >>> PAGE_SHIFT;
        Page[] have = pages;
        if (need > have.length) {
            Page[] p = Arrays.copyOf(have, need);
            for (int i = have.length; i < need; i++) {
                Page pg = new Page();
                pg.upper = new int[PAGE_SIZE][];
                pg.links0 = new int[PAGE_SIZE * stride0];
                p[i] = pg;
                mutableNodes.addAndGet(PAGE_SIZE);
            }
            // Publish the new pages before the count that makes their nodes visible.
            pages = p;
        }
        vectors.grow(capacity);
    }

    /**
     * The mutable upper lists of {@code pg}, thawing its packed lists first if need be (under the page's
     * monitor: concurrent writers of two nodes of one page thaw it once). Returns the upper array; the
     * layer-0 array is then {@code pg.links0}.
     */
    private int[][] mutable(Page pg) {
        if (pg.links0 != null) {
            return pg.upper;
        }
        synchronized (pg) {
            if (pg.links0 == null) {
                PackedLists p = pg.packed;
                int[] l0 = new int[PAGE_SIZE * stride0];
                int[][] up = new int[PAGE_SIZE][];
                int[] buf = new int[m0];
                for (int i = 0; i < p.nodes(); i++) {
                    int n = p.read(i, 0, buf, Integer.MAX_VALUE);
                    l0[i * stride0] = n;
                    System.arraycopy(buf, 0, l0, i * stride0 + 1, n);
                    int level = (pg.meta[i] & LEVEL_BITS);
                    if (level > 0) {
                        int[] u = new int[level * (m + 1)];
                        for (int l = 1; l <= level; l++) {
                            int k = p.read(i, l, buf, Integer.MAX_VALUE);
                            u[(l - 1) * (m + 1)] = k;
                            System.arraycopy(buf, 0, u, (l - 1) * (m + 1) + 1, k);
                        }
                        up[i] = u;
                    }
                }
                // Readers take the packed lists until links0 is set; upper first, links0 last.
                pg.upper = up;
                pg.links0 = l0;
                pg.packed = null;
                mutableNodes.addAndGet(PAGE_SIZE);
            }
            return pg.upper;
        }
    }

    /**
     * Packs the lists of every mutable page ({@link PackedLists}): on 100K nodes with M = 16 they take about
     * a third of the fixed-size lists. The caller excludes every other use of the graph meanwhile (readers
     * and writers alike); single-threaded.
     */
    public void compact() {
        Page[] ps = pages;
        int n = count;
        int[] buf = new int[m0];
        for (int p = 0; p < ps.length; p++) {
            Page pg = ps[p];
            int[] l0 = pg.links0;
            if (l0 == null) {
                continue;
            }
            int nodes = Math.min(PAGE_SIZE, n - (p << PAGE_SHIFT));
            PackedLists.Builder b = new PackedLists.Builder(nodes);
            for (int i = 0; i < nodes; i++) {
                b.beginRecord();
                b.list(l0, i * stride0 + 1, Math.min(l0[i * stride0], m0));
                int[] u = pg.upper[i];
                int level = pg.meta[i] & LEVEL_BITS;
                for (int l = 1; l <= level && u != null; l++) {
                    b.list(u, (l - 1) * (m + 1) + 1, Math.min(u[(l - 1) * (m + 1)], m));
                }
            }
            pg.packed = b.build();
            pg.links0 = null;
            pg.upper = null;
            if (nodes == PAGE_SIZE && pg.ids != null) {
                // A full page takes no more nodes, so its ids never change again.
                pg.packIds();
            }
        }
        vectors.trim(n);
        mutableNodes.set(0);
    }

    /** Nodes on pages whose lists are mutable (allocated or thawed since the last {@link #compact}). */
    public int mutableNodes() {
        return mutableNodes.get();
    }

    /**
     * Stores the (prepared) vector of a freshly allocated node: the allocating thread does so before the next
     * {@link #allocate} (the index holds one lock around both).
     */
    public void setVector(int node, float[] v) {
        vectors.set(node, v);
    }

    /** The id of {@code node}. */
    public long id(int node) {
        Page pg = pages[node >>> PAGE_SHIFT];
        long[] a = pg.ids;
        return a != null ? a[node & PAGE_MASK] : pg.packedId(node & PAGE_MASK);
    }

    /** Level and flags of {@code node}: level in bits 0-7, {@link #READY}, {@link #DELETED}. */
    public int meta(int node) {
        int b = (byte) META.getVolatile(pages[node >>> PAGE_SHIFT].meta, node & PAGE_MASK);
        return (b & LEVEL_BITS) | ((b & (B_READY | B_DELETED)) << 2);
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
        int b = (byte) META.getVolatile(pages[node >>> PAGE_SHIFT].meta, node & PAGE_MASK);
        return (b & (B_READY | B_DELETED)) == B_READY;
    }

    /** Sets {@code flag} ({@link #READY} or {@link #DELETED}) on {@code node}. */
    public void mark(int node, int flag) {
        META.getAndBitwiseOr(pages[node >>> PAGE_SHIFT].meta, node & PAGE_MASK, (byte) ((flag & (READY | DELETED)) >>> 2));
    }

    /**
     * Copies the neighbours of {@code node} on {@code layer} into {@code dst} (length at least 2·M) and returns
     * how many; ids at or above {@code limit} (nodes this reader cannot see yet) are dropped.
     */
    public int neighbours(int node, int layer, int[] dst, int limit) {
        Page pg = pages[node >>> PAGE_SHIFT];
        // packed before links0: a thaw sets links0 before it drops packed, so one of the two is there.
        PackedLists p = pg.packed;
        int[] a = pg.links0;
        if (a == null) {
            return p.read(node & PAGE_MASK, layer, dst, limit);
        }
        int base;
        int cap;
        if (layer == 0) {
            base = (node & PAGE_MASK) * stride0;
            cap = m0;
        } else {
            a = pg.upper[node & PAGE_MASK];
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

    /** The mutable array holding the list of {@code node} on {@code layer}; its list starts at {@link #base}. */
    private int[] writable(int node, int layer) {
        Page pg = pages[node >>> PAGE_SHIFT];
        int[][] up = mutable(pg);
        return layer == 0 ? pg.links0 : up[node & PAGE_MASK];
    }

    private int base(int node, int layer) {
        return layer == 0 ? (node & PAGE_MASK) * stride0 : (layer - 1) * (m + 1);
    }

    /** Replaces the list of {@code node} on {@code layer}; the caller holds {@link #lock(int)}. */
    public void setNeighbours(int node, int layer, int[] src, int n) {
        int[] a = writable(node, layer);
        int base = base(node, layer);
        // Entries first, count last: a racing reader sees old or new ids, all valid nodes.
        System.arraycopy(src, 0, a, base + 1, n);
        a[base] = n;
    }

    /** Appends {@code nb} to the list of {@code node} on {@code layer} if there is room; caller holds the lock. */
    public boolean tryAppend(int node, int layer, int nb) {
        int[] a = writable(node, layer);
        int base = base(node, layer);
        int cap = layer == 0 ? m0 : m;
        int n = a[base];
        if (n >= cap) {
            return false;
        }
        a[base + 1 + n] = nb;
        a[base] = n + 1;
        return true;
    }

    /** Raw layer-0 list of {@code node} ({@code 2M + 1} ints: count, neighbours, zeros) into {@code dst} at {@code off}. */
    public void rawLinks0(int node, int[] dst, int off) {
        Arrays.fill(dst, off, off + stride0, 0);
        int[] buf = new int[m0];
        int n = neighbours(node, 0, buf, Integer.MAX_VALUE);
        dst[off] = n;
        System.arraycopy(buf, 0, dst, off + 1, n);
    }

    /** Raw upper lists of {@code node}: {@code level * (M + 1)} ints (count, neighbours, zeros per layer). */
    public int[] rawUpper(int node) {
        int level = level(node);
        int[] u = new int[level * (m + 1)];
        int[] buf = new int[m0];
        for (int l = 1; l <= level; l++) {
            int n = neighbours(node, l, buf, Integer.MAX_VALUE);
            u[(l - 1) * (m + 1)] = n;
            System.arraycopy(buf, 0, u, (l - 1) * (m + 1) + 1, n);
        }
        return u;
    }

    /**
     * Restores a node read from a file: its id, flags, layer-0 list ({@code 2M + 1} ints of {@code l0} from
     * {@code off}) and upper lists. Single-threaded, before the graph is shared.
     */
    public void restore(long id, int flags, int[] l0, int off, int[] up) {
        int node = allocate(id, x -> flags & LEVEL_MASK);
        Page pg = pages[node >>> PAGE_SHIFT];
        mark(node, flags);
        System.arraycopy(l0, off, pg.links0, (node & PAGE_MASK) * stride0, stride0);
        if (up.length > 0) {
            pg.upper[node & PAGE_MASK] = up;
        }
    }

    /** Approximate bytes held on the heap (pages, lists and vectors). */
    public long heapBytes() {
        Page[] ps = pages;
        long b = 16 + 4L * ps.length;
        for (Page pg : ps) {
            long[] ids = pg.ids;
            b += 16 + 32 + 16 + PAGE_SIZE + (ids != null ? 16 + 8L * ids.length : 16 + 8L * pg.idWords.length);
            PackedLists p = pg.packed;
            int[] l0 = pg.links0;
            if (l0 != null) {
                int[][] up = pg.upper;
                b += 16 + 4L * l0.length + 16 + 4L * up.length;
                for (int[] u : up) {
                    b += u == null ? 0 : 16 + 4L * u.length;
                }
            } else if (p != null) {
                b += p.bytes();
            }
        }
        return b + vectors.heapBytes();
    }
}
