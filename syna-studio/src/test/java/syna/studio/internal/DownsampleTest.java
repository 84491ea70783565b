package syna.studio.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Min/max decimation keeps spikes and time order; PCA finds the axis of most variance. */
class DownsampleTest {
    @Test
    void keepsExtremesInTimeOrder() {
        long[] t = new long[1000];
        double[] v = new double[1000];
        for (int i = 0; i < t.length; i++) {
            t[i] = i * 10L;
            v[i] = i == 537 ? 99 : i == 538 ? -99 : 0;
        }
        KeysApi.Downsampled d = KeysApi.downsample(t, v, 20);
        assertTrue(d.t().length <= 20, "points " + d.t().length);
        boolean max = false;
        boolean min = false;
        for (int i = 0; i < d.t().length; i++) {
            max |= d.v()[i] == 99 && d.t()[i] == 5370;
            min |= d.v()[i] == -99 && d.t()[i] == 5380;
            if (i > 0) {
                assertTrue(d.t()[i] > d.t()[i - 1]);
            }
        }
        assertTrue(max && min);
        KeysApi.Downsampled small = KeysApi.downsample(new long[] {1, 2}, new double[] {3, 4}, 20);
        assertArrayEquals(new long[] {1, 2}, small.t());
    }

    @Test
    void pcaFindsTheLongAxis() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        float[][] rows = new float[500][5];
        for (float[] r : rows) {
            double s = rnd.nextGaussian();
            for (int j = 0; j < 5; j++) {
                r[j] = (float) (s * 10 * (j == 2 ? 1 : 0) + rnd.nextGaussian() * 0.1 + 4);
            }
        }
        Pca p = Pca.fit(rows, 5);
        assertTrue(p.explained()[0] > 0.99, "explained " + p.explained()[0]);
        float[] a = new float[3];
        float[] b = new float[3];
        p.project(new float[] {4, 4, 14, 4, 4}, a, 0);
        p.project(new float[] {4, 4, 4, 4, 4}, b, 0);
        assertEquals(10, Math.abs(a[0] - b[0]), 0.05);
        assertEquals(0, Math.abs(a[1] - b[1]), 0.05);
    }
}
