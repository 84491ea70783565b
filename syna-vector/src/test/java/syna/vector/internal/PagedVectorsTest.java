package syna.vector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import syna.api.DistanceMetric;
import syna.api.spi.VectorScorer;

/** The paged vectors' batched distances agree with the one-at-a-time ones, across pages. */
class PagedVectorsTest {
    @ParameterizedTest
    @EnumSource(DistanceMetric.class)
    void distancesOfABatchAreThoseOfEachOrdinal(DistanceMetric metric) {
        SplittableRandom r = new SplittableRandom(23);
        for (int dim : new int[] {3, 17, 384}) {
            try (Arena arena = Arena.ofConfined()) {
                PagedVectors p = PagedVectors.allocating(dim, metric, arena);
                int slots = 3 * p.pageSlots() + 5; // several pages
                float[] v = new float[dim];
                for (int s = 0; s < slots; s++) {
                    for (int j = 0; j < dim; j++) {
                        v[j] = (float) r.nextGaussian();
                    }
                    p.set(s, v);
                }
                VectorScorer scorer = p.scorer(metric).query(v);
                for (int n = 0; n <= 11; n++) {
                    int[] ords = new int[n];
                    for (int i = 0; i < n; i++) {
                        ords[i] = r.nextInt(slots);
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
}
