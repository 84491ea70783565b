package syna.index.gwi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import syna.api.InvalidArgumentException;

/** Options: defaults, round trip, bounds with name and value, printing. */
class GwiOptionsTest {
    @Test
    void roundTripAndDefaults() {
        GwiOptions o = GwiOptions.builder().listSize(64).levels(3).branches(8).probe(GwiOptions.Probe.FIXED).epsilon(0.5)
                .rebalance(GwiOptions.Rebalance.INLINE).copyVectors(true).seed(9).build();
        assertEquals(o, GwiOptions.fromMap(o.toMap()));
        assertEquals(GwiOptions.defaults(), GwiOptions.fromMap(Map.of()));
        assertEquals(GwiOptions.Probe.ADAPTIVE, GwiOptions.fromMap(Map.of("probe", "Adaptive")).probe());
        assertEquals(175, GwiOptions.defaults().maxListSize());
        assertEquals(25, GwiOptions.defaults().minListSize());
    }

    @Test
    void boundsNameTheParameterAndValue() {
        assertEquals("gwi list-size must be in [4, 1000000], got 2",
                assertThrows(InvalidArgumentException.class, () -> GwiOptions.builder().listSize(2).build()).getMessage());
        assertEquals("gwi merge-factor must be in [0, 0.5833333333333334], got 0.7", assertThrows(
                InvalidArgumentException.class, () -> GwiOptions.builder().mergeFactor(0.7).build()).getMessage());
        assertThrows(InvalidArgumentException.class, () -> GwiOptions.builder().levels(5).build());
        assertThrows(InvalidArgumentException.class, () -> GwiOptions.builder().branches(1).build());
        assertThrows(InvalidArgumentException.class, () -> GwiOptions.builder().branches(65536).levels(2).build());
        assertThrows(InvalidArgumentException.class, () -> GwiOptions.builder().epsilon(Double.NaN).build());
        assertThrows(InvalidArgumentException.class, () -> GwiOptions.fromMap(Map.of("probe", "sometimes")));
        assertThrows(InvalidArgumentException.class, () -> GwiOptions.fromMap(Map.of("nprob", "3")));
        assertThrows(InvalidArgumentException.class, () -> GwiOptions.fromMap(Map.of("nprobe", "three")));
        assertThrows(InvalidArgumentException.class, () -> GwiOptions.fromMap(Map.of("copy-vectors", "yes")));
        assertThrows(InvalidArgumentException.class, () -> GwiQuery.fixed(0));
        assertThrows(InvalidArgumentException.class, () -> GwiQuery.adaptive(4, -1));
    }

    @Test
    void toStringPrintsEveryField() {
        assertEquals("GwiOptions[listSize=100, branches=auto, levels=2, trainSize=10000, sampleSize=auto, iterations=10,"
                + " nprobe=64, probe=adaptive, epsilon=1.0, patience=20, beam=auto, assignBeam=3, splitFactor=1.75, mergeFactor=0.25,"
                + " reassignNeighbours=8, rebalance=background, copyVectors=false, seed=random]", GwiOptions.defaults().toString());
    }
}
