package syna.vector.internal;

import java.util.Arrays;

/**
 * The k smallest distances seen, in a binary max-heap over parallel primitive arrays (no object per
 * candidate). Not thread-safe; one per search.
 */
final class TopK {
    private final int k;
    private final float[] dist;
    private final long[] ids;
    private int size;

    TopK(int k) {
        this.k = k;
        this.dist = new float[k];
        this.ids = new long[k];
    }

    /** Whether a candidate at {@code d} would enter. */
    boolean accepts(float d) {
        return size < k || d < dist[0];
    }

    void offer(long id, float d) {
        if (size < k) {
            int i = size++;
            dist[i] = d;
            ids[i] = id;
            siftUp(i);
        } else if (d < dist[0]) {
            dist[0] = d;
            ids[0] = id;
            siftDown(0);
        }
    }

    int size() {
        return size;
    }

    /** Ids nearest first; {@code outDist} receives their distances. */
    long[] drainSorted(float[] outDist) {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Float.compare(dist[a], dist[b]);
            return c != 0 ? c : Long.compare(ids[a], ids[b]);
        });
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = ids[order[i]];
            outDist[i] = dist[order[i]];
        }
        return out;
    }

    private void siftUp(int i) {
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (dist[p] >= dist[i]) {
                return;
            }
            swap(i, p);
            i = p;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                return;
            }
            int c = l + 1 < size && dist[l + 1] > dist[l] ? l + 1 : l;
            if (dist[i] >= dist[c]) {
                return;
            }
            swap(i, c);
            i = c;
        }
    }

    private void swap(int a, int b) {
        float d = dist[a];
        dist[a] = dist[b];
        dist[b] = d;
        long x = ids[a];
        ids[a] = ids[b];
        ids[b] = x;
    }
}
