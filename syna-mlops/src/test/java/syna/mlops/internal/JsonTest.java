package syna.mlops.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import syna.api.SerializationException;
import syna.api.store.Names;

class JsonTest {
    @Test
    void roundTripsNestedValuesAndEscapes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", "quote \" backslash \\ newline \n tab \t ctrl \u0001 é");
        m.put("int", 42L);
        m.put("neg", -7L);
        m.put("real", 0.25);
        m.put("flag", true);
        m.put("none", null);
        m.put("list", List.of(1L, "two", List.of()));
        m.put("nested", Map.of("k", "v"));
        String json = Json.write(m);
        assertEquals(m, Json.parse(json, "test"));
        assertEquals("[1,2]", Json.write(new long[] {1, 2}));
        assertEquals("[1.5,\"NaN\"]", Json.write(new double[] {1.5, Double.NaN}));
        assertEquals(Map.of("a", List.of()), Json.parse(" { \"a\" : [ ] } ", "test"));
    }

    @Test
    void badTextNamesWhatAndWhere() {
        SerializationException e = assertThrows(SerializationException.class, () -> Json.parse("{\"a\":}", "manifest of x"));
        assertTrue(e.getMessage().startsWith("manifest of x: bad JSON at offset 5: "), e.getMessage());
        assertThrows(SerializationException.class, () -> Json.parse("[1,2", "t"));
        assertThrows(SerializationException.class, () -> Json.parse("\"abc", "t"));
        assertThrows(SerializationException.class, () -> Json.parse("{} x", "t"));
        assertThrows(SerializationException.class, () -> Json.parseObject("[]", "t"));
    }

    @Test
    void namesAreEncodedSoNoNameReachesIntoAnother() {
        assertEquals("a%2Fb", Names.encode("n", "a/b"));
        assertEquals("a%252Fb", Names.encode("n", "a%2Fb"));
        assertEquals("plain", Names.encode("n", "plain"));
    }
}
