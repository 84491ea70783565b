package syna.studio.internal;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * JSON through jackson-core's streaming API, the project's one JSON library: responses are written by a
 * {@link Body} to a generator; request bodies are flat objects of strings, numbers and booleans.
 * Thread-safe (the factory is immutable).
 */
final class Json {
    private static final int MAX_BODY = 64 * 1024;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(4).maxStringLength(MAX_BODY).build())
            .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Writes one JSON value. */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator g);
    }

    private Json() {}

    /** {@code body} as UTF-8 JSON bytes. */
    static byte[] bytes(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), out, JsonEncoding.UTF8)) {
            body.write(g);
        }
        return out.toByteArray();
    }

    /** The error object {@code {"code":…,"message":…}}. */
    static byte[] error(String code, String message) {
        return bytes(g -> {
            g.writeStartObject();
            g.writeStringProperty("code", code);
            g.writeStringProperty("message", message == null ? code : message);
            g.writeEndObject();
        });
    }

    /** A double as a JSON number, or a string for NaN and the infinities (JSON has no such numbers). */
    static void number(JsonGenerator g, double d) {
        if (Double.isFinite(d)) {
            g.writeNumber(d);
        } else {
            g.writeString(Double.toString(d));
        }
    }

    /** float32 values as base64 of their little-endian bytes: what the page reads into a Float32Array. */
    static String floats(float[] values, int count) {
        byte[] b = new byte[count * 4];
        for (int i = 0; i < count; i++) {
            int bits = Float.floatToRawIntBits(values[i]);
            b[4 * i] = (byte) bits;
            b[4 * i + 1] = (byte) (bits >>> 8);
            b[4 * i + 2] = (byte) (bits >>> 16);
            b[4 * i + 3] = (byte) (bits >>> 24);
        }
        return Base64.getEncoder().encodeToString(b);
    }

    /**
     * A request body: one flat JSON object whose members are strings, numbers, booleans or null (as
     * their text; null members are left out). An empty body is an empty object.
     */
    static Map<String, String> flatObject(byte[] body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body.length == 0) {
            return out;
        }
        if (body.length > MAX_BODY) {
            throw ApiException.badRequest("request body over " + MAX_BODY + " bytes");
        }
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw ApiException.badRequest("request body must be a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (v) {
                    case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> out.put(name, p.getString());
                    case VALUE_NULL -> { }
                    default -> throw ApiException.badRequest("member '" + name + "' of the request body must be a string, number or boolean");
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw ApiException.badRequest("request body must be one JSON object");
            }
        } catch (JacksonException e) {
            throw ApiException.badRequest("request body is not valid JSON: " + e.getOriginalMessage());
        }
        return out;
    }
}
