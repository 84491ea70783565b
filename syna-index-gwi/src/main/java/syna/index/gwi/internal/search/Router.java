package syna.index.gwi.internal.search;

import java.util.Arrays;
import syna.index.gwi.internal.cluster.CentroidSpace;
import syna.index.gwi.internal.tree.CentroidTree;
import syna.index.gwi.internal.util.IntList;
import syna.index.gwi.internal.util.TopK;

/**
 * Walks a beam down the centroid tree: all top nodes are scored, the {@code beam} nearest of each upper level
 * are expanded, and every leaf reached is ranked by distance. Scratch for one thread at a time.
 */
public final class Router {
    private long[] buf = new long[64];
    private int[] frontier = new int[64];
    private int[] next = new int[64];
    private float[] dist = new float[64];
    private int ranked;
    private long distances;

    /**
     * Ranks the leaves reachable from the {@code beam} nearest nodes of each upper level to the prepared
     * {@code q}; returns how many, readable with {@link #leaf} and {@link #distance}, nearest first.
     */
    public int rank(CentroidTree tree, CentroidSpace space, float[] q, int beam) {
        IntList roots = tree.roots();
        int fn = roots.size();
        frontier = grow(frontier, fn);
        System.arraycopy(roots.array(), 0, frontier, 0, fn);
        int levels = tree.levels();
        for (int l = 0; l < levels; l++) {
            float[] c = tree.centroids(l);
            if (buf.length < fn) {
                buf = new long[Math.max(fn, buf.length * 2)];
            }
            if (dist.length < fn) {
                dist = new float[Math.max(fn, dist.length * 2)];
            }
            space.distances(q, c, frontier, fn, dist);
            for (int i = 0; i < fn; i++) {
                buf[i] = TopK.pack(dist[i], frontier[i]);
            }
            distances += fn;
            Arrays.sort(buf, 0, fn);
            if (l == levels - 1) {
                ranked = fn;
                return fn;
            }
            int keep = Math.min(beam, fn);
            int nn = 0;
            for (int i = 0; i < keep; i++) {
                IntList ch = tree.children(l, TopK.ordinal(buf[i]));
                next = grow(next, nn + ch.size());
                System.arraycopy(ch.array(), 0, next, nn, ch.size());
                nn += ch.size();
            }
            int[] t = frontier;
            frontier = next;
            next = t;
            fn = nn;
        }
        ranked = 0;
        return 0;
    }

    private static int[] grow(int[] a, int n) {
        return a.length >= n ? a : Arrays.copyOf(a, Math.max(n, a.length * 2));
    }

    /** Leaves ranked by the last {@link #rank}. */
    public int ranked() {
        return ranked;
    }

    /** The {@code i}-th nearest leaf of the last {@link #rank}. */
    public int leaf(int i) {
        return TopK.ordinal(buf[i]);
    }

    /** The distance of the {@code i}-th nearest leaf. */
    public float distance(int i) {
        return TopK.distance(buf[i]);
    }

    /** Centroid distances computed since the last {@link #takeDistances}, which resets the count. */
    public long takeDistances() {
        long d = distances;
        distances = 0;
        return d;
    }
}
