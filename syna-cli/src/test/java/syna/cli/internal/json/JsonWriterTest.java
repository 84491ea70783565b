package syna.cli.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        assertEquals("\"q\\\" b\\\\ \\n\\r\\t\\b\\f \\u0000\\u001f\\u007f \\u2028\\u2029 é 😀 / \\ud800 \\udc00x\"",
                JsonWriter.write(new JsonString("q\" b\\ \n\r\t\b\f \u0000\u001f\u007f \u2028\u2029 é 😀 / \uD800 \uDC00x")));
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
