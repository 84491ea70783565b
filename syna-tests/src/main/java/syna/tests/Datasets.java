package syna.tests;

import java.util.SplittableRandom;

/** Seeded vector data for tests and benchmarks: uniform, Gaussian mixture, unit-normalised. Thread-safe. */
public final class Datasets {
    private Datasets() {}

    /** {@code n} vectors with components uniform in [-1, 1). */
    public static float[][] uniform(SplittableRandom r, int n, int dim) {
        float[][] v = new float[n][dim];
        for (float[] row : v) {
            for (int j = 0; j < dim; j++) {
                row[j] = (float) r.nextDouble(-1, 1);
            }
        }
        return v;
    }

    /**
     * {@code n} vectors drawn from {@code clusters} Gaussian clusters (centres uniform in [-1, 1),
     * standard deviation {@code spread}), the shape of real embeddings more than uniform noise is.
     */
    public static float[][] gaussianMixture(SplittableRandom r, int n, int dim, int clusters, double spread) {
        float[][] centres = uniform(r, clusters, dim);
        float[][] v = new float[n][dim];
        for (float[] row : v) {
            float[] c = centres[r.nextInt(clusters)];
            for (int j = 0; j < dim; j++) {
                row[j] = (float) (c[j] + gaussian(r) * spread);
            }
        }
        return v;
    }

    /** Scales each vector to unit length in place (zero vectors stay zero); returns {@code v}. */
    public static float[][] normalize(float[][] v) {
        for (float[] row : v) {
            double s = 0;
            for (float x : row) {
                s += (double) x * x;
            }
            if (s > 0) {
                float inv = (float) (1 / Math.sqrt(s));
                for (int j = 0; j < row.length; j++) {
                    row[j] *= inv;
                }
            }
        }
        return v;
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller; SplittableRandom has no nextGaussian of its own in every JDK we target.
        double u = 1 - r.nextDouble();
        double w = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
    }
}
