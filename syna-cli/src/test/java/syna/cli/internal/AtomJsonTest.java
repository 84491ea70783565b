package syna.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import syna.api.Atom;
import syna.api.SerializationException;
import syna.cli.internal.json.JsonReader;
import syna.cli.internal.json.JsonWriter;

class AtomJsonTest {
    private static Atom roundTrip(Atom a) {
        String line = JsonWriter.write(AtomJson.toJson("k/ü \"x\"", a, null));
        AtomJson.Entry e = AtomJson.fromJson(JsonReader.parse(line));
        assertEquals("k/ü \"x\"", e.key());
        assertEquals(a, e.value(), line);
        return e.value();
    }

    @Test
    void everyTypeRoundTripsExactly() {
        List<Atom> atoms = List.of(
                Atom.ofNull(), Atom.of(21.5), Atom.of(-0.0), Atom.of(Double.MIN_VALUE), Atom.of(Double.MAX_VALUE),
                Atom.of(0.1 + 0.2), Atom.of(Double.NaN), Atom.of(Double.POSITIVE_INFINITY),
                Atom.of(Double.NEGATIVE_INFINITY), Atom.of(Double.longBitsToDouble(0x7ff8_0000_0000_0001L)),
                Atom.of(Double.longBitsToDouble(0xfff8_0000_0000_0000L)),
                Atom.of(Long.MIN_VALUE), Atom.of(Long.MAX_VALUE), Atom.of(0L),
                Atom.of(""), Atom.of("line\nbreak \"quoted\" \\ tab\t é 😀 \u0000 \u2028"),
                Atom.of(new byte[0]), Atom.of(new byte[] {0, -1, 127, -128, 42}),
                Atom.of(new float[] {0.1f, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN,
                    Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0x7fc0_0001)}));
        for (Atom a : atoms) {
            roundTrip(a);
        }
        // The NaN payload survives bit for bit.
        Atom.Float64 odd = (Atom.Float64) roundTrip(Atom.of(Double.longBitsToDouble(0x7ff8_0000_0000_0001L)));
        assertEquals(0x7ff8_0000_0000_0001L, Double.doubleToRawLongBits(odd.value()));
        float[] v = ((Atom.Vector) roundTrip(Atom.of(new float[] {Float.intBitsToFloat(0x7fc0_0001)}))).value();
        assertEquals(0x7fc0_0001, Float.floatToRawIntBits(v[0]));
    }

    @Test
    void writesReadableLines() {
        assertEquals("{\"key\":\"s/1\",\"type\":\"float64\",\"value\":21.5}",
                JsonWriter.write(AtomJson.toJson("s/1", Atom.of(21.5), null)));
        assertEquals("{\"key\":\"v\",\"type\":\"vector\",\"value\":[1.0,\"NaN\"]}",
                JsonWriter.write(AtomJson.toJson("v", Atom.of(new float[] {1f, Float.NaN}), null)));
        assertEquals("{\"key\":\"d\",\"time\":\"1970-01-01T00:00:01.000002Z\",\"micros\":1000002,\"type\":\"null\"}",
                JsonWriter.write(AtomJson.toJson("d", Atom.ofNull(), 1_000_002L)));
    }

    @Test
    void rejectsBadRecordsWithReasons() {
        assertBad("[1]", "expected a JSON object");
        assertBad("{\"type\":\"int64\",\"value\":1}", "missing \"key\"");
        assertBad("{\"key\":\"\",\"type\":\"int64\",\"value\":1}", "\"key\" is empty");
        assertBad("{\"key\":\"k\",\"type\":\"decimal\",\"value\":1}", "unknown \"type\" \"decimal\"");
        assertBad("{\"key\":\"k\",\"type\":\"int64\",\"value\":1.5}", "not a whole number");
        assertBad("{\"key\":\"k\",\"type\":\"int64\",\"value\":9223372036854775808}", "not a whole number");
        assertBad("{\"key\":\"k\",\"type\":\"int64\",\"value\":\"1\"}", "must be a number");
        assertBad("{\"key\":\"k\",\"type\":\"float64\",\"value\":1e999}", "out of range");
        assertBad("{\"key\":\"k\",\"type\":\"float64\",\"value\":\"fast\"}", "is not a number");
        assertBad("{\"key\":\"k\",\"type\":\"float64\",\"value\":\"NaN:0x1\"}", "not a NaN bit pattern");
        assertBad("{\"key\":\"k\",\"type\":\"float64\"}", "missing \"value\"");
        assertBad("{\"key\":\"k\",\"type\":\"bytes\",\"value\":\"not base64!\"}", "invalid base64");
        assertBad("{\"key\":\"k\",\"type\":\"vector\",\"value\":[]}", "is empty");
        assertBad("{\"key\":\"k\",\"type\":\"vector\",\"value\":[1,true]}", "component 1");
        assertBad("{\"key\":\"k\",\"type\":\"vector\",\"value\":[1e39]}", "out of float32 range");
        assertBad("{\"key\":\"k\",\"type\":\"null\",\"value\":3}", "must have no \"value\"");
        assertBad("{\"key\":\"k\",\"type\":\"text\",\"value\":\"a\",\"extra\":1}", "unknown member \"extra\"");
    }

    private static void assertBad(String line, String expected) {
        SerializationException e = assertThrows(SerializationException.class,
                () -> AtomJson.fromJson(JsonReader.parse(line)), line);
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should contain '" + expected + "'");
    }
}
