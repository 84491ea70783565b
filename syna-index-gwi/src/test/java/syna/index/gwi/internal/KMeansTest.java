package syna.index.gwi.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import syna.api.DistanceMetric;
import syna.index.gwi.internal.cluster.CentroidSpace;
import syna.index.gwi.internal.cluster.KMeans;
import syna.index.gwi.internal.cluster.OrdinalPoints;
import syna.tests.Seeded;

/** k-means finds well-separated clusters, is reproducible, and keeps spherical centroids on the sphere. */
@Seeded
class KMeansTest {
    /** Points around {@code k} far-apart centres, point i in cluster i % k. */
    private static float[][] separated(SplittableRandom r, int n, int dim, int k) {
        float[][] centres = new float[k][dim];
        for (int c = 0; c < k; c++) {
            centres[c][c % dim] = 10 * (1 + c / dim);
            centres[c][(c + 1) % dim] = c % 2 == 0 ? 5 : -5;
        }
        float[][] v = new float[n][dim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                v[i][j] = centres[i % k][j] + (float) r.nextDouble(-0.1, 0.1);
            }
        }
        return v;
    }

    private static int[] range(int n) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        return o;
    }

    @Test
    void recoversSeparatedClusters(SplittableRandom r) {
        int k = 7;
        float[][] data = separated(r, 700, 9, k);
        CentroidSpace space = new CentroidSpace(9, DistanceMetric.EUCLIDEAN);
        KMeans.Result res = KMeans.run(new OrdinalPoints(new TestSource(data, DistanceMetric.EUCLIDEAN), space, range(700)),
                k, 20, space, new SplittableRandom(r.nextLong()));
        assertEquals(k, res.k());
        // every cluster of the data maps to exactly one k-means cluster and each holds 100 points
        for (int c = 0; c < k; c++) {
            int label = res.assignment()[c];
            for (int i = c; i < 700; i += k) {
                assertEquals(label, res.assignment()[i], "point " + i + " split from its cluster");
            }
        }
        for (int s : res.sizes()) {
            assertEquals(100, s);
        }
    }

    @Test
    void sameSeedSameCentroids(SplittableRandom r) {
        float[][] data = syna.tests.Datasets.gaussianMixture(r, 500, 8, 5, 0.3);
        CentroidSpace space = new CentroidSpace(8, DistanceMetric.COSINE);
        TestSource src = new TestSource(data, DistanceMetric.COSINE);
        long seed = r.nextLong();
        KMeans.Result a = KMeans.run(new OrdinalPoints(src, space, range(500)), 12, 10, space, new SplittableRandom(seed));
        KMeans.Result b = KMeans.run(new OrdinalPoints(src, space, range(500)), 12, 10, space, new SplittableRandom(seed));
        assertArrayEquals(a.centroids(), b.centroids());
        assertArrayEquals(a.assignment(), b.assignment());
    }

    @Test
    void aReusedWorkspaceGivesWhatAFreshCopyGives(SplittableRandom r) {
        float[][] data = syna.tests.Datasets.gaussianMixture(r, 600, 8, 5, 0.3);
        CentroidSpace space = new CentroidSpace(8, DistanceMetric.COSINE);
        TestSource src = new TestSource(data, DistanceMetric.COSINE);
        KMeans.Workspace ws = new KMeans.Workspace();
        // a larger run first leaves its points in the buffer beyond the next, smaller run's
        KMeans.run(new OrdinalPoints(src, space, range(600)), 4, 10, space, new SplittableRandom(1), true, ws);
        int[] half = new int[250];
        for (int i = 0; i < half.length; i++) {
            half[i] = 599 - 2 * i;
        }
        for (int k : new int[] {2, 5}) {
            long seed = r.nextLong();
            KMeans.Result fresh = KMeans.run(new OrdinalPoints(src, space, half), k, 10, space, new SplittableRandom(seed));
            KMeans.Result reused = KMeans.run(new OrdinalPoints(src, space, half), k, 10, space,
                    new SplittableRandom(seed), true, ws);
            assertArrayEquals(fresh.centroids(), reused.centroids(), "k " + k);
            assertArrayEquals(fresh.assignment(), reused.assignment(), "k " + k);
            assertArrayEquals(fresh.nearest(), reused.nearest(), "k " + k);
        }
    }

    @Test
    void sphericalCentroidsAreUnitLength(SplittableRandom r) {
        float[][] data = syna.tests.Datasets.gaussianMixture(r, 400, 16, 6, 0.4);
        CentroidSpace space = new CentroidSpace(16, DistanceMetric.COSINE);
        KMeans.Result res = KMeans.run(new OrdinalPoints(new TestSource(data, DistanceMetric.COSINE), space, range(400)),
                10, 10, space, new SplittableRandom(r.nextLong()));
        for (int c = 0; c < res.k(); c++) {
            double s = 0;
            for (int j = 0; j < 16; j++) {
                float x = res.centroids()[c * 16 + j];
                s += x * x;
            }
            assertEquals(1.0, s, 1e-4, "centroid " + c);
        }
    }

    @Test
    void fewerPointsThanClustersAndIdenticalPoints() {
        CentroidSpace space = new CentroidSpace(3, DistanceMetric.EUCLIDEAN);
        float[][] same = {{1, 2, 3}, {1, 2, 3}, {1, 2, 3}, {1, 2, 3}};
        KMeans.Result res = KMeans.run(new OrdinalPoints(new TestSource(same, DistanceMetric.EUCLIDEAN), space, range(4)),
                10, 5, space, new SplittableRandom(1));
        assertEquals(4, res.k(), "k is capped by the points");
        int nonEmpty = 0;
        for (int s : res.sizes()) {
            nonEmpty += s > 0 ? 1 : 0;
        }
        assertTrue(nonEmpty >= 1);
        assertEquals(4, java.util.Arrays.stream(res.sizes()).sum());
    }

    /**
     * The clusters' sums follow the points that change cluster rather than being summed afresh each pass: once
     * converged, every centroid is still the (finished) mean of its points, the sizes count them, and each point's
     * returned distance is to its own centroid. Overlapping clusters and many duplicates (so clusters empty and
     * restart) on every metric.
     */
    @Test
    void movedPointsKeepTheMeansExact(SplittableRandom r) {
        for (DistanceMetric metric : DistanceMetric.values()) {
            float[][] data = syna.tests.Datasets.gaussianMixture(r, 600, 12, 5, 0.8);
            for (int i = 300; i < 600; i++) {
                data[i] = data[i % 7].clone(); // duplicates: clusters of copies empty and restart
            }
            CentroidSpace space = new CentroidSpace(12, metric == DistanceMetric.DOT_PRODUCT ? DistanceMetric.EUCLIDEAN : metric);
            OrdinalPoints points = new OrdinalPoints(new TestSource(data, metric), space, range(600));
            KMeans.Result res = KMeans.run(points, 40, 200, space, new SplittableRandom(r.nextLong()));
            float[] x = new float[12];
            double[][] sums = new double[res.k()][12];
            int[] counts = new int[res.k()];
            for (int i = 0; i < 600; i++) {
                points.read(i, x);
                int j = res.assignment()[i];
                counts[j]++;
                for (int t = 0; t < 12; t++) {
                    sums[j][t] += x[t];
                }
                assertEquals(space.distance(x, res.centroids(), j), res.nearest()[i], 1e-5f, metric + ": point " + i);
            }
            assertArrayEquals(counts, res.sizes(), metric + ": sizes");
            for (int j = 0; j < res.k(); j++) {
                if (counts[j] == 0) {
                    continue;
                }
                float[] mean = new float[12];
                for (int t = 0; t < 12; t++) {
                    mean[t] = (float) (sums[j][t] / counts[j]);
                }
                space.finish(mean, 0);
                for (int t = 0; t < 12; t++) {
                    assertEquals(mean[t], res.centroids()[j * 12 + t], 1e-4f, metric + ": centroid " + j + "[" + t + "]");
                }
            }
        }
    }

    /**
     * Four points against four centroids a step gives the clustering of one point at a time: the same assignment,
     * sizes, centroids and distances up to float rounding, for every metric, with a block of fewer than four points
     * at the end, with duplicates that empty clusters, and on points read afresh (one pass without iterations keeps
     * no copy of them).
     */
    @Test
    void tilesGiveTheSameClustering(SplittableRandom r) {
        for (DistanceMetric metric : DistanceMetric.values()) {
            for (int variant = 0; variant < 3; variant++) {
                int n = 3001;
                int dim = 37;
                float[][] data = syna.tests.Datasets.gaussianMixture(r, n, dim, 12, 0.9);
                if (variant == 1) {
                    for (int i = n / 2; i < n; i++) {
                        data[i] = data[i % 11].clone();
                    }
                }
                int iterations = variant == 2 ? 0 : 25;
                CentroidSpace space = new CentroidSpace(dim, metric);
                OrdinalPoints points = new OrdinalPoints(new TestSource(data, metric), space, range(n));
                long seed = r.nextLong();
                KMeans.Result single = KMeans.run(points, 39, iterations, space, new SplittableRandom(seed), false);
                KMeans.Result tiled = KMeans.run(points, 39, iterations, space, new SplittableRandom(seed), true);
                String what = metric + " variant " + variant;
                // Not bit for bit: the kernels sum in other orders (and the SIMD lane sums differ between the
                // interpreter and compiled code), so a near tie may go either way.
                int differ = 0;
                for (int i = 0; i < n; i++) {
                    differ += single.assignment()[i] != tiled.assignment()[i] ? 1 : 0;
                }
                assertTrue(differ <= 2, what + ": " + differ + " points clustered differently");
                for (int j = 0; j < single.centroids().length; j++) {
                    assertEquals(single.centroids()[j], tiled.centroids()[j], 1e-3f, what + ": centroid float " + j);
                }
                for (int i = 0; i < n; i++) {
                    if (single.assignment()[i] == tiled.assignment()[i]) {
                        assertEquals(single.nearest()[i], tiled.nearest()[i], 1e-3f * Math.max(1f, Math.abs(single.nearest()[i])),
                                what + ": distance of point " + i);
                    }
                }
                assertEquals(single.distances(), tiled.distances(), what + ": the same work");
            }
        }
    }
}
