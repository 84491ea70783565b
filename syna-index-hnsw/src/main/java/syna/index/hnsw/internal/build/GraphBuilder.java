package syna.index.hnsw.internal.build;

import java.util.Arrays;
import syna.index.hnsw.internal.graph.HnswGraph;
import syna.index.hnsw.internal.graph.VectorPages;
import syna.index.hnsw.internal.search.GraphSearcher;
import syna.index.hnsw.internal.search.LongHeap;

/**
 * INSERT (the paper's Algorithm 1) of one allocated node: greedy descent to the node's level, then on each
 * layer down to 0 a SEARCH-LAYER with efConstruction, heuristic selection of M (2·M on layer 0) neighbours,
 * and reverse links, re-selecting a neighbour's list by the heuristic when it overflows. Each list is written
 * under its node's lock, one lock at a time, so inserts run in parallel without deadlock. Not thread-safe;
 * one per thread.
 */
public final class GraphBuilder {
    private final HnswGraph graph;
    private final VectorPages vectors;
    private final int efConstruction;
    private final GraphSearcher searcher;
    private final NeighbourSelector selector;
    private final int[] selected;
    private final int[] existing;
    private final int[] reselected;
    private final long[] pool;
    private final float[] base;

    /** A builder for {@code graph}. */
    public GraphBuilder(HnswGraph graph, int efConstruction) {
        this.graph = graph;
        this.vectors = graph.vectors();
        this.efConstruction = efConstruction;
        this.searcher = new GraphSearcher(graph, true);
        this.selector = new NeighbourSelector(vectors);
        int m0 = graph.maxConnections(0);
        this.selected = new int[m0 + 1];
        this.existing = new int[m0 + 1];
        this.reselected = new int[m0 + 1];
        this.pool = new long[m0 + 1];
        this.base = new float[vectors.dimension()];
    }

    /** Links {@code node} (allocated, vector {@code q} stored) into the graph at {@code level}. */
    public void insert(int node, float[] q, int level) {
        long e = graph.entry();
        if (HnswGraph.entryNode(e) < 0) {
            if (graph.offerEntry(node, level)) {
                graph.mark(node, HnswGraph.READY);
                return;
            }
            e = graph.entry();
        }
        int limit = graph.count();
        int top = HnswGraph.entryLevel(e);
        int ep = HnswGraph.entryNode(e);
        long cur = LongHeap.pack(vectors.buildDistance(q, ep), ep);
        for (int layer = top; layer > level; layer--) {
            cur = searcher.greedy(q, cur, layer, limit);
        }
        long[] entries = {cur};
        int nEntries = 1;
        for (int layer = Math.min(top, level); layer >= 0; layer--) {
            long[] w = searcher.searchLayer(q, entries, nEntries, efConstruction, layer, null, limit);
            // The node itself can be reached through a reverse link made on this layer by a racing insert.
            int n = 0;
            for (long p : w) {
                if (LongHeap.node(p) != node) {
                    w[n++] = p;
                }
            }
            int max = graph.maxConnections(layer);
            int k = selector.select(w, n, max, selected);
            synchronized (graph.lock(node)) {
                graph.setNeighbours(node, layer, selected, k);
            }
            for (int i = 0; i < k; i++) {
                link(selected[i], node, layer, max);
            }
            entries = w;
            nEntries = n;
            if (nEntries == 0) {
                entries = new long[] {cur};
                nEntries = 1;
            }
        }
        graph.mark(node, HnswGraph.READY);
        if (level > top) {
            graph.offerEntry(node, level);
        }
    }

    /** Adds the reverse link {@code from -> to}; an overflowing list is re-selected by the heuristic. */
    private void link(int from, int to, int layer, int max) {
        synchronized (graph.lock(from)) {
            if (graph.tryAppend(from, layer, to)) {
                return;
            }
            int n = graph.neighbours(from, layer, existing, Integer.MAX_VALUE);
            vectors.copy(from, base);
            for (int i = 0; i < n; i++) {
                pool[i] = LongHeap.pack(vectors.buildDistance(base, existing[i]), existing[i]);
            }
            pool[n] = LongHeap.pack(vectors.buildDistance(base, to), to);
            Arrays.sort(pool, 0, n + 1);
            // Drop one link, not re-select the whole list: the heuristic's least useful member goes, the rest
            // stay. Re-running Algorithm 4 on every overflow costs O(degree^2) distances per reverse link
            // (on 100K MiniLM vectors this saves about 10% of build time; the insert-time search dominates).
            int drop = selector.worstNonDiverse(pool, n + 1);
            int k = 0;
            for (int i = 0; i <= n; i++) {
                if (i != drop) {
                    reselected[k++] = LongHeap.node(pool[i]);
                }
            }
            graph.setNeighbours(from, layer, reselected, k);
        }
    }
}
