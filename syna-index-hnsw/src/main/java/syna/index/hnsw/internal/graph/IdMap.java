package syna.index.hnsw.internal.graph;

import java.util.Arrays;
import java.util.function.IntToLongFunction;

/**
 * Open-addressing map from {@code long} ids to {@code int} nodes (linear probing, backward-shift
 * deletion), without boxing. It holds only the nodes, 4 bytes a slot: a node's id is read back from the
 * graph ({@code idOf}), which keeps it anyway. The table is at most {@value #MAX_LOAD_PERCENT}% full; its
 * size need not be a power of two ({@link #reserve} sizes it for a known count). Not thread-safe; the index
 * guards it.
 */
public final class IdMap {
    private static final int EMPTY = -1;
    private static final int MAX_LOAD_PERCENT = 75;
    private final IntToLongFunction idOf;
    private int[] nodes;
    private int size;

    /** An empty map sized for about {@code expected} entries; {@code idOf} gives the id of a mapped node. */
    public IdMap(int expected, IntToLongFunction idOf) {
        this.idOf = idOf;
        nodes = new int[capacityFor(expected)];
        Arrays.fill(nodes, EMPTY);
    }

    private static int capacityFor(int entries) {
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(16, entries * 100L / MAX_LOAD_PERCENT + 1));
    }

    /** Slot of {@code id}'s probe run start: the hash scaled to the table size. */
    private int home(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (((h >>> 32) * nodes.length) >>> 32);
    }

    private int next(int i) {
        return i + 1 == nodes.length ? 0 : i + 1;
    }

    /** Makes room for {@code entries} entries in all without further growth. */
    public void reserve(int entries) {
        if (capacityFor(entries) > nodes.length) {
            rehash(capacityFor(entries));
        }
    }

    /** The node of {@code id}, or -1. */
    public int get(long id) {
        for (int i = home(id);; i = next(i)) {
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
        if ((size + 1) * 100L > (long) nodes.length * MAX_LOAD_PERCENT) {
            rehash((int) Math.min(Integer.MAX_VALUE - 8, nodes.length * 2L));
        }
        for (int i = home(id);; i = next(i)) {
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
        int i = home(id);
        for (;; i = next(i)) {
            if (nodes[i] == EMPTY) {
                return -1;
            }
            if (idOf.applyAsLong(nodes[i]) == id) {
                break;
            }
        }
        int old = nodes[i];
        int cap = nodes.length;
        // Backward-shift: move later entries of the probe run into the hole so lookups stay correct.
        int hole = i;
        for (int j = next(i); nodes[j] != EMPTY; j = next(j)) {
            int home = home(idOf.applyAsLong(nodes[j]));
            if (Math.floorMod(j - home, cap) >= Math.floorMod(j - hole, cap)) {
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
        size = 0;
        for (int v : old) {
            if (v != EMPTY) {
                put(idOf.applyAsLong(v), v);
            }
        }
    }
}
