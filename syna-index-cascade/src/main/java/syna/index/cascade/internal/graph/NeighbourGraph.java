package syna.index.cascade.internal.graph;

import java.util.Arrays;
import syna.index.cascade.internal.util.IntList;

/**
 * The sparse neighbour graph: per node up to {@code stride} neighbour ids in one flat array (lists are pruned
 * back to {@code degree} when they overflow the slack), the ordinal the node stands for, and its state. A node
 * is live, deleted (a tombstone: still walked through, never returned) or free (its id awaits reuse after
 * consolidation). Nodes and ordinals differ because re-adding an ordinal makes a new node and tombstones the old
 * one. Not thread-safe: the index guards it.
 */
public final class NeighbourGraph {
    /** State of a free id. */
    public static final byte FREE = 0;
    /** State of a live node. */
    public static final byte LIVE = 1;
    /** State of a tombstone. */
    public static final byte DELETED = 2;

    private final int degree;
    private final int stride;
    private int count;
    private int[] adj;
    private int[] deg;
    private int[] ordinalOf;
    private byte[] state;
    private int[] nodeOf = new int[0];
    private final IntList free = new IntList();
    private int live;
    private int deleted;
    private int entry = -1;

    /**
     * An empty graph of nodes with {@code degree} neighbours, and room for half as many more before a list is pruned
     * back (DiskANN's slack: a reverse link is appended, and only a full list pays for a prune).
     */
    public NeighbourGraph(int degree) {
        this.degree = degree;
        this.stride = degree + Math.max(2, degree / 2);
        int cap = 64;
        adj = new int[cap * stride];
        deg = new int[cap];
        ordinalOf = new int[cap];
        state = new byte[cap];
    }

    /** Most neighbours kept after a prune. */
    public int degree() {
        return degree;
    }

    /** Room per list. */
    public int stride() {
        return stride;
    }

    /** Ids in use or free: every node id is below this. */
    public int count() {
        return count;
    }

    /** Live nodes. */
    public int live() {
        return live;
    }

    /** Tombstones. */
    public int deleted() {
        return deleted;
    }

    /** The node searches start from when the buckets give none; -1 when empty. */
    public int entry() {
        return entry;
    }

    /** Sets the entry node. */
    public void entry(int node) {
        entry = node;
    }

    /** State of {@code node}. */
    public byte state(int node) {
        return state[node];
    }

    /** Whether {@code node} is live. */
    public boolean isLive(int node) {
        return state[node] == LIVE;
    }

    /** The ordinal of {@code node}. */
    public int ordinalOf(int node) {
        return ordinalOf[node];
    }

    /** The live node of {@code ordinal}, or -1. */
    public int nodeOf(int ordinal) {
        return ordinal >= 0 && ordinal < nodeOf.length ? nodeOf[ordinal] : -1;
    }

    /** The adjacency array: node {@code n}'s list at {@code n * stride()}, {@link #degreeOf} long. */
    public int[] adjacency() {
        return adj;
    }

    /** Neighbours of {@code node}. */
    public int degreeOf(int node) {
        return deg[node];
    }

    /** A new live node for {@code ordinal} (which must not have one). */
    public int allocate(int ordinal) {
        int node;
        if (free.size() > 0) {
            node = free.get(free.size() - 1);
            free.swapRemove(free.size() - 1);
        } else {
            node = count++;
            if (node == deg.length) {
                int cap = node + (node >> 1) + 16;
                adj = Arrays.copyOf(adj, cap * stride);
                deg = Arrays.copyOf(deg, cap);
                ordinalOf = Arrays.copyOf(ordinalOf, cap);
                state = Arrays.copyOf(state, cap);
            }
        }
        deg[node] = 0;
        ordinalOf[node] = ordinal;
        state[node] = LIVE;
        if (ordinal >= nodeOf.length) {
            int old = nodeOf.length;
            nodeOf = Arrays.copyOf(nodeOf, Math.max(ordinal + 1, old + (old >> 1) + 16));
            Arrays.fill(nodeOf, old, nodeOf.length, -1);
        }
        nodeOf[ordinal] = node;
        live++;
        return node;
    }

    /** Marks a live node deleted; its ordinal no longer maps to it. */
    public void tombstone(int node) {
        state[node] = DELETED;
        if (nodeOf[ordinalOf[node]] == node) {
            nodeOf[ordinalOf[node]] = -1;
        }
        live--;
        deleted++;
    }

    /** Frees a tombstone (after consolidation removed every link to it). */
    public void release(int node) {
        state[node] = FREE;
        deg[node] = 0;
        deleted--;
        free.add(node);
    }

    /** Replaces the neighbours of {@code node} with {@code list[0, n)} ({@code n <= stride}). */
    public void setNeighbours(int node, int[] list, int n) {
        System.arraycopy(list, 0, adj, node * stride, n);
        deg[node] = n;
    }

    /** Appends {@code to} to the list of {@code node}; returns false when the list is full (prune it). */
    public boolean addEdge(int node, int to) {
        int d = deg[node];
        int base = node * stride;
        for (int i = 0; i < d; i++) {
            if (adj[base + i] == to) {
                return true;
            }
        }
        if (d == stride) {
            return false;
        }
        adj[base + d] = to;
        deg[node] = d + 1;
        return true;
    }

    /** Restores a node from a file. */
    public void restore(int node, byte st, int ordinal, int[] list, int n) {
        while (count <= node) {
            if (count == deg.length) {
                int cap = count + (count >> 1) + 16;
                adj = Arrays.copyOf(adj, cap * stride);
                deg = Arrays.copyOf(deg, cap);
                ordinalOf = Arrays.copyOf(ordinalOf, cap);
                state = Arrays.copyOf(state, cap);
            }
            count++;
        }
        state[node] = st;
        ordinalOf[node] = ordinal;
        setNeighbours(node, list, n);
        switch (st) {
            case LIVE -> {
                live++;
                if (ordinal >= nodeOf.length) {
                    int old = nodeOf.length;
                    nodeOf = Arrays.copyOf(nodeOf, Math.max(ordinal + 1, old + (old >> 1) + 16));
                    Arrays.fill(nodeOf, old, nodeOf.length, -1);
                }
                nodeOf[ordinal] = node;
            }
            case DELETED -> deleted++;
            default -> free.add(node);
        }
    }

    /** Bytes held. */
    public long bytes() {
        return 64 + 4L * adj.length + 4L * deg.length + 4L * ordinalOf.length + state.length + 4L * nodeOf.length
                + free.bytes();
    }
}
