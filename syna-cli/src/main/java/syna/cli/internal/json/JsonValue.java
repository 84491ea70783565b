package syna.cli.internal.json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed JSON value. Numbers keep their exact text, so an int64 or a double round-trips without
 * going through a lossy conversion. Immutable and thread-safe.
 */
public sealed interface JsonValue {

    /** A JSON object; member order is kept. */
    record JsonObject(Map<String, JsonValue> members) implements JsonValue {
        /** Copies the map, keeping its order. */
        public JsonObject {
            members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }

        /** The member named {@code name}, if present. */
        public Optional<JsonValue> member(String name) {
            return Optional.ofNullable(members.get(name));
        }
    }

    /** A JSON array. */
    record JsonArray(List<JsonValue> elements) implements JsonValue {
        /** Copies the list. */
        public JsonArray {
            elements = List.copyOf(elements);
        }
    }

    /** A JSON string. */
    record JsonString(String value) implements JsonValue {
        /** Rejects null. */
        public JsonString {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A JSON number, as written (for example {@code -1.5e-3}); validated by the reader. */
    record JsonNumber(String text) implements JsonValue {
        /** Rejects null. */
        public JsonNumber {
            Objects.requireNonNull(text, "text");
        }
    }

    /** {@code true} or {@code false}. */
    record JsonBoolean(boolean value) implements JsonValue {}

    /** {@code null}. */
    enum JsonNull implements JsonValue {
        /** The only null. */
        INSTANCE
    }

    /** A short name of this value's JSON type, for error messages. */
    default String typeName() {
        return switch (this) {
            case JsonObject o -> "object";
            case JsonArray a -> "array";
            case JsonString s -> "string";
            case JsonNumber n -> "number";
            case JsonBoolean b -> "boolean";
            case JsonNull n -> "null";
        };
    }
}
