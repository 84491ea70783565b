package syna.index.gwi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import syna.api.DistanceMetric;
import syna.index.gwi.internal.cluster.CentroidSpace;
import syna.index.gwi.internal.search.Router;
import syna.index.gwi.internal.tree.CentroidTree;
import syna.tests.Seeded;

/**
 * The batched distances of a centroid space equal the one-row distances for every metric and every count (the
 * four-row kernel and its remainder), and ranking leaves with an unprepared cosine vector orders them as the
 * prepared one does (the shortcut routing and reassignment take).
 */
@Seeded
class CentroidSpaceTest {
    private static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    @Test
    void batchedDistancesEqualOneRowDistances(SplittableRandom r) {
        for (DistanceMetric m : DistanceMetric.values()) {
            for (int dim : new int[] {3, 8, 37, 384}) {
                CentroidSpace space = new CentroidSpace(dim, m);
                int rows = 11;
                float[] c = random(r, rows * dim);
                for (int row = 0; row < rows; row++) {
                    space.finish(c, row);
                }
                float[] q = random(r, dim);
                space.prepare(q);
                for (int n = 0; n <= rows; n++) {
                    int from = rows - n;
                    float[] out = new float[n];
                    space.distances(q, c, from, n, out);
                    int[] picked = new int[n];
                    for (int i = 0; i < n; i++) {
                        picked[i] = r.nextInt(rows);
                    }
                    float[] byRow = new float[n];
                    space.distances(q, c, picked, n, byRow);
                    for (int i = 0; i < n; i++) {
                        float want = space.distance(q, c, from + i);
                        assertEquals(want, out[i], 1e-4f * Math.max(1, Math.abs(want)), m + " dim " + dim + " n " + n);
                        float wantRow = space.distance(q, c, picked[i]);
                        assertEquals(wantRow, byRow[i], 1e-4f * Math.max(1, Math.abs(wantRow)), m + " rows, n " + n);
                    }
                }
            }
        }
    }

    @Test
    void anUnpreparedCosineVectorRanksLeavesAsThePreparedOne(SplittableRandom r) {
        int dim = 16;
        CentroidSpace space = new CentroidSpace(dim, DistanceMetric.COSINE);
        CentroidTree tree = new CentroidTree(dim, 2);
        for (int p = 0; p < 4; p++) {
            float[] c = random(r, dim);
            space.prepare(c);
            int parent = tree.add(0, c, 0, -1);
            for (int l = 0; l < 6; l++) {
                float[] leaf = random(r, dim);
                space.prepare(leaf);
                tree.add(1, leaf, 0, parent);
            }
        }
        Router a = new Router();
        Router b = new Router();
        for (int t = 0; t < 200; t++) {
            float[] x = random(r, dim);
            float scale = (float) (0.01 + 100 * r.nextDouble());
            for (int i = 0; i < dim; i++) {
                x[i] *= scale;
            }
            float[] prepared = x.clone();
            space.prepare(prepared);
            int n = a.rank(tree, space, x, 2);
            assertEquals(n, b.rank(tree, space, prepared, 2));
            assertEquals(b.leaf(0), a.leaf(0), "nearest leaf of trial " + t);
        }
    }
}
