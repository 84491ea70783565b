package syna.cli.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import syna.api.ErrorCode;
import syna.cli.internal.json.JsonValue.JsonArray;
import syna.cli.internal.json.JsonValue.JsonBoolean;
import syna.cli.internal.json.JsonValue.JsonNull;
import syna.cli.internal.json.JsonValue.JsonNumber;
import syna.cli.internal.json.JsonValue.JsonObject;
import syna.cli.internal.json.JsonValue.JsonString;

class JsonReaderTest {

    @Test
    void parsesEveryKindOfValue() {
        JsonValue v = JsonReader.parse(" {\"a\": [1, -2.5e3, 0, true, false, null], \"b\": {\"c\": \"d\"}, \"e\": []} ");
        JsonObject o = (JsonObject) v;
        assertEquals(List.of("a", "b", "e"), List.copyOf(o.members().keySet()));
        assertEquals(new JsonArray(List.of(new JsonNumber("1"), new JsonNumber("-2.5e3"), new JsonNumber("0"),
                new JsonBoolean(true), new JsonBoolean(false), JsonNull.INSTANCE)), o.members().get("a"));
        assertEquals(new JsonObject(Map.of("c", new JsonString("d"))), o.members().get("b"));
        assertEquals(new JsonArray(List.of()), o.members().get("e"));
    }

    @Test
    void keepsNumberTextExactly() {
        assertEquals(new JsonNumber("9223372036854775807"), JsonReader.parse("9223372036854775807"));
        assertEquals(new JsonNumber("4.9E-324"), JsonReader.parse("4.9E-324"));
        assertEquals(new JsonNumber("-0.0"), JsonReader.parse("-0.0"));
    }

    @Test
    void decodesEscapes() {
        assertEquals(new JsonString("q\" b\\ s/ \b\f\n\r\t é 😀 \uD800"),
                JsonReader.parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\uD83D\\uDE00 \\ud800\""));
        assertEquals(new JsonString("é😀"), JsonReader.parse("\"é😀\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   ", "{", "[1,]", "{\"a\":1,}", "{a:1}", "{\"a\" 1}", "[1 2]", "01", "1.", ".5", "-", "1e", "+1",
        "NaN", "Infinity", "tru", "nul", "\"abc", "\"a\\x\"", "\"\\u12G4\"", "\"\\u12\"", "\"tab\there\"",
        "1 2", "{\"a\":1}x", "'single'", "[1]]", "{\"a\":1,\"a\":2}"
    })
    void rejectsMalformedInput(String text) {
        JsonParseException e = assertThrows(JsonParseException.class, () -> JsonReader.parse(text));
        assertEquals(ErrorCode.SERIALIZATION, e.errorCode());
        assertTrue(e.getMessage().startsWith("line "), e.getMessage());
    }

    @Test
    void reportsLineAndColumn() {
        JsonParseException e = assertThrows(JsonParseException.class, () -> JsonReader.parse("{\n  \"a\": 1,\n  \"b\" 2\n}"));
        assertEquals(3, e.line());
        assertEquals(7, e.column());
        assertTrue(e.getMessage().startsWith("line 3, column 7: ") && e.getMessage().contains("'2'"), e.getMessage());

        JsonParseException first = assertThrows(JsonParseException.class, () -> JsonReader.parse("[1, x]", 42));
        assertEquals(42, first.line());
        assertEquals(5, first.column());
        assertTrue(first.getMessage().contains("'x'"), first.getMessage());
    }

    @Test
    void boundsNesting() {
        String deep = "[".repeat(JsonReader.MAX_DEPTH + 1) + "]".repeat(JsonReader.MAX_DEPTH + 1);
        JsonParseException e = assertThrows(JsonParseException.class, () -> JsonReader.parse(deep));
        assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
        String ok = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
        assertTrue(JsonReader.parse(ok) instanceof JsonArray);
        String hostile = "[".repeat(1_000_000);
        assertThrows(JsonParseException.class, () -> JsonReader.parse(hostile));
    }
}
