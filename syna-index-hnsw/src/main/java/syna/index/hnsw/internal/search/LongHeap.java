package syna.index.hnsw.internal.search;

import java.util.Arrays;

/**
 * Binary min-heap of {@code long}s. The searcher packs (distance, node) into one long ({@link #pack}) so that
 * long order is distance order; a max-heap stores {@code ~key}. No boxing. Not thread-safe; one per thread.
 */
public final class LongHeap {
    private long[] heap;
    private int size;

    /** An empty heap with room for {@code capacity} before it grows. */
    public LongHeap(int capacity) {
        heap = new long[Math.max(16, capacity)];
    }

    /** Packs a distance and a node so that the packed values sort by distance, then node. */
    public static long pack(float distance, int node) {
        int bits = Float.floatToRawIntBits(distance);
        bits ^= (bits >> 31) & 0x7FFFFFFF;
        return ((long) bits << 32) | (node & 0xFFFFFFFFL);
    }

    /** The node of a packed value. */
    public static int node(long packed) {
        return (int) packed;
    }

    /** The distance of a packed value. */
    public static float distance(long packed) {
        int bits = (int) (packed >>> 32);
        bits ^= (bits >> 31) & 0x7FFFFFFF;
        return Float.intBitsToFloat(bits);
    }

    /** Number of entries. */
    public int size() {
        return size;
    }

    /** Empties the heap. */
    public void clear() {
        size = 0;
    }

    /** The smallest entry; the heap must not be empty. */
    public long peek() {
        return heap[0];
    }

    /** Adds {@code v}. */
    public void push(long v) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            long p = heap[parent];
            if (p <= v) {
                break;
            }
            heap[i] = p;
            i = parent;
        }
        heap[i] = v;
    }

    /** Removes and returns the smallest entry; the heap must not be empty. */
    public long pop() {
        long top = heap[0];
        long last = heap[--size];
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            long c = heap[child];
            int right = child + 1;
            if (right < size && heap[right] < c) {
                child = right;
                c = heap[right];
            }
            if (last <= c) {
                break;
            }
            heap[i] = c;
            i = child;
        }
        heap[i] = last;
        return top;
    }
}
