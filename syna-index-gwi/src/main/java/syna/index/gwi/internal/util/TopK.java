package syna.index.gwi.internal.util;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code k} smallest (distance, ordinal) pairs seen, as a max-heap of packed longs ({@link #pack}): long
 * order is distance order, then ordinal. Allocation-free once sized. Not thread-safe; one per searcher.
 */
public final class TopK {
    private long[] heap = new long[16];
    private int size;
    private int k;

    /** Starts over, keeping at most {@code k}. */
    public TopK reset(int k) {
        this.k = k;
        size = 0;
        if (heap.length < Math.min(k, 1 << 16)) {
            heap = new long[Math.min(k, 1 << 16)];
        }
        return this;
    }

    /** Packs a distance and an ordinal so that packed values sort by distance, then ordinal. */
    public static long pack(float distance, int ordinal) {
        int bits = Float.floatToRawIntBits(distance);
        bits ^= (bits >> 31) & 0x7FFFFFFF;
        return ((long) bits << 32) | (ordinal & 0xFFFFFFFFL);
    }

    /** The ordinal of a packed value. */
    public static int ordinal(long packed) {
        return (int) packed;
    }

    /** The distance of a packed value. */
    public static float distance(long packed) {
        int bits = (int) (packed >>> 32);
        bits ^= (bits >> 31) & 0x7FFFFFFF;
        return Float.intBitsToFloat(bits);
    }

    /** Entries held. */
    public int size() {
        return size;
    }

    /** Whether {@code k} entries are held. */
    public boolean full() {
        return size >= k;
    }

    /** The largest distance held; +infinity while not full. */
    public float worst() {
        return size < k ? Float.POSITIVE_INFINITY : distance(heap[0]);
    }

    /** Offers one pair; returns whether it was kept. */
    public boolean offer(float distance, int ordinal) {
        long v = pack(distance, ordinal);
        if (size < k) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int p = (i - 1) >>> 1;
                if (heap[p] >= v) {
                    break;
                }
                heap[i] = heap[p];
                i = p;
            }
            heap[i] = v;
            return true;
        }
        if (v >= heap[0]) {
            return false;
        }
        siftDown(v);
        return true;
    }

    private void siftDown(long v) {
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            int r = c + 1;
            if (r < size && heap[r] > heap[c]) {
                c = r;
            }
            if (heap[c] <= v) {
                break;
            }
            heap[i] = heap[c];
            i = c;
        }
        heap[i] = v;
    }

    /** The held pairs, nearest first, as packed longs. */
    public long[] sorted() {
        long[] out = Arrays.copyOf(heap, size);
        Arrays.sort(out);
        return out;
    }

    /** The held pairs as (ordinal, distance) by {@code maker}, nearest first. */
    public <T> List<T> toList(HitMaker<T> maker) {
        long[] s = sorted();
        List<T> out = new ArrayList<>(s.length);
        for (long v : s) {
            out.add(maker.make(ordinal(v), distance(v)));
        }
        return out;
    }

    /** Makes a hit object. */
    @FunctionalInterface
    public interface HitMaker<T> {
        /** A hit. */
        T make(int ordinal, float distance);
    }
}
