package syna.index.hnsw.internal.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import syna.api.DistanceMetric;
import syna.api.Vectors;
import syna.tests.Seeded;

/** Packing a graph keeps every id, flag and vector, and the graph keeps growing after it. */
@Seeded
class HnswGraphPackingTest {
    @Test
    void idsFlagsAndVectorsSurvivePackingAndLaterGrowth(SplittableRandom r) {
        int dim = 3;
        VectorPages v = new VectorPages(dim, DistanceMetric.EUCLIDEAN, Vectors.kernels(), MemorySegment.NULL, 0);
        HnswGraph g = new HnswGraph(4, v);
        int n = 2 * HnswGraph.PAGE_SIZE + 1 + r.nextInt(HnswGraph.PAGE_SIZE - 1);
        long[] ids = new long[n + 700];
        float[][] vecs = new float[ids.length][];
        // Page 0: ids spread over the whole long range; page 1: one repeated id; the rest: a narrow run.
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i < HnswGraph.PAGE_SIZE ? (r.nextBoolean() ? r.nextLong() : (r.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE))
                    : i < 2 * HnswGraph.PAGE_SIZE ? 42 : 1_000_000 + i + r.nextInt(100);
            vecs[i] = new float[] {r.nextFloat(), r.nextFloat(), i};
        }
        for (int i = 0; i < n; i++) {
            int node = g.allocate(ids[i], x -> x % 5 == 0 ? 2 : 0);
            assertEquals(i, node);
            g.setVector(node, vecs[i]);
            g.mark(node, HnswGraph.READY | (i % 3 == 0 ? HnswGraph.DELETED : 0));
        }
        g.compact();
        assertEquals(0, g.mutableNodes());
        for (int i = n; i < ids.length; i++) {
            int node = g.allocate(ids[i], x -> 1);
            g.setVector(node, vecs[i]);
            g.mark(node, HnswGraph.READY);
        }
        assertTrue(g.mutableNodes() > 0, "allocation thaws the last page");
        for (int round = 0; round < 2; round++) {
            float[] got = new float[dim];
            for (int i = 0; i < ids.length; i++) {
                assertEquals(ids[i], g.id(i), "id of node " + i);
                int level = i >= n ? 1 : i % 5 == 0 ? 2 : 0;
                int flags = i < n && i % 3 == 0 ? HnswGraph.READY | HnswGraph.DELETED : HnswGraph.READY;
                assertEquals(level | flags, g.meta(i), "flags of node " + i);
                v.copy(i, got);
                assertArrayEquals(vecs[i], got, "vector of node " + i);
            }
            g.compact();
        }
    }
}
