package syna.index.hnsw.internal.graph;

import java.util.Arrays;
import java.util.function.IntToLongFunction;

/**
 * Open-addressing map from {@code long} ids to {@code int} nodes (linear probing, backward-shift
 * deletion), without boxing. It holds only the nodes, 4 bytes a slot: a node's id is read back from the
 * graph ({@code idOf}), which keeps it anyway. Not thread-safe; the index guards it.
 */
public final class IdMap {
    private static final int EMPTY = -1;
    private final IntToLongFunction idOf;
    private int[] nodes;
    private int size;
    private int mask;

    /** An empty map sized for about {@code expected} entries; {@code idOf} gives the id of a mapped node. */
    public IdMap(int expected, IntToLongFunction idOf) {
        this.idOf = idOf;
        int cap = Integer.highestOneBit(Math.max(16, expected * 4 / 3 + 1) - 1) << 1;
        nodes = new int[cap];
        Arrays.fill(nodes, EMPTY);
        mask = cap - 1;
    }

    private static int hash(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** The node of {@code id}, or -1. */
    public int get(long id) {
        for (int i = hash(id) & mask;; i = (i + 1) & mask) {
            int v = nodes[i];
            if (v == EMPTY) {
                return -1;
            }
            if (idOf.applyAsLong(v) == id) {
                return v;
            }
        }
    }

    /** Maps {@code id} (the id of {@code node} >= 0) to {@code node}; returns the previous node or -1. */
    public int put(long id, int node) {
        if ((size + 1) * 4L > nodes.length * 3L) {
            rehash(nodes.length * 2);
        }
        for (int i = hash(id) & mask;; i = (i + 1) & mask) {
            int v = nodes[i];
            if (v == EMPTY) {
                nodes[i] = node;
                size++;
                return -1;
            }
            if (idOf.applyAsLong(v) == id) {
                nodes[i] = node;
                return v;
            }
        }
    }

    /** Removes {@code id}; returns its node or -1. */
    public int remove(long id) {
        int i = hash(id) & mask;
        for (;; i = (i + 1) & mask) {
            if (nodes[i] == EMPTY) {
                return -1;
            }
            if (idOf.applyAsLong(nodes[i]) == id) {
                break;
            }
        }
        int old = nodes[i];
        // Backward-shift: move later entries of the probe run into the hole so lookups stay correct.
        int hole = i;
        for (int j = (i + 1) & mask; nodes[j] != EMPTY; j = (j + 1) & mask) {
            int home = hash(idOf.applyAsLong(nodes[j])) & mask;
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                nodes[hole] = nodes[j];
                hole = j;
            }
        }
        nodes[hole] = EMPTY;
        size--;
        return old;
    }

    /** Number of entries. */
    public int size() {
        return size;
    }

    /** Approximate bytes held. */
    public long bytes() {
        return 16 + 4L * nodes.length;
    }

    private void rehash(int cap) {
        int[] old = nodes;
        nodes = new int[cap];
        Arrays.fill(nodes, EMPTY);
        mask = cap - 1;
        size = 0;
        for (int v : old) {
            if (v != EMPTY) {
                put(idOf.applyAsLong(v), v);
            }
        }
    }
}
