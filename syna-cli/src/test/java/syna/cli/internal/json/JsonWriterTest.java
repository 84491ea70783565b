package syna.cli.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import syna.cli.internal.json.JsonValue.JsonArray;
import syna.cli.internal.json.JsonValue.JsonBoolean;
import syna.cli.internal.json.JsonValue.JsonNull;
import syna.cli.internal.json.JsonValue.JsonNumber;
import syna.cli.internal.json.JsonValue.JsonObject;
import syna.cli.internal.json.JsonValue.JsonString;

class JsonWriterTest {

    @Test
    void writesCompactJson() {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("key", new JsonString("a"));
        m.put("list", new JsonArray(List.of(new JsonNumber("1.5"), new JsonBoolean(false), JsonNull.INSTANCE)));
        m.put("empty", new JsonObject(Map.of()));
        assertEquals("{\"key\":\"a\",\"list\":[1.5,false,null],\"empty\":{}}", JsonWriter.write(new JsonObject(m)));
    }

    @Test
    void escapesWhatJsonRequires() {
        String text = "q\" b\\ \n\r\t\b\f \u0000\u001f\u007f \u2028\u2029 é 😀 /";
        String json = JsonWriter.write(new JsonString(text));
        assertEquals("\"q\\\" b\\\\ \\n\\r\\t\\b\\f \\u0000\\u001F\u007f \u2028\u2029 é 😀 /\"", json);
        assertTrue(json.chars().noneMatch(c -> c < 0x20), "no raw control character");
        assertEquals(new JsonString(text), JsonReader.parse(json));
    }

    @Test
    void everyStringRoundTrips() {
        Random r = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(20);
            for (int j = 0; j < n; j++) {
                sb.append((char) (r.nextBoolean() ? r.nextInt(0x80) : r.nextInt(0x10000)));
            }
            String s = sb.toString();
            assertEquals(new JsonString(s), JsonReader.parse(JsonWriter.write(new JsonString(s))), "string #" + i);
        }
    }
}
