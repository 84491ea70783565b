package syna.nativeabi.internal;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import syna.api.SerializationException;
import syna.api.VerifyReport;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * JSON across the C ABI (metadata, search results, reports) on jackson-core's streaming API, Syna's one
 * JSON library. Writes maps, lists, strings, numbers, booleans and null; parses objects (key order kept),
 * integral numbers as {@link Long}, other numbers as {@link Double}. Stateless; thread-safe.
 */
final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {}

    /** {@code value} as compact JSON. */
    static String write(Object value) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), w)) {
            write(g, value);
        } catch (JacksonException e) {
            throw new SerializationException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
        return w.toString();
    }

    private static void write(JsonGenerator g, Object value) {
        switch (value) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Double d -> number(g, d);
            case Float f -> number(g, f.doubleValue());
            case Number n -> g.writeNumber(n.longValue());
            case Boolean b -> g.writeBoolean(b);
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    g.writeName(String.valueOf(e.getKey()));
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case Iterable<?> it -> {
                g.writeStartArray();
                for (Object o : it) {
                    write(g, o);
                }
                g.writeEndArray();
            }
            case float[] a -> {
                g.writeStartArray();
                for (float x : a) {
                    number(g, x);
                }
                g.writeEndArray();
            }
            default -> g.writeString(value.toString());
        }
    }

    private static void number(JsonGenerator g, double d) {
        if (Double.isFinite(d)) {
            g.writeNumber(d);
        } else {
            g.writeString(Double.toString(d));
        }
    }

    /** Parses JSON text into maps, lists, strings, numbers, booleans and null. */
    static Object parse(String text, String what) {
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new SerializationException(what + " is empty, not JSON");
            }
            Object v = read(p, t);
            if (p.nextToken() != null) {
                throw new SerializationException(what + " has text after its JSON value");
            }
            return v;
        } catch (JacksonException e) {
            throw new SerializationException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Object read(JsonParser p, JsonToken t) {
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = p.currentName();
                    m.put(name, read(p, p.nextToken()));
                }
                yield m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                JsonToken n;
                while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
                    l.add(read(p, n));
                }
                yield l;
            }
            case VALUE_STRING -> p.getString();
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new SerializationException("unexpected JSON token " + t);
        };
    }

    /** A verify report as JSON. */
    static String verifyReport(VerifyReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", r.ok());
        m.put("files", r.files().stream().map(Object::toString).toList());
        m.put("bytes_checked", r.bytesChecked());
        m.put("entries_checked", r.entriesChecked());
        List<Object> problems = new ArrayList<>();
        for (VerifyReport.Problem p : r.problems()) {
            problems.add(Map.of("file", p.file().toString(), "offset", p.offset(), "description", p.description()));
        }
        m.put("problems", problems);
        List<Object> tails = new ArrayList<>();
        for (VerifyReport.TornTail t : r.tornTails()) {
            tails.add(Map.of("file", t.file().toString(), "offset", t.offset(), "bytes", t.bytes(), "cut", t.cut()));
        }
        m.put("torn_tails", tails);
        return write(m);
    }
}
