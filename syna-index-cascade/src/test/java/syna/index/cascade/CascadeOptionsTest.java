package syna.index.cascade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import syna.api.InvalidArgumentException;

/** Options: presets, overrides, bounds, printing. */
class CascadeOptionsTest {
    @Test
    void presetsAreTheBaseAndParametersOverrideThem() {
        CascadeOptions hr = CascadeOptions.fromMap(Map.of("preset", "high_recall"));
        assertEquals(CascadeOptions.Preset.HIGH_RECALL, hr.preset());
        assertEquals(CascadeOptions.preset(CascadeOptions.Preset.HIGH_RECALL).build(), hr);
        CascadeOptions custom = CascadeOptions.fromMap(Map.of("preset", "fast_search", "degree", "40", "alpha", "1.3"));
        assertEquals(40, custom.degree());
        assertEquals(1.3, custom.alpha());
        assertEquals(CascadeOptions.preset(CascadeOptions.Preset.FAST_SEARCH).build().bits(), custom.bits());
        assertEquals(custom, CascadeOptions.fromMap(custom.toMap()), "round trip");
        assertEquals(CascadeOptions.defaults(), CascadeOptions.fromMap(Map.of()));
    }

    @Test
    void boundsAreCheckedWithNameAndValue() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> CascadeOptions.builder().degree(1).build());
        assertEquals("cascade degree must be in [2, 512], got 1", e.getMessage());
        assertThrows(InvalidArgumentException.class, () -> CascadeOptions.builder().bits(17).build());
        assertThrows(InvalidArgumentException.class, () -> CascadeOptions.builder().bits(2).probes(5).build());
        assertThrows(InvalidArgumentException.class, () -> CascadeOptions.builder().alpha(Double.NaN).build());
        assertThrows(InvalidArgumentException.class, () -> CascadeOptions.fromMap(Map.of("preset", "huge")));
        assertThrows(InvalidArgumentException.class, () -> CascadeOptions.fromMap(Map.of("degre", "3")));
        assertThrows(InvalidArgumentException.class, () -> CascadeOptions.fromMap(Map.of("degree", "x")));
    }

    @Test
    void toStringPrintsEveryField() {
        assertEquals("CascadeOptions[preset=balanced, bits=8, tables=8, probes=4, bucketSize=64, maxDepth=6, degree=32,"
                + " buildBeam=48, alpha=1.2, efSearch=64, entryPoints=48, consolidateFraction=0.1, seed=7]",
                CascadeOptions.builder().seed(7).build().toString());
        for (String name : CascadeOptions.defaults().toMap().keySet()) {
            assertTrue(CascadeOptions.builder().seed(1).build().toMap().containsKey(name));
        }
    }
}
