package syna.index.hnsw.internal.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import syna.api.DistanceMetric;
import syna.api.spi.ArrayVectorSource;
import syna.index.hnsw.internal.graph.HnswGraph;
import syna.tests.Seeded;

/**
 * The builder's list maintenance: an overflowing list is selected again by the paper's heuristic (Algorithm 4)
 * from its links and the new one, and a node's own list keeps the links racing inserts made to it.
 */
@Seeded
class GraphBuilderTest {
    private static float dist(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            float d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }

    /** Algorithm 4 written out plainly: nearest first, keep one closer to the base than to every one kept. */
    private static int[] reference(float[][] v, int base, List<Integer> candidates, int max) {
        List<Integer> c = new ArrayList<>(candidates);
        c.sort(Comparator.comparingDouble((Integer x) -> dist(v[base], v[x])).thenComparingInt(x -> x));
        List<Integer> kept = new ArrayList<>();
        for (int e : c) {
            if (kept.size() == max) {
                break;
            }
            boolean good = true;
            for (int r : kept) {
                if (dist(v[e], v[r]) < dist(v[e], v[base])) {
                    good = false;
                    break;
                }
            }
            if (good) {
                kept.add(e);
            }
        }
        return kept.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private static int[] list(HnswGraph g, int node) {
        int[] buf = new int[2 * g.maxConnections() + 1];
        int n = g.neighbours(node, 0, buf, Integer.MAX_VALUE);
        return Arrays.stream(buf, 0, n).sorted().toArray();
    }

    private static HnswGraph graphOf(int m, int nodes) {
        HnswGraph g = new HnswGraph(m);
        for (int i = 0; i < nodes; i++) {
            g.allocate(i, x -> 0);
        }
        return g;
    }

    @Test
    void anOverflowingListOfCollinearPointsShrinksToTheNearest() {
        // Node 0 at the origin, nodes 1..9 on one ray: each is closer to a nearer one than to 0, so the
        // heuristic keeps only node 1 (dropping the single worst link would keep 8).
        int m = 4;
        float[][] v = new float[10][];
        for (int i = 0; i < v.length; i++) {
            v[i] = new float[] {i, 0};
        }
        ArrayVectorSource source = ArrayVectorSource.of(v, DistanceMetric.EUCLIDEAN);
        HnswGraph g = graphOf(m, v.length);
        int[] full = {2, 3, 4, 5, 6, 7, 8, 9};
        synchronized (g.lock(0)) {
            g.setNeighbours(0, 0, full, full.length);
        }
        new GraphBuilder(g, source, 16).link(0, 1, 0, 2 * m);
        assertArrayEquals(new int[] {1}, list(g, 0));
    }

    @RepeatedTest(5)
    void anOverflowingListIsWhatTheHeuristicSelects(SplittableRandom r) {
        int m = 4 + r.nextInt(5);
        int n = 2 * m + 2;
        float[][] v = new float[n][];
        for (int i = 0; i < n; i++) {
            v[i] = new float[4];
            for (int j = 0; j < 4; j++) {
                v[i][j] = (float) r.nextGaussian();
            }
        }
        ArrayVectorSource source = ArrayVectorSource.of(v, DistanceMetric.EUCLIDEAN);
        HnswGraph g = graphOf(m, n);
        int[] full = new int[2 * m];
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < full.length; i++) {
            full[i] = i + 1;
            all.add(i + 1);
        }
        synchronized (g.lock(0)) {
            g.setNeighbours(0, 0, full, full.length);
        }
        int added = n - 1;
        all.add(added);
        new GraphBuilder(g, source, 16).link(0, added, 0, 2 * m);
        assertArrayEquals(reference(v, 0, all, 2 * m), list(g, 0));
    }

    @Test
    void aNodesOwnListKeepsTheLinkARacingInsertMadeToIt() {
        // Node 3 is the new node's nearest but unreachable from the entry (nothing links to it): only the link a
        // racing insert of 3 appended to 2's list before 2 wrote its own tells of it. Writing 2's list from
        // its search alone would lose it.
        float[][] v = {{0, 0}, {10, 0}, {20, 0}, {20, 1}};
        ArrayVectorSource source = ArrayVectorSource.of(v, DistanceMetric.EUCLIDEAN);
        HnswGraph g = graphOf(4, v.length);
        GraphBuilder b = new GraphBuilder(g, source, 16);
        b.insert(0, 0);
        b.insert(1, 0);
        synchronized (g.lock(2)) {
            assertTrue(g.tryAppend(2, 0, 3));
        }
        b.insert(2, 0);
        assertTrue(Arrays.stream(list(g, 2)).anyMatch(x -> x == 3), "2 keeps its link to 3: " + Arrays.toString(list(g, 2)));
    }
}
