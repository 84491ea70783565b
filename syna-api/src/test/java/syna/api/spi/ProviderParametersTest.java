package syna.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import syna.api.InvalidArgumentException;

class ProviderParametersTest {
    private enum Mode { FIXED, ADAPTIVE_SLOW }

    private final ProviderParameters p = new ProviderParameters("demo");

    @Test
    void typedValuesAndErrorsThatNameProviderParameterAndValue() {
        assertEquals(42, p.intValue("m", " 42 "));
        assertEquals(1L << 40, p.longValue("seed", Long.toString(1L << 40)));
        assertEquals(0.5, p.doubleValue("alpha", "0.5"));
        assertTrue(p.booleanValue("copy", "TRUE"));
        assertFalse(p.booleanValue("copy", "false"));
        assertEquals(Mode.ADAPTIVE_SLOW, p.enumValue(Mode.class, "mode", "adaptive-slow"));
        assertEquals(Mode.FIXED, p.enumValue(Mode.class, "mode", "Fixed"));

        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> p.intValue("m", "16x"));
        assertEquals("demo parameter 'm' must be an integer, got '16x'", e.getMessage());
        assertThrows(InvalidArgumentException.class, () -> p.intValue("m", "3000000000"));
        assertThrows(InvalidArgumentException.class, () -> p.doubleValue("alpha", "NaN"));
        assertThrows(InvalidArgumentException.class, () -> p.doubleValue("alpha", "Infinity"));
        assertThrows(InvalidArgumentException.class, () -> p.booleanValue("copy", "yes"));
        e = assertThrows(InvalidArgumentException.class, () -> p.enumValue(Mode.class, "mode", "sometimes"));
        assertTrue(e.getMessage().contains("[adaptive-slow, fixed]"), e.getMessage());
    }

    @Test
    void unknownNamesListTheKnownOnesAndNullValuesAreRefused() {
        p.requireKnown(Map.of("m", "16"), Set.of("m", "ef"));
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> p.requireKnown(Map.of("M", "16"), Set.of("m", "ef")));
        assertEquals("unknown demo parameter 'M'; known: [ef, m]", e.getMessage());
        Map<String, String> withNull = new HashMap<>();
        withNull.put("m", null);
        assertThrows(InvalidArgumentException.class, () -> p.requireKnown(withNull, Set.of("m")));
        assertThrows(InvalidArgumentException.class, () -> p.requireKnown(null, Set.of("m")));
    }
}
