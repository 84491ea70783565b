package syna.cli.internal.json;

import java.io.StringWriter;
import java.util.Map;
import syna.api.SerializationException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes a {@link JsonValue} tree as compact JSON with jackson-core's generator: strings escaped as
 * RFC 8259 requires, non-ASCII written as UTF-16 characters, numbers exactly as their text.
 * Thread-safe (stateless; the factory is immutable).
 */
public final class JsonWriter {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonWriter() {}

    /** {@code value} as compact JSON text. */
    public static String write(JsonValue value) {
        StringBuilder sb = new StringBuilder();
        write(value, sb);
        return sb.toString();
    }

    /** Appends {@code value} as compact JSON to {@code out}. */
    public static void write(JsonValue value, StringBuilder out) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), w)) {
            write(g, value);
        } catch (JacksonException e) {
            throw new SerializationException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
        out.append(w.getBuffer());
    }

    private static void write(JsonGenerator g, JsonValue value) {
        switch (value) {
            case JsonValue.JsonObject o -> {
                g.writeStartObject();
                for (Map.Entry<String, JsonValue> e : o.members().entrySet()) {
                    g.writeName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case JsonValue.JsonArray a -> {
                g.writeStartArray();
                for (JsonValue v : a.elements()) {
                    write(g, v);
                }
                g.writeEndArray();
            }
            case JsonValue.JsonString s -> g.writeString(s.value());
            case JsonValue.JsonNumber n -> g.writeNumber(n.text());
            case JsonValue.JsonBoolean b -> g.writeBoolean(b.value());
            case JsonValue.JsonNull n -> g.writeNull();
        }
    }
}
