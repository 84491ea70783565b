package syna.index.hnsw.internal.graph;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * The layered graph over a source's ordinals: node {@code i} is ordinal {@code i}. Per node its level and
 * flags and its neighbour lists, in pages of {@link #PAGE_SIZE} nodes made when a node of theirs is first
 * added and never moved, so readers need no lock: a reader copies a list ({@link #neighbours}) and ignores
 * nodes it cannot see yet. The vectors are the source's; the graph holds none. A page's lists are either
 * mutable (layer 0: {@code 2M + 1} ints per node, count then neighbours; a node of level l &gt; 0: one
 * {@code int[]} of {@code l * (M + 1)} ints for layers 1..l) or packed ({@link PackedLists}, about a third of
 * the size). {@link #compact} packs every mutable page while nothing else uses the graph; a write to a packed
 * page thaws it back to the mutable form first. Writers of one node's lists hold {@link #lock(int)}. A node
 * once added keeps its level; deleting it leaves a tombstone (traversed, never returned) and adding it again
 * re-links it with its new vector. Concurrent reads and writes as described; thread-safe.
 */
public final class HnswGraph {
    /** log2 of {@link #PAGE_SIZE}. */
    public static final int PAGE_SHIFT = 10;
    /** Nodes per page. */
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    /** {@code PAGE_SIZE - 1}. */
    public static final int PAGE_MASK = PAGE_SIZE - 1;
    /** Highest level a node may get (the level fits the low bits of its flags). */
    public static final int MAX_LEVEL = 30;

    /** Flag: the node's links are complete; only such nodes may be returned. */
    public static final int READY = 1 << 8;
    /** Flag: the node is a tombstone (deleted). */
    public static final int DELETED = 1 << 9;
    /** Flag (files and {@link #meta}): the node was added (an ordinal never added has no lists). */
    public static final int PRESENT = 1 << 10;
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
    private final Object[] locks = new Object[LOCK_STRIPES];
    private final Object growLock = new Object();
    /** Nodes on pages whose lists are in the mutable form (what {@link #compact} would pack). */
    private final AtomicInteger mutableNodes = new AtomicInteger();

    /** Pages by index; null for a page none of whose nodes was added yet. */
    private volatile Page[] pages = new Page[0];
    /** One past the highest node added. */
    private volatile int limit;
    /** (maxLevel << 32) | entry node; entry -1 while empty. */
    private volatile long entry = 0xFFFFFFFFL;

    /**
     * One page of {@link #PAGE_SIZE} nodes: level and flags, which nodes were added, and the lists either mutable
     * (fixed 2M + 1 ints per node on layer 0, an {@code int[]} per upper-level node) or packed
     * ({@link PackedLists}). A write to a packed page first thaws it to the mutable form; {@link #compact} packs it
     * again.
     */
    private static final class Page {
        /** Per node: bits 0-5 level, bit 6 ready, bit 7 deleted. */
        final byte[] meta = new byte[PAGE_SIZE];
        /** Which nodes were added; written under the grow lock, read by writers under a node lock. */
        final long[] present = new long[PAGE_SIZE / 64];
        /** Mutable layer-0 lists, {@code stride0} ints per node: count, then neighbours; null while packed. */
        volatile int[] links0;
        /** Mutable upper lists per node ({@code level * (M + 1)} ints); set before {@link #links0}. */
        volatile int[][] upper;
        /** Packed lists, read when {@link #links0} is null; nulled after a thaw has set {@link #links0}. */
        volatile PackedLists packed;

        boolean isPresent(int i) {
            return (present[i >>> 6] & (1L << i)) != 0;
        }
    }

    /** An empty graph with {@code m} links per node on upper layers, {@code 2m} on layer 0. */
    public HnswGraph(int m) {
        this.m = m;
        this.m0 = 2 * m;
        this.stride0 = m0 + 1;
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

    /** One past the highest node added: nodes a reader may meet are below it. */
    public int limit() {
        return limit;
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

    /**
     * Makes {@code node} present (its page made if need be) at level {@code levelOf(node)}, with empty lists and
     * not yet {@link #READY}; a node already present keeps its level and lists. Returns whether it was new.
     */
    public boolean allocate(int node, IntUnaryOperator levelOf) {
        if (node < 0) {
            throw new IllegalArgumentException("node " + node);
        }
        synchronized (growLock) {
            Page pg = page(node >>> PAGE_SHIFT);
            int i = node & PAGE_MASK;
            if (pg.isPresent(i)) {
                return false;
            }
            int level = Math.clamp(levelOf.applyAsInt(node), 0, MAX_LEVEL);
            int[][] up = mutable(pg);
            META.setVolatile(pg.meta, i, (byte) level);
            if (level > 0) {
                up[i] = new int[level * (m + 1)];
            }
            pg.present[i >>> 6] |= 1L << i;
            if (node >= limit) {
                // The page is published before the limit that makes its nodes visible.
                limit = node + 1;
            }
            return true;
        }
    }

    /** Whether {@code node} was ever added. */
    public boolean isPresent(int node) {
        Page[] ps = pages;
        int p = node >>> PAGE_SHIFT;
        if (node < 0 || p >= ps.length || ps[p] == null) {
            return false;
        }
        synchronized (growLock) {
            return ps[p].isPresent(node & PAGE_MASK);
        }
    }

    /** The page of index {@code p}, made (mutable, empty) if missing; under the grow lock. */
    private Page page(int p) {
        Page[] have = pages;
        if (p < have.length && have[p] != null) {
            return have[p];
        }
        Page[] next = p < have.length ? have.clone() : Arrays.copyOf(have, Math.max(p + 1, have.length + have.length / 2));
        Page pg = new Page();
        pg.upper = new int[PAGE_SIZE][];
        pg.links0 = new int[PAGE_SIZE * stride0];
        next[p] = pg;
        mutableNodes.addAndGet(PAGE_SIZE);
        pages = next;
        return pg;
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
                    if (level > 0 && pg.isPresent(i)) {
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
        for (int p = 0; p < pages(); p++) {
            compactPage(p);
        }
    }

    /** Number of page slots (some may be unmade). */
    public int pages() {
        return pages.length;
    }

    /**
     * Packs page {@code p} if its lists are mutable; returns whether it did. The caller excludes every other use
     * of the graph meanwhile (a page at a time, so readers wait for one page, not for the graph).
     */
    public boolean compactPage(int p) {
        Page[] ps = pages;
        Page pg = p < ps.length ? ps[p] : null;
        if (pg == null || pg.links0 == null) {
            return false;
        }
        int[] l0 = pg.links0;
        int nodes = Math.max(0, Math.min(PAGE_SIZE, limit - (p << PAGE_SHIFT)));
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
        mutableNodes.addAndGet(-PAGE_SIZE);
        return true;
    }

    /** Nodes on pages whose lists are mutable (made or thawed since the last {@link #compact}). */
    public int mutableNodes() {
        return mutableNodes.get();
    }

    /** Level and flags of {@code node}: level in bits 0-7, {@link #READY}, {@link #DELETED}, {@link #PRESENT}. */
    public int meta(int node) {
        Page pg = pageOrNull(node);
        if (pg == null) {
            return 0;
        }
        int b = (byte) META.getVolatile(pg.meta, node & PAGE_MASK);
        int flags = (b & LEVEL_BITS) | ((b & (B_READY | B_DELETED)) << 2);
        return isPresent(node) ? flags | PRESENT : flags;
    }

    private Page pageOrNull(int node) {
        Page[] ps = pages;
        int p = node >>> PAGE_SHIFT;
        return p < ps.length ? ps[p] : null;
    }

    /** Level of {@code node}. */
    public int level(int node) {
        Page pg = pageOrNull(node);
        return pg == null ? 0 : ((byte) META.getVolatile(pg.meta, node & PAGE_MASK)) & LEVEL_BITS;
    }

    /** Whether {@code node} is a tombstone. */
    public boolean isDeleted(int node) {
        Page pg = pageOrNull(node);
        return pg != null && (((byte) META.getVolatile(pg.meta, node & PAGE_MASK)) & B_DELETED) != 0;
    }

    /** Whether {@code node} is complete and live: the only nodes results may hold. */
    public boolean isLive(int node) {
        Page pg = pageOrNull(node);
        if (pg == null) {
            return false;
        }
        int b = (byte) META.getVolatile(pg.meta, node & PAGE_MASK);
        return (b & (B_READY | B_DELETED)) == B_READY;
    }

    /** Sets {@code flag} ({@link #READY} or {@link #DELETED}) on {@code node}. */
    public void mark(int node, int flag) {
        META.getAndBitwiseOr(pageOrNull(node).meta, node & PAGE_MASK, (byte) ((flag & (READY | DELETED)) >>> 2));
    }

    /** Clears {@code flags} ({@link #READY}, {@link #DELETED}) of {@code node}. */
    public void clear(int node, int flags) {
        META.getAndBitwiseAnd(pageOrNull(node).meta, node & PAGE_MASK, (byte) ~((flags & (READY | DELETED)) >>> 2));
    }

    /**
     * Copies the neighbours of {@code node} on {@code layer} into {@code dst} (length at least 2·M) and returns
     * how many; nodes at or above {@code limit} (nodes this reader cannot see yet) are dropped.
     */
    public int neighbours(int node, int layer, int[] dst, int limit) {
        Page pg = pageOrNull(node);
        if (pg == null) {
            return 0;
        }
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
        Page pg = pageOrNull(node);
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
        // Entries first, count last: a racing reader sees old or new nodes, all valid.
        System.arraycopy(src, 0, a, base + 1, n);
        a[base] = n;
    }

    /** Appends {@code nb} to the list of {@code node} on {@code layer} if there is room; caller holds the lock. */
    public boolean tryAppend(int node, int layer, int nb) {
        int[] a = writable(node, layer);
        int base = base(node, layer);
        int cap = layer == 0 ? m0 : m;
        int n = a[base];
        for (int i = 1; i <= Math.min(n, cap); i++) {
            if (a[base + i] == nb) {
                return true; // already linked (a node added again keeps its incoming links)
            }
        }
        if (n >= cap) {
            return false;
        }
        a[base + 1 + n] = nb;
        a[base] = n + 1;
        return true;
    }

    /**
     * Restores a node read from a file: its flags (level, {@link #READY}, {@link #DELETED}), layer-0 list
     * ({@code n0} nodes of {@code l0} from {@code off}) and upper lists ({@code level * (M + 1)} ints: count,
     * neighbours per layer). Single-threaded, before the graph is shared.
     */
    public void restore(int node, int flags, int[] l0, int off, int n0, int[] up) {
        allocate(node, x -> flags & LEVEL_MASK);
        Page pg = pageOrNull(node);
        mark(node, flags);
        int at = (node & PAGE_MASK) * stride0;
        pg.links0[at] = n0;
        System.arraycopy(l0, off, pg.links0, at + 1, n0);
        if (up.length > 0) {
            pg.upper[node & PAGE_MASK] = up;
        }
    }

    /** Sets the upper lists of a restored node ({@code level * (M + 1)} ints); single-threaded, as {@link #restore}. */
    public void restoreUpper(int node, int[] up) {
        pageOrNull(node).upper[node & PAGE_MASK] = up;
    }

    /** Approximate bytes held on the heap (pages and lists). */
    public long heapBytes() {
        Page[] ps = pages;
        long b = 16 + 4L * ps.length;
        for (Page pg : ps) {
            if (pg == null) {
                continue;
            }
            b += 16 + 32 + 16 + PAGE_SIZE + 16 + PAGE_SIZE / 8;
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
        return b;
    }
}
