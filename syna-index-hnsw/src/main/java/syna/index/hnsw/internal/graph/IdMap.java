package syna.index.hnsw.internal.graph;

import java.util.Arrays;

/**
 * Open-addressing map from {@code long} ids to {@code int} nodes (linear probing, backward-shift
 * deletion), without boxing. Not thread-safe; the index guards it.
 */
public final class IdMap {
    private static final int EMPTY = -1;
    private long[] keys;
    private int[] values;
    private int size;
    private int mask;

    /** An empty map sized for about {@code expected} entries. */
    public IdMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[cap];
        values = new int[cap];
        Arrays.fill(values, EMPTY);
        mask = cap - 1;
    }

    private static int hash(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** The node of {@code id}, or -1. */
    public int get(long id) {
        for (int i = hash(id) & mask;; i = (i + 1) & mask) {
            int v = values[i];
            if (v == EMPTY) {
                return -1;
            }
            if (keys[i] == id) {
                return v;
            }
        }
    }

    /** Maps {@code id} to {@code node} (>= 0); returns the previous node or -1. */
    public int put(long id, int node) {
        if ((size + 1) * 4 > keys.length * 3) {
            rehash(keys.length * 2);
        }
        for (int i = hash(id) & mask;; i = (i + 1) & mask) {
            int v = values[i];
            if (v == EMPTY) {
                keys[i] = id;
                values[i] = node;
                size++;
                return -1;
            }
            if (keys[i] == id) {
                values[i] = node;
                return v;
            }
        }
    }

    /** Removes {@code id}; returns its node or -1. */
    public int remove(long id) {
        int i = hash(id) & mask;
        for (;; i = (i + 1) & mask) {
            if (values[i] == EMPTY) {
                return -1;
            }
            if (keys[i] == id) {
                break;
            }
        }
        int old = values[i];
        // Backward-shift: move later entries of the probe run into the hole so lookups stay correct.
        int hole = i;
        for (int j = (i + 1) & mask; values[j] != EMPTY; j = (j + 1) & mask) {
            int home = hash(keys[j]) & mask;
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        values[hole] = EMPTY;
        size--;
        return old;
    }

    /** Number of entries. */
    public int size() {
        return size;
    }

    /** Approximate bytes held. */
    public long bytes() {
        return 12L * keys.length;
    }

    private void rehash(int cap) {
        long[] ok = keys;
        int[] ov = values;
        keys = new long[cap];
        values = new int[cap];
        Arrays.fill(values, EMPTY);
        mask = cap - 1;
        size = 0;
        for (int i = 0; i < ok.length; i++) {
            if (ov[i] != EMPTY) {
                put(ok[i], ov[i]);
            }
        }
    }
}
