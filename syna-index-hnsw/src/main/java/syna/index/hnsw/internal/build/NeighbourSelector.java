package syna.index.hnsw.internal.build;

import syna.api.spi.VectorScorer;
import syna.index.hnsw.internal.search.LongHeap;

/**
 * SELECT-NEIGHBORS-HEURISTIC (the paper's Algorithm 4): walk the candidates nearest first and keep one only
 * if it is closer to the base than to every neighbour already kept, so links spread in all directions
 * instead of piling into the nearest cluster. Not thread-safe; one per thread.
 */
public final class NeighbourSelector {
    private final VectorScorer candidate;

    /** A selector measuring between stored vectors with {@code scorer} (of the build metric; reused). */
    public NeighbourSelector(VectorScorer scorer) {
        this.candidate = scorer;
    }

    /**
     * Selects at most {@code max} of the packed candidates {@code c[0..n)} (ascending by distance to the base)
     * into {@code out}; returns how many.
     */
    public int select(long[] c, int n, int max, int[] out) {
        int kept = 0;
        for (int i = 0; i < n && kept < max; i++) {
            int e = LongHeap.node(c[i]);
            float toBase = LongHeap.distance(c[i]);
            boolean good = true;
            if (kept > 0) {
                candidate.query(e);
                for (int j = 0; j < kept; j++) {
                    if (candidate.distance(out[j]) < toBase) {
                        good = false;
                        break;
                    }
                }
            }
            if (good) {
                out[kept++] = e;
            }
        }
        return kept;
    }
}
