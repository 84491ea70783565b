package syna.index.hnsw.internal.search;

import java.util.Arrays;
import java.util.function.IntPredicate;
import syna.api.spi.VectorScorer;
import syna.index.hnsw.internal.graph.HnswGraph;

/**
 * Per-thread search scratch and the paper's SEARCH-LAYER (Algorithm 2): a generation-stamped visited array,
 * a min-heap of candidates and a bounded max-heap of results, all primitive. Distances come from the caller's
 * {@link VectorScorer} (the query set, the source's vectors read in place). Not thread-safe; one per thread.
 */
public final class GraphSearcher {
    private final HnswGraph graph;
    /** Per node the generation that last visited it: a byte, so scratch costs 1 byte a node, cleared every 255 searches. */
    private byte[] visited = new byte[0];
    private int generation;
    private final LongHeap candidates = new LongHeap(256);
    /** Results as {@code ~packed}: a max-heap on distance. */
    private final LongHeap results = new LongHeap(256);
    private final int[] scratch;
    /** Distances of the unvisited neighbours in {@link #scratch}. */
    private final float[] dist;
    private long visitBudget = Long.MAX_VALUE;
    private boolean exhausted;

    /** A searcher over {@code graph}. */
    public GraphSearcher(HnswGraph graph) {
        this.graph = graph;
        this.scratch = new int[2 * graph.maxConnections() + 1];
        this.dist = new float[scratch.length];
    }

    private void newGeneration(int limit) {
        if (visited.length < limit) {
            visited = new byte[Math.max(limit, visited.length + visited.length / 2)];
            generation = 0;
        }
        if (++generation > 255) {
            Arrays.fill(visited, (byte) 0);
            generation = 1;
        }
    }

    /** Limits the nodes the next layer search may visit; {@link #exhausted()} tells if it was hit. */
    public void visitBudget(long budget) {
        this.visitBudget = budget;
    }

    /** Whether the last {@link #searchLayer} stopped at the visit budget. */
    public boolean exhausted() {
        return exhausted;
    }

    /** Greedy descent on {@code layer} (SEARCH-LAYER with ef = 1) from packed {@code start}; returns the packed closest. */
    public long greedy(VectorScorer q, long start, int layer, int limit) {
        long best = start;
        boolean changed = true;
        while (changed) {
            changed = false;
            int n = graph.neighbours(LongHeap.node(best), layer, scratch, limit);
            q.distances(scratch, n, dist);
            for (int i = 0; i < n; i++) {
                int nb = scratch[i];
                long p = LongHeap.pack(dist[i], nb);
                if (p < best) {
                    best = p;
                    changed = true;
                }
            }
        }
        return best;
    }

    /**
     * SEARCH-LAYER: best-first search on {@code layer} from the packed {@code entries}, keeping the {@code ef}
     * closest nodes that {@code accept} lets through (null: all). Rejected nodes are still expanded, so
     * tombstones and filtered-out nodes keep the graph navigable. Returns the results ascending, packed.
     */
    public long[] searchLayer(VectorScorer q, long[] entries, int nEntries, int ef, int layer, IntPredicate accept,
            int limit) {
        newGeneration(limit);
        byte gen = (byte) generation;
        byte[] vis = visited;
        candidates.clear();
        results.clear();
        exhausted = false;
        long visits = 0;
        for (int i = 0; i < nEntries; i++) {
            long e = entries[i];
            int node = LongHeap.node(e);
            if (vis[node] == gen) {
                continue;
            }
            vis[node] = gen;
            candidates.push(e);
            if (accept == null || accept.test(node)) {
                results.push(~e);
            }
        }
        while (results.size() > ef) {
            results.pop();
        }
        while (candidates.size() > 0) {
            long c = candidates.pop();
            if (results.size() >= ef && c > ~results.peek()) {
                break;
            }
            int n = graph.neighbours(LongHeap.node(c), layer, scratch, limit);
            // The unvisited neighbours first, then their distances in one call (several vectors a pass).
            int u = 0;
            for (int i = 0; i < n; i++) {
                int nb = scratch[i];
                if (vis[nb] != gen) {
                    vis[nb] = gen;
                    scratch[u++] = nb;
                }
            }
            q.distances(scratch, u, dist);
            for (int i = 0; i < u; i++) {
                int nb = scratch[i];
                long p = LongHeap.pack(dist[i], nb);
                if (results.size() < ef || p < ~results.peek()) {
                    candidates.push(p);
                    if (accept == null || accept.test(nb)) {
                        results.push(~p);
                        if (results.size() > ef) {
                            results.pop();
                        }
                    }
                }
            }
            visits += n;
            if (visits > visitBudget) {
                exhausted = true;
                break;
            }
        }
        long[] out = new long[results.size()];
        for (int i = out.length - 1; i >= 0; i--) {
            out[i] = ~results.pop();
        }
        return out;
    }
}
