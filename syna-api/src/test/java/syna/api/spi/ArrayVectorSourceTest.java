package syna.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import syna.api.DistanceMetric;

/** The array source's batched distances agree with its one-at-a-time ones. */
class ArrayVectorSourceTest {
    @ParameterizedTest
    @EnumSource(DistanceMetric.class)
    void distancesOfABatchAreThoseOfEachOrdinal(DistanceMetric metric) {
        SplittableRandom r = new SplittableRandom(17);
        for (int dim : new int[] {1, 7, 16, 33, 384}) {
            float[][] v = new float[40][dim];
            for (float[] row : v) {
                for (int j = 0; j < dim; j++) {
                    row[j] = (float) r.nextGaussian();
                }
            }
            ArrayVectorSource s = ArrayVectorSource.of(v, metric);
            VectorScorer scorer = s.scorer().query(v[3]);
            for (int n = 0; n <= 11; n++) {
                int[] ords = new int[n];
                for (int i = 0; i < n; i++) {
                    ords[i] = r.nextInt(v.length);
                }
                float[] out = new float[n];
                scorer.distances(ords, n, out);
                for (int i = 0; i < n; i++) {
                    float one = scorer.distance(ords[i]);
                    assertEquals(one, out[i], 1e-5f * (1 + Math.abs(one)), metric + " dim " + dim + " n " + n + " at " + i);
                }
            }
        }
    }
}
