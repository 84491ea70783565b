package syna.mlops.internal;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import syna.api.SerializationException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * JSON for manifests, run records and the pending-delete items, on jackson-core's streaming API (the
 * one JSON library of Syna). Writes maps, lists, strings, numbers, booleans and null compactly;
 * doubles as {@link Double#toString(double)} (shortest round-tripping decimal), non-finite ones as
 * the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}. Parses the same back: objects
 * keep key order, integral numbers become {@link Long}, others {@link Double} parsed from their text
 * (exact). Thread-safe (stateless; the factory is immutable).
 */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {}

    /** {@code value} as JSON text. */
    public static String write(Object value) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), w)) {
            write(g, value);
        } catch (JacksonException e) {
            throw new SerializationException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
        return w.toString();
    }

    private static void number(JsonGenerator g, double d) {
        if (Double.isFinite(d)) {
            g.writeNumber(Double.toString(d));
        } else {
            g.writeString(Double.toString(d));
        }
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
            case long[] a -> {
                g.writeStartArray();
                for (long x : a) {
                    g.writeNumber(x);
                }
                g.writeEndArray();
            }
            case double[] a -> {
                g.writeStartArray();
                for (double x : a) {
                    number(g, x);
                }
                g.writeEndArray();
            }
            default -> throw new SerializationException("cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    /** Parses one JSON value; {@link SerializationException} naming {@code what} and the offset on bad text. */
    public static Object parse(String text, String what) {
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new SerializationException(what + ": bad JSON: empty text");
            }
            Object v = value(p, t, what);
            if (p.nextToken() != null) {
                throw new SerializationException(what + ": bad JSON at offset " + p.currentTokenLocation().getCharOffset()
                        + ": trailing characters");
            }
            return v;
        } catch (JacksonException e) {
            throw new SerializationException(what + ": bad JSON at offset "
                    + (e.getLocation() == null ? -1 : e.getLocation().getCharOffset()) + ": " + e.getOriginalMessage(), e);
        }
    }

    private static Object value(JsonParser p, JsonToken t, String what) {
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_OBJECT; n = p.nextToken()) {
                    String name = p.currentName();
                    m.put(name, value(p, p.nextToken(), what));
                }
                yield m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
                    l.add(value(p, n, what));
                }
                yield l;
            }
            case VALUE_STRING -> p.getString();
            case VALUE_NUMBER_INT -> {
                try {
                    yield Long.parseLong(p.getString());
                } catch (NumberFormatException e) {
                    throw new SerializationException(what + ": integer " + p.getString() + " is outside int64", e);
                }
            }
            case VALUE_NUMBER_FLOAT -> Double.parseDouble(p.getString());
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new SerializationException(what + ": bad JSON: unexpected " + t);
        };
    }

    /** Parses a JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text, String what) {
        Object v = parse(text, what);
        if (!(v instanceof Map<?, ?>)) {
            throw new SerializationException(what + ": expected a JSON object, got " + text);
        }
        return (Map<String, Object>) v;
    }

    /** A JSON object of strings as a map of strings. */
    public static Map<String, String> stringMap(Object v, String what) {
        if (!(v instanceof Map<?, ?> m)) {
            throw new SerializationException(what + ": expected an object of strings, got " + v);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            out.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
        }
        return out;
    }

    /** A JSON array of strings as a list. */
    public static List<String> stringList(Object v, String what) {
        if (!(v instanceof List<?> l)) {
            throw new SerializationException(what + ": expected an array of strings, got " + v);
        }
        List<String> out = new ArrayList<>(l.size());
        for (Object o : l) {
            out.add(String.valueOf(o));
        }
        return out;
    }
}
