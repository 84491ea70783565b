package syna.cli.internal.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads one JSON value into a {@link JsonValue} tree with jackson-core's strict streaming parser
 * (RFC 8259: no comments, no trailing commas, no leading zeros, no NaN literals, duplicate names
 * rejected). Numbers keep their text exactly as written. Errors name line and column; nesting is
 * bounded by {@value #MAX_DEPTH}. Thread-safe (stateless; the factory is immutable).
 */
public final class JsonReader {
    /** Deepest nesting of arrays and objects accepted. */
    public static final int MAX_DEPTH = 256;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonReader() {}

    /** Parses {@code text}, which must hold exactly one JSON value (whitespace around it is fine). */
    public static JsonValue parse(String text) {
        return parse(text, 1);
    }

    /** As {@link #parse(String)}, numbering lines from {@code firstLine} (for one line of a file). */
    public static JsonValue parse(String text, int firstLine) {
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw error(firstLine, p.currentLocation(), "expected a JSON value, found end of input");
            }
            JsonValue v = value(p, t);
            if (p.nextToken() != null) {
                throw error(firstLine, p.currentTokenLocation(), "unexpected text after the JSON value");
            }
            return v;
        } catch (JacksonException e) {
            throw error(firstLine, e.getLocation(), e.getOriginalMessage());
        }
    }

    private static JsonParseException error(int firstLine, TokenStreamLocation at, String problem) {
        int line = at == null || at.getLineNr() < 1 ? firstLine : firstLine + at.getLineNr() - 1;
        int column = at == null || at.getColumnNr() < 1 ? 1 : at.getColumnNr();
        return new JsonParseException(line, column, problem);
    }

    private static JsonValue value(JsonParser p, JsonToken t) {
        return switch (t) {
            case START_OBJECT -> {
                Map<String, JsonValue> m = new LinkedHashMap<>();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_OBJECT; n = p.nextToken()) {
                    String name = p.currentName();
                    m.put(name, value(p, p.nextToken()));
                }
                yield new JsonValue.JsonObject(m);
            }
            case START_ARRAY -> {
                List<JsonValue> l = new ArrayList<>();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
                    l.add(value(p, n));
                }
                yield new JsonValue.JsonArray(l);
            }
            case VALUE_STRING -> new JsonValue.JsonString(p.getString());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new JsonValue.JsonNumber(p.getString());
            case VALUE_TRUE -> new JsonValue.JsonBoolean(true);
            case VALUE_FALSE -> new JsonValue.JsonBoolean(false);
            case VALUE_NULL -> JsonValue.JsonNull.INSTANCE;
            default -> throw new IllegalStateException("unexpected token " + t);
        };
    }
}
