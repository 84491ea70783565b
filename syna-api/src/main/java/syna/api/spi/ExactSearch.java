package syna.api.spi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import syna.api.InvalidArgumentException;

/**
 * Exact k-nearest search over a {@link VectorSource}: the one implementation behind the {@code flat} index,
 * a store's search before its index covers a vector, and every index's fallback (a filter so selective that
 * measuring the accepted ordinals beats searching the structure). Distances come from the source's
 * {@link VectorScorer}, so through {@link syna.api.Vectors}' kernels (SIMD when present). The k best are kept
 * in a primitive heap of {@code min(k, candidates)} entries: {@code k = Integer.MAX_VALUE} allocates by the
 * number of vectors, not by k. Ties are broken by the lower ordinal. Thread-safe (stateless).
 */
public final class ExactSearch {
    private ExactSearch() {}

    /**
     * The {@code k} ordinals of {@code [0, source.size())} nearest to {@code query} that {@code filter}
     * accepts, nearest first.
     */
    public static List<VectorHit> search(VectorSource source, float[] query, int k, OrdinalFilter filter) {
        return search(source.scorer().query(query), k, filter, source.size());
    }

    /**
     * The {@code k} ordinals of {@code [0, limit)} nearest to the scorer's query that {@code filter} accepts,
     * nearest first.
     */
    public static List<VectorHit> search(VectorScorer scorer, int k, OrdinalFilter filter, int limit) {
        checkK(k);
        int known = filter.cardinality();
        int bound = known >= 0 ? Math.min(known, limit) : limit;
        Heap heap = new Heap(Math.max(0, Math.min(k, bound)));
        if (heap.capacity() == 0) {
            return List.of();
        }
        for (int o = filter.next(0, limit); o >= 0; o = filter.next(o + 1, limit)) {
            heap.offer(o, scorer.distance(o));
        }
        return heap.sorted();
    }

    /**
     * The {@code k} nearest of two lists that are each sorted nearest first (an index's hits and an exact scan
     * of what it does not cover yet); an ordinal in both is kept once.
     */
    public static List<VectorHit> merge(List<VectorHit> a, List<VectorHit> b, int k) {
        checkK(k);
        if (b.isEmpty()) {
            return a.size() <= k ? a : a.subList(0, k);
        }
        if (a.isEmpty()) {
            return b.size() <= k ? b : b.subList(0, k);
        }
        List<VectorHit> out = new ArrayList<>(Math.min(k, a.size() + b.size()));
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        int i = 0;
        int j = 0;
        while (out.size() < k && (i < a.size() || j < b.size())) {
            VectorHit next;
            if (j >= b.size() || (i < a.size() && pack(a.get(i).ordinal(), a.get(i).distance())
                    <= pack(b.get(j).ordinal(), b.get(j).distance()))) {
                next = a.get(i++);
            } else {
                next = b.get(j++);
            }
            if (seen.add(next.ordinal())) {
                out.add(next);
            }
        }
        return out;
    }

    /** Rejects {@code k < 1} with {@link InvalidArgumentException}. */
    public static void checkK(int k) {
        if (k < 1) {
            throw new InvalidArgumentException("k must be >= 1, got " + k);
        }
    }

    /** Distance and ordinal in one long whose signed order is (distance, ordinal). */
    static long pack(int ordinal, float distance) {
        int bits = Float.floatToRawIntBits(distance + 0.0f);
        bits ^= (bits >> 31) & 0x7FFFFFFF;
        return ((long) bits << 32) | (ordinal & 0xFFFFFFFFL);
    }

    static float distanceOf(long packed) {
        int bits = (int) (packed >> 32);
        bits ^= (bits >> 31) & 0x7FFFFFFF;
        return Float.intBitsToFloat(bits);
    }

    /** A bounded max-heap of packed (distance, ordinal): the root is the worst kept. Not thread-safe. */
    private static final class Heap {
        private final long[] a;
        private int size;

        Heap(int capacity) {
            a = new long[capacity];
        }

        int capacity() {
            return a.length;
        }

        void offer(int ordinal, float distance) {
            long p = pack(ordinal, distance);
            if (size < a.length) {
                int i = size++;
                while (i > 0) {
                    int parent = (i - 1) >>> 1;
                    if (a[parent] >= p) {
                        break;
                    }
                    a[i] = a[parent];
                    i = parent;
                }
                a[i] = p;
            } else if (p < a[0]) {
                int i = 0;
                while (true) {
                    int l = 2 * i + 1;
                    if (l >= size) {
                        break;
                    }
                    int c = l + 1 < size && a[l + 1] > a[l] ? l + 1 : l;
                    if (a[c] <= p) {
                        break;
                    }
                    a[i] = a[c];
                    i = c;
                }
                a[i] = p;
            }
        }

        List<VectorHit> sorted() {
            long[] s = Arrays.copyOf(a, size);
            Arrays.sort(s);
            List<VectorHit> out = new ArrayList<>(size);
            for (long p : s) {
                out.add(new VectorHit((int) p, distanceOf(p)));
            }
            return out;
        }
    }
}
