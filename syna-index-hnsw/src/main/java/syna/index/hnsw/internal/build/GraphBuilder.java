package syna.index.hnsw.internal.build;

import java.util.Arrays;
import syna.api.DistanceMetric;
import syna.api.spi.VectorScorer;
import syna.api.spi.VectorSource;
import syna.index.hnsw.internal.graph.HnswGraph;
import syna.index.hnsw.internal.search.GraphSearcher;
import syna.index.hnsw.internal.search.LongHeap;

/**
 * INSERT (the paper's Algorithm 1) of one present node: greedy descent to the node's level, then on each
 * layer down to 0 a SEARCH-LAYER with efConstruction, heuristic selection of M (2·M on layer 0) neighbours,
 * and reverse links; a neighbour's list that would overflow is selected again by the heuristic from its links
 * and the new one (the paper's Algorithm 1, line 13 with Algorithm 4), so it may shrink below the bound. The
 * node's own list is selected from the search's results and whatever racing inserts linked to it meanwhile, so
 * a parallel build keeps their reverse links. Each list is written under its node's lock, one lock at a time,
 * so inserts run in parallel without deadlock. Vectors are read from the
 * source through scorers of the build metric. Not thread-safe; one per thread.
 */
public final class GraphBuilder {
    private final HnswGraph graph;
    private final int efConstruction;
    private final GraphSearcher searcher;
    private final NeighbourSelector selector;
    private final VectorScorer query;
    private final VectorScorer base;
    private final int[] selected;
    private final int[] existing;
    private final int[] reselected;
    private final long[] pool;
    /** The node's own candidates: the layer search's results and the links racing inserts made meanwhile. */
    private long[] candidates;

    /**
     * A builder for {@code graph} over {@code source}: distances of the metric the graph is built with (see
     * {@link #buildMetric}).
     */
    public GraphBuilder(HnswGraph graph, VectorSource source, int efConstruction) {
        this.graph = graph;
        this.efConstruction = efConstruction;
        this.searcher = new GraphSearcher(graph);
        DistanceMetric metric = buildMetric(source.metric());
        this.selector = new NeighbourSelector(source.scorer(metric));
        this.query = source.scorer(metric);
        this.base = source.scorer(metric);
        int m0 = graph.maxConnections(0);
        this.selected = new int[m0 + 1];
        this.existing = new int[m0 + 1];
        this.reselected = new int[m0 + 1];
        this.pool = new long[m0 + 1];
        this.candidates = new long[efConstruction + m0 + 1];
    }

    /**
     * The metric the graph is linked with: the source's, except squared euclidean for dot product, whose negated
     * inner product is no metric (a vector is not its own nearest neighbour), so links made with it do not
     * navigate; queries still rank by the dot product.
     */
    public static DistanceMetric buildMetric(DistanceMetric metric) {
        return metric == DistanceMetric.DOT_PRODUCT ? DistanceMetric.EUCLIDEAN : metric;
    }

    /**
     * Links {@code node} (present, its vector in the source) into the graph at {@code level}; a node already
     * linked is linked again from its current vector (its old lists are replaced; links other nodes made to it
     * stay, as long-range links).
     */
    public void insert(int node, int level) {
        long e = graph.entry();
        if (HnswGraph.entryNode(e) < 0) {
            if (graph.offerEntry(node, level)) {
                graph.mark(node, HnswGraph.READY);
                return;
            }
            e = graph.entry();
        }
        query.query(node);
        int limit = graph.limit();
        int top = HnswGraph.entryLevel(e);
        int ep = HnswGraph.entryNode(e);
        long cur = LongHeap.pack(query.distance(ep), ep);
        for (int layer = top; layer > level; layer--) {
            cur = searcher.greedy(query, cur, layer, limit);
        }
        long[] entries = {cur};
        int nEntries = 1;
        for (int layer = Math.min(top, level); layer >= 0; layer--) {
            long[] w = searcher.searchLayer(query, entries, nEntries, efConstruction, layer, null, limit);
            // The node itself is reached through its own old lists or a reverse link of a racing insert.
            int n = 0;
            for (long p : w) {
                if (LongHeap.node(p) != node) {
                    w[n++] = p;
                }
            }
            int max = graph.maxConnections(layer);
            int k = selectOwn(node, layer, w, n, max);
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

    /**
     * Selects and writes the list of {@code node} on {@code layer} from the layer search's results
     * {@code w[0..n)} (ascending) and the links its list holds now (a racing insert's reverse links, or a
     * re-linked node's old list): written over without them, a racing insert's link to the node would be lost
     * one way. Returns how many were selected into {@link #selected}.
     */
    private int selectOwn(int node, int layer, long[] w, int n, int max) {
        synchronized (graph.lock(node)) {
            int have = graph.neighbours(node, layer, existing, Integer.MAX_VALUE);
            long[] c = w;
            int total = n;
            if (have > 0) {
                if (candidates.length < n + have) {
                    candidates = new long[n + have];
                }
                c = candidates;
                System.arraycopy(w, 0, c, 0, n);
                for (int i = 0; i < have; i++) {
                    int e = existing[i];
                    if (e != node && !contains(w, n, e)) {
                        c[total++] = LongHeap.pack(query.distance(e), e);
                    }
                }
                if (total > n) {
                    Arrays.sort(c, 0, total);
                }
            }
            int k = selector.select(c, total, max, selected);
            graph.setNeighbours(node, layer, selected, k);
            return k;
        }
    }

    private static boolean contains(long[] packed, int n, int node) {
        for (int i = 0; i < n; i++) {
            if (LongHeap.node(packed[i]) == node) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds the reverse link {@code from -> to}: appended while the list has room; else the list is selected
     * again by the heuristic (Algorithm 4) from its links and {@code to}, nearest first, which keeps at most
     * {@code max} and may keep fewer (or drop {@code to}).
     */
    void link(int from, int to, int layer, int max) {
        synchronized (graph.lock(from)) {
            if (graph.tryAppend(from, layer, to)) {
                return;
            }
            int n = graph.neighbours(from, layer, existing, Integer.MAX_VALUE);
            base.query(from);
            for (int i = 0; i < n; i++) {
                pool[i] = LongHeap.pack(base.distance(existing[i]), existing[i]);
            }
            pool[n] = LongHeap.pack(base.distance(to), to);
            Arrays.sort(pool, 0, n + 1);
            int k = selector.select(pool, n + 1, max, reselected);
            graph.setNeighbours(from, layer, reselected, k);
        }
    }
}
