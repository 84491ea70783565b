package syna.index.gwi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import syna.api.DistanceMetric;
import syna.index.gwi.GwiOptions;
import syna.index.gwi.internal.cluster.CentroidSpace;
import syna.tests.Datasets;
import syna.tests.Seeded;

/**
 * A build's leaves end centred on the vectors filed under them (not on their share of the training sample),
 * and each upper node on its children's weighted mean, on every metric.
 */
@Seeded
class TrainerTest {
    @Test
    void aBuildCentresEveryLeafOnItsList(SplittableRandom r) {
        for (DistanceMetric metric : DistanceMetric.values()) {
            float[][] data = Datasets.gaussianMixture(r, 5_000, 16, 25, 0.3);
            TestSource src = new TestSource(data, metric);
            GwiOptions o = GwiOptions.builder().listSize(50).trainSize(data.length).sampleSize(1_000).seed(r.nextLong())
                    .rebalance(GwiOptions.Rebalance.OFF).build();
            try (GravityWell g = new GravityWell(src, o, o.seed().orElse(1L), "trainer-test")) {
                int[] all = new int[data.length];
                for (int i = 0; i < all.length; i++) {
                    all[i] = i;
                }
                g.addAll(all);
                assertTrue(g.trained(), metric.toString());
                g.read((tree, postings, branching) -> {
                    CentroidSpace space = new CentroidSpace(src.dimension(), GravityWell.partitionMetric(metric));
                    int dim = src.dimension();
                    int lvl = tree.leafLevel();
                    float[] x = new float[dim];
                    float[] c = new float[dim];
                    int leaves = 0;
                    for (int leaf = 0; leaf < tree.capacity(lvl); leaf++) {
                        if (!tree.isLive(lvl, leaf) || postings.size(leaf) == 0) {
                            continue;
                        }
                        leaves++;
                        double[] sum = new double[dim];
                        for (int j = 0; j < postings.size(leaf); j++) {
                            src.copy(postings.list(leaf)[j], x);
                            space.prepare(x);
                            for (int t = 0; t < dim; t++) {
                                sum[t] += x[t];
                            }
                        }
                        float[] mean = new float[dim];
                        for (int t = 0; t < dim; t++) {
                            mean[t] = (float) (sum[t] / postings.size(leaf));
                        }
                        space.finish(mean, 0);
                        tree.copy(lvl, leaf, c);
                        for (int t = 0; t < dim; t++) {
                            assertEquals(mean[t], c[t], 1e-4f, metric + ": leaf " + leaf + "[" + t + "]");
                        }
                    }
                    assertTrue(leaves > 50, metric + ": " + leaves + " leaves");
                    return null;
                });
            }
        }
    }
}
