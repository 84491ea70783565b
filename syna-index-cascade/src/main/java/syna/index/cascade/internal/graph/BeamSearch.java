package syna.index.cascade.internal.graph;

import java.util.Arrays;
import syna.api.spi.VectorScorer;
import syna.index.cascade.internal.util.Packed;

/**
 * Best-first beam search over the neighbour graph (the greedy search of DiskANN's Vamana, with a beam of
 * {@code ef}): candidates in a min-heap, the {@code ef} best acceptable nodes in a bounded max-heap; it stops
 * when the nearest candidate is farther than the worst kept result. Tombstones are walked through but never
 * kept. Seeds are offered first, each scored once. Scratch for one thread at a time.
 */
public final class BeamSearch {
    /** Which nodes may be results. */
    @FunctionalInterface
    public interface Accept {
        /** Whether {@code node} may be a result. */
        boolean test(int node);
    }

    /** Per node the generation that last visited it: a byte a node, cleared once every 255 searches. */
    private byte[] visited = new byte[0];
    private int generation;
    private byte stamp;
    private long[] cand = new long[64];
    private int candSize;
    private long[] res = new long[64];
    private int resSize;
    private long distances;
    private NeighbourGraph graph;
    private VectorScorer scorer;
    private Accept accept;
    private int ef;
    /** Seeds offered and not yet scored: nodes, their ordinals, scratch for their distances. */
    private int[] seedNodes = new int[32];
    private int[] seedOrds = new int[32];
    private float[] seedDists = new float[32];
    private int seedCount;
    /** One expansion's unvisited neighbours: nodes, their ordinals, their distances. */
    private int[] nbs = new int[32];
    private int[] ords = new int[32];
    private float[] dists = new float[32];

    /**
     * Starts a search over {@code graph} measuring with {@code scorer}, keeping {@code ef} nodes {@code accept}s
     * (null: the live nodes, tested in place rather than through a call).
     */
    public void begin(NeighbourGraph graph, VectorScorer scorer, int ef, Accept accept) {
        this.graph = graph;
        this.scorer = scorer;
        this.ef = ef;
        this.accept = accept;
        if (visited.length < graph.count()) {
            visited = new byte[Math.max(graph.count(), visited.length + (visited.length >> 1) + 64)];
            generation = 0;
        }
        if (++generation == 256) {
            Arrays.fill(visited, (byte) 0);
            generation = 1;
        }
        stamp = (byte) generation;
        candSize = 0;
        resSize = 0;
        seedCount = 0;
        if (res.length < ef + 1) {
            res = new long[ef + 1];
        }
    }

    /** Distances computed since the last {@link #takeDistances}. */
    public long takeDistances() {
        long d = distances;
        distances = 0;
        return d;
    }

    /** Queues {@code node} unless already seen; the seeds are scored together when the beam runs. */
    public void seed(int node) {
        if (node < 0 || node >= graph.count() || visited[node] == stamp || graph.state(node) == NeighbourGraph.FREE) {
            return;
        }
        visited[node] = stamp;
        if (seedCount == seedNodes.length) {
            seedNodes = Arrays.copyOf(seedNodes, 2 * seedCount);
            seedOrds = Arrays.copyOf(seedOrds, 2 * seedCount);
            seedDists = new float[2 * seedCount];
        }
        seedNodes[seedCount] = node;
        seedOrds[seedCount++] = graph.ordinalOf(node);
    }

    /** Scores the seeds offered since the last call in one batch and queues them. */
    private void flushSeeds() {
        int m = seedCount;
        if (m == 0) {
            return;
        }
        seedCount = 0;
        scorer.distances(seedOrds, m, seedDists);
        distances += m;
        for (int i = 0; i < m; i++) {
            long p = Packed.pack(seedDists[i], seedNodes[i]);
            pushCand(p);
            if (accepts(seedNodes[i])) {
                offerResult(p);
            }
        }
    }

    /** Runs the beam until it settles or {@code budget} distances were spent; returns the results kept. */
    public int run(long budget) {
        int[] adj = graph.adjacency();
        int stride = graph.stride();
        long spent = 0;
        flushSeeds();
        while (candSize > 0) {
            long c = popCand();
            if (resSize >= ef && c > res[0]) {
                break;
            }
            int node = Packed.id(c);
            int base = node * stride;
            int d = graph.degreeOf(node);
            if (nbs.length < d) {
                nbs = new int[d];
                ords = new int[d];
                dists = new float[d];
            }
            // the node's unvisited neighbours measured in one call: the scorer reads several vectors a pass
            int m = 0;
            for (int i = 0; i < d; i++) {
                int nb = adj[base + i];
                if (visited[nb] == stamp) {
                    continue;
                }
                visited[nb] = stamp;
                if (graph.state(nb) == NeighbourGraph.FREE) {
                    continue;
                }
                nbs[m] = nb;
                ords[m++] = graph.ordinalOf(nb);
            }
            if (m > 0) {
                scorer.distances(ords, m, dists);
            }
            spent += m;
            distances += m;
            for (int j = 0; j < m; j++) {
                int nb = nbs[j];
                long p = Packed.pack(dists[j], nb);
                if (resSize < ef || p < res[0]) {
                    pushCand(p);
                    if (accepts(nb)) {
                        offerResult(p);
                    }
                }
            }
            if (spent > budget) {
                break;
            }
        }
        return resSize;
    }

    private boolean accepts(int node) {
        Accept a = accept;
        return a == null ? graph.state(node) == NeighbourGraph.LIVE : a.test(node);
    }

    /** The kept results, nearest first (packed distance, node). */
    public long[] results() {
        flushSeeds();
        long[] out = Arrays.copyOf(res, resSize);
        Arrays.sort(out);
        return out;
    }

    private void offerResult(long p) {
        if (resSize < ef) {
            int i = resSize++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (res[parent] >= p) {
                    break;
                }
                res[i] = res[parent];
                i = parent;
            }
            res[i] = p;
        } else if (p < res[0]) {
            int i = 0;
            int half = resSize >>> 1;
            while (i < half) {
                int c = 2 * i + 1;
                if (c + 1 < resSize && res[c + 1] > res[c]) {
                    c++;
                }
                if (res[c] <= p) {
                    break;
                }
                res[i] = res[c];
                i = c;
            }
            res[i] = p;
        }
    }

    private void pushCand(long p) {
        if (candSize == cand.length) {
            cand = Arrays.copyOf(cand, candSize * 2);
        }
        int i = candSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (cand[parent] <= p) {
                break;
            }
            cand[i] = cand[parent];
            i = parent;
        }
        cand[i] = p;
    }

    private long popCand() {
        long top = cand[0];
        long last = cand[--candSize];
        int i = 0;
        int half = candSize >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            if (c + 1 < candSize && cand[c + 1] < cand[c]) {
                c++;
            }
            if (cand[c] >= last) {
                break;
            }
            cand[i] = cand[c];
            i = c;
        }
        if (candSize > 0) {
            cand[i] = last;
        }
        return top;
    }
}
