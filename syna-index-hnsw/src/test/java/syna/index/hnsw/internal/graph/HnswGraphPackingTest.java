package syna.index.hnsw.internal.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import syna.tests.Seeded;

/**
 * Packing a graph keeps every flag and list, pages are made only where ordinals are added, and the graph keeps
 * growing after it.
 */
@Seeded
class HnswGraphPackingTest {
    @Test
    void flagsAndListsSurvivePackingAndLaterGrowth(SplittableRandom r) {
        HnswGraph g = new HnswGraph(4);
        int n = 2 * HnswGraph.PAGE_SIZE + 1 + r.nextInt(HnswGraph.PAGE_SIZE - 1);
        int far = 10 * HnswGraph.PAGE_SIZE + 3; // pages 3..9 stay unmade
        int[] nodes = new int[n + 1];
        for (int i = 0; i < n; i++) {
            nodes[i] = i;
        }
        nodes[n] = far;
        int[][] lists = new int[far + 1][];
        for (int node : nodes) {
            assertTrue(g.allocate(node, x -> x % 5 == 0 ? 2 : 0));
            int[] l = new int[1 + r.nextInt(8)];
            for (int j = 0; j < l.length; j++) {
                l[j] = nodes[r.nextInt(nodes.length)];
            }
            l = Arrays.stream(l).distinct().sorted().toArray();
            lists[node] = l;
            synchronized (g.lock(node)) {
                g.setNeighbours(node, 0, l, l.length);
            }
            g.mark(node, HnswGraph.READY | (node % 3 == 0 ? HnswGraph.DELETED : 0));
        }
        assertFalse(g.allocate(7, x -> 1), "a present node keeps its level and lists");
        assertEquals(far + 1, g.limit());
        assertFalse(g.isPresent(5 * HnswGraph.PAGE_SIZE), "an ordinal never added");
        assertEquals(0, g.meta(5 * HnswGraph.PAGE_SIZE));
        assertEquals(0, g.neighbours(5 * HnswGraph.PAGE_SIZE, 0, new int[8], Integer.MAX_VALUE));
        g.compact();
        assertEquals(0, g.mutableNodes());
        int grown = n; // a node of a packed page added later thaws it
        assertTrue(g.allocate(grown, x -> 1));
        g.mark(grown, HnswGraph.READY);
        assertTrue(g.mutableNodes() > 0, "allocation thaws its page");
        for (int round = 0; round < 2; round++) {
            int[] buf = new int[8];
            for (int node : nodes) {
                int level = node % 5 == 0 ? 2 : 0;
                int flags = node % 3 == 0 ? HnswGraph.READY | HnswGraph.DELETED : HnswGraph.READY;
                assertEquals(level | flags | HnswGraph.PRESENT, g.meta(node), "flags of node " + node);
                int c = g.neighbours(node, 0, buf, Integer.MAX_VALUE);
                assertArrayEquals(lists[node], Arrays.copyOf(buf, c), "list of node " + node);
            }
            assertEquals(1 | HnswGraph.READY | HnswGraph.PRESENT, g.meta(grown));
            g.compact();
        }
    }
}
