package syna.index.cascade.internal.graph;

import java.util.Arrays;
import syna.api.spi.VectorScorer;
import syna.index.cascade.internal.util.Packed;

/**
 * DiskANN's RobustPrune (Subramanya et al., NeurIPS 2019): from candidates sorted by distance to p, keep the
 * nearest c, then drop every remaining v with {@code α · d(c, v) <= d(p, v)} (v is reachable through c), and
 * repeat until {@code degree} are kept. α = 1 gives the relative neighbourhood graph; α > 1 keeps some longer
 * edges, which shortens search paths. Scratch for one thread at a time.
 */
public final class Pruner {
    private final VectorScorer scorer;
    private boolean[] gone = new boolean[64];
    private long[] buf = new long[64];
    private long distances;
    /** One batch of measurements: positions (or nodes), ordinals, distances. */
    private int[] at = new int[64];
    private int[] ords = new int[64];
    private float[] dists = new float[64];

    /** A pruner measuring node-to-node distances with {@code scorer} (its own; the pruner sets its query). */
    public Pruner(VectorScorer scorer) {
        this.scorer = scorer;
    }

    /**
     * Prunes {@code cand[0, n)} (packed distance to p, node; sorted ascending, no duplicates, p absent) to at most
     * {@code degree} nodes written to {@code out}; returns how many.
     */
    public int prune(NeighbourGraph g, long[] cand, int n, int degree, float alpha, int[] out) {
        if (gone.length < n) {
            gone = new boolean[Math.max(n, gone.length * 2)];
        }
        scratch(n);
        Arrays.fill(gone, 0, n, false);
        int kept = 0;
        for (int i = 0; i < n && kept < degree; i++) {
            if (gone[i]) {
                continue;
            }
            int c = Packed.id(cand[i]);
            out[kept++] = c;
            if (kept == degree) {
                break;
            }
            scorer.query(g.ordinalOf(c));
            // the candidates still in play measured from c in one call (the scorer reads several a pass)
            int m = 0;
            for (int j = i + 1; j < n; j++) {
                if (!gone[j]) {
                    at[m] = j;
                    ords[m++] = g.ordinalOf(Packed.id(cand[j]));
                }
            }
            scorer.distances(ords, m, dists);
            distances += m;
            for (int t = 0; t < m; t++) {
                int j = at[t];
                if (alpha * dists[t] <= Packed.distance(cand[j])) {
                    gone[j] = true;
                }
            }
        }
        return kept;
    }

    /**
     * Re-prunes the list of {@code node} with {@code extra} added (-1 for none), keeping live neighbours only:
     * the candidates are measured from {@code node} first.
     */
    public int reprune(NeighbourGraph g, int node, int[] list, int n, int extra, int degree, float alpha, int[] out) {
        if (buf.length < n + 1) {
            buf = new long[Math.max(n + 1, buf.length * 2)];
        }
        scratch(n + 1);
        scorer.query(g.ordinalOf(node));
        int m = 0;
        for (int i = 0; i < n; i++) {
            int v = list[i];
            if (v != node && g.isLive(v)) {
                at[m] = v;
                ords[m++] = g.ordinalOf(v);
            }
        }
        if (extra >= 0 && extra != node && g.isLive(extra)) {
            at[m] = extra;
            ords[m++] = g.ordinalOf(extra);
        }
        scorer.distances(ords, m, dists);
        for (int i = 0; i < m; i++) {
            buf[i] = Packed.pack(dists[i], at[i]);
        }
        distances += m;
        Arrays.sort(buf, 0, m);
        m = dedupe(buf, m);
        return prune(g, buf, m, degree, alpha, out);
    }

    private void scratch(int n) {
        if (at.length < n) {
            int len = Math.max(n, at.length * 2);
            at = new int[len];
            ords = new int[len];
            dists = new float[len];
        }
    }

    /** Distances computed since the last call, which resets the count. */
    public long takeDistances() {
        long d = distances;
        distances = 0;
        return d;
    }

    /** Removes adjacent repeats of a sorted array; returns the new length. */
    public static int dedupe(long[] a, int n) {
        int w = 0;
        for (int i = 0; i < n; i++) {
            if (w == 0 || Packed.id(a[i]) != Packed.id(a[w - 1]) || a[i] != a[w - 1]) {
                a[w++] = a[i];
            }
        }
        return w;
    }
}
