package syna.index.cascade.internal.lsh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import syna.index.cascade.internal.util.IntList;
import syna.tests.Datasets;
import syna.tests.Seeded;

/** Hashing, margin-ordered multi-probe and bucket splits through the centroid. */
@Seeded
class HyperplanesTest {
    @Test
    void sameSeedSamePlanesAndUnitNormals(SplittableRandom r) {
        long seed = r.nextLong();
        Hyperplanes a = Hyperplanes.generate(3, 5, 7, seed, new float[7]);
        Hyperplanes b = Hyperplanes.generate(3, 5, 7, seed, new float[7]);
        assertEquals(java.util.Arrays.toString(a.planes()), java.util.Arrays.toString(b.planes()));
        for (int i = 0; i < 15; i++) {
            double s = 0;
            for (int j = 0; j < 7; j++) {
                s += a.planes()[i * 7 + j] * a.planes()[i * 7 + j];
            }
            assertEquals(1, s, 1e-5);
        }
    }

    @Test
    void probesFlipTheSmallestMarginsFirstAndNeverRepeat(SplittableRandom r) {
        Hyperplanes h = Hyperplanes.generate(1, 6, 10, r.nextLong(), new float[10]);
        float[] v = Datasets.uniform(r, 1, 10)[0];
        float[] proj = new float[6];
        h.project(v, proj);
        int[] out = new int[64];
        int n = h.probes(proj, 0, 64, out, 0, new Hyperplanes.ProbeScratch());
        assertEquals(64, n, "all 2^6 buckets in the end");
        assertEquals(h.hash(proj, 0), out[0]);
        Set<Integer> seen = new HashSet<>();
        double last = -1;
        for (int i = 0; i < n; i++) {
            assertTrue(seen.add(out[i]), "bucket " + out[i] + " probed twice");
            int flipped = out[i] ^ out[0];
            double score = 0;
            for (int bit = 0; bit < 6; bit++) {
                if ((flipped & (1 << bit)) != 0) {
                    score += proj[bit] * proj[bit];
                }
            }
            assertTrue(score >= last - 1e-6, "probe " + i + " scores " + score + " after " + last);
            last = score;
        }
    }

    @Test
    void overfullLeavesSplitByAPlaneThroughTheirCentroid(SplittableRandom r) {
        int dim = 6;
        float[][] v = Datasets.gaussianMixture(r, 400, dim, 2, 0.05);
        BucketForest f = new BucketForest(1, 1, dim, 50, 3);
        for (int i = 0; i < v.length; i++) {
            int node = i;
            f.insert(0, 0, node, v[i], (n, dst) -> System.arraycopy(v[n], 0, dst, 0, dim));
        }
        assertTrue(f.nodes() > 1, "the bucket split");
        int root = f.root(0, 0);
        assertTrue(f.left(root) >= 0);
        int leaves = 0;
        int members = 0;
        for (int tn = 0; tn < f.nodes(); tn++) {
            if (f.left(tn) < 0) {
                leaves++;
                IntList m = f.members(tn);
                members += m.size();
                assertTrue(f.depth(tn) <= 3);
            }
        }
        assertEquals(400, members, "every member in exactly one leaf");
        assertTrue(leaves >= 2);
        // the root split when its leaf first held 51 members; its plane passes through their centroid
        float[] c = new float[dim];
        for (int i = 0; i < 51; i++) {
            for (int j = 0; j < dim; j++) {
                c[j] += v[i][j] / 51;
            }
        }
        float[] normal = new float[dim];
        f.normal(root, normal);
        double dot = 0;
        for (int j = 0; j < dim; j++) {
            dot += c[j] * normal[j];
        }
        assertEquals(f.offset(root), dot, 1e-3 * Math.max(1, Math.abs(dot)));
    }
}
