package syna.cli.internal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import syna.api.Atom;
import syna.api.SerializationException;
import syna.api.ValueType;
import syna.cli.internal.json.JsonValue;
import syna.cli.internal.json.JsonValue.JsonArray;
import syna.cli.internal.json.JsonValue.JsonNumber;
import syna.cli.internal.json.JsonValue.JsonObject;
import syna.cli.internal.json.JsonValue.JsonString;

/**
 * The export format: one JSON object per line, {@code {"key":…,"type":…,"value":…}} with an
 * optional {@code "time"} (ISO-8601) and {@code "micros"} for history exports, and a leading
 * {@code "namespace"} for a key of a namespace (user keys have none). Every value
 * round-trips exactly: finite numbers use Java's shortest round-tripping decimal, non-finite ones
 * are the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} (a NaN with a non-standard
 * bit pattern is {@code "NaN:0x…"} with its raw bits), int64 stays an exact integer, bytes are
 * base64, vectors are arrays of float32 numbers. Thread-safe (stateless).
 */
final class AtomJson {
    private static final Set<String> MEMBERS = Set.of("namespace", "key", "type", "value", "time", "micros");

    /** One parsed line: a key of a namespace ("" for a user key) and its value. */
    record Entry(String namespace, String key, Atom value) {}

    private AtomJson() {}

    /** The JSON object for {@code key} = {@code value}, with its write time when {@code micros} is given. */
    static JsonObject toJson(String key, Atom value, Long micros) {
        return toJson("", key, value, micros);
    }

    /** As {@link #toJson(String, Atom, Long)} for a key of namespace {@code namespace} ("" for a user key: no member). */
    static JsonObject toJson(String namespace, String key, Atom value, Long micros) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        if (!namespace.isEmpty()) {
            m.put("namespace", new JsonString(namespace));
        }
        m.put("key", new JsonString(key));
        if (micros != null) {
            m.put("time", new JsonString(Values.isoTime(micros)));
            m.put("micros", new JsonNumber(Long.toString(micros)));
        }
        m.put("type", new JsonString(Values.typeName(value)));
        JsonValue v = valueJson(value);
        if (v != null) {
            m.put("value", v);
        }
        return new JsonObject(m);
    }

    /** The JSON form of {@code value}'s payload; {@code null} for a null atom (no "value" member). */
    static JsonValue valueJson(Atom value) {
        return switch (value) {
            case Atom.Null n -> null;
            case Atom.Float64 f -> doubleJson(f.value());
            case Atom.Int64 i -> new JsonNumber(Long.toString(i.value()));
            case Atom.Text t -> new JsonString(t.value());
            case Atom.Bytes b -> new JsonString(Base64.getEncoder().encodeToString(b.value()));
            case Atom.Vector v -> {
                float[] f = v.value();
                List<JsonValue> list = new ArrayList<>(f.length);
                for (float x : f) {
                    list.add(floatJson(x));
                }
                yield new JsonArray(list);
            }
        };
    }

    private static JsonValue doubleJson(double d) {
        if (Double.isNaN(d)) {
            long bits = Double.doubleToRawLongBits(d);
            return new JsonString(bits == Double.doubleToRawLongBits(Double.NaN) ? "NaN"
                    : "NaN:0x" + Long.toHexString(bits));
        }
        if (Double.isInfinite(d)) {
            return new JsonString(d > 0 ? "Infinity" : "-Infinity");
        }
        return new JsonNumber(Double.toString(d));
    }

    private static JsonValue floatJson(float f) {
        if (Float.isNaN(f)) {
            int bits = Float.floatToRawIntBits(f);
            return new JsonString(bits == Float.floatToRawIntBits(Float.NaN) ? "NaN"
                    : "NaN:0x" + Integer.toHexString(bits));
        }
        if (Float.isInfinite(f)) {
            return new JsonString(f > 0 ? "Infinity" : "-Infinity");
        }
        return new JsonNumber(Float.toString(f));
    }

    /** Reads one export object; {@link SerializationException} says what is wrong (the caller adds the line). */
    static Entry fromJson(JsonValue json) {
        if (!(json instanceof JsonObject o)) {
            throw new SerializationException("expected a JSON object, found " + json.typeName());
        }
        for (String name : o.members().keySet()) {
            if (!MEMBERS.contains(name)) {
                throw new SerializationException("unknown member \"" + name + "\": expected " + MEMBERS);
            }
        }
        String namespace = o.member("namespace").isPresent() ? string(o, "namespace") : "";
        String key = string(o, "key");
        if (key.isEmpty()) {
            throw new SerializationException("\"key\" is empty");
        }
        String typeName = string(o, "type");
        ValueType type;
        try {
            type = ValueType.valueOf(typeName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SerializationException("unknown \"type\" \"" + typeName
                    + "\": expected null, float64, int64, text, bytes or vector", e);
        }
        JsonValue v = o.member("value").orElse(JsonValue.JsonNull.INSTANCE);
        if (type != ValueType.NULL && v == JsonValue.JsonNull.INSTANCE) {
            throw new SerializationException("missing \"value\" for type " + typeName + " of key \"" + key + "\"");
        }
        Atom atom = switch (type) {
            case NULL -> {
                if (v != JsonValue.JsonNull.INSTANCE) {
                    throw new SerializationException("type null must have no \"value\" (key \"" + key + "\")");
                }
                yield Atom.ofNull();
            }
            case FLOAT64 -> Atom.of(parseDouble(v, key));
            case INT64 -> Atom.of(parseLong(v, key));
            case TEXT -> Atom.of(expectString(v, "text value of key \"" + key + "\""));
            case BYTES -> {
                String s = expectString(v, "base64 value of key \"" + key + "\"");
                try {
                    yield Atom.of(Base64.getDecoder().decode(s));
                } catch (IllegalArgumentException e) {
                    throw new SerializationException("invalid base64 in value of key \"" + key + "\": " + e.getMessage(), e);
                }
            }
            case VECTOR -> {
                if (!(v instanceof JsonArray a)) {
                    throw new SerializationException("vector value of key \"" + key + "\" must be an array, found "
                            + v.typeName());
                }
                if (a.elements().isEmpty()) {
                    throw new SerializationException("vector value of key \"" + key + "\" is empty");
                }
                float[] f = new float[a.elements().size()];
                for (int i = 0; i < f.length; i++) {
                    f[i] = parseFloat(a.elements().get(i), key, i);
                }
                yield Atom.of(f);
            }
        };
        return new Entry(namespace, key, atom);
    }

    private static String string(JsonObject o, String name) {
        JsonValue v = o.member(name).orElseThrow(() -> new SerializationException("missing \"" + name + "\""));
        return expectString(v, "\"" + name + "\"");
    }

    private static String expectString(JsonValue v, String what) {
        if (v instanceof JsonString s) {
            return s.value();
        }
        throw new SerializationException(what + " must be a string, found " + v.typeName());
    }

    private static double parseDouble(JsonValue v, String key) {
        switch (v) {
            case JsonNumber n -> {
                double d = Double.parseDouble(n.text());
                if (Double.isInfinite(d)) {
                    throw new SerializationException("float64 value " + n.text() + " of key \"" + key + "\" is out of range");
                }
                return d;
            }
            case JsonString s -> {
                return switch (s.value()) {
                    case "NaN" -> Double.NaN;
                    case "Infinity" -> Double.POSITIVE_INFINITY;
                    case "-Infinity" -> Double.NEGATIVE_INFINITY;
                    default -> {
                        long bits = nanBits(s.value(), key);
                        double d = Double.longBitsToDouble(bits);
                        if (!Double.isNaN(d)) {
                            throw new SerializationException("\"" + s.value() + "\" of key \"" + key + "\" is not a NaN bit pattern");
                        }
                        yield d;
                    }
                };
            }
            default -> throw new SerializationException("float64 value of key \"" + key + "\" must be a number or "
                    + "\"NaN\", \"Infinity\", \"-Infinity\", found " + v.typeName());
        }
    }

    private static float parseFloat(JsonValue v, String key, int index) {
        switch (v) {
            case JsonNumber n -> {
                float f = Float.parseFloat(n.text());
                if (Float.isInfinite(f)) {
                    throw new SerializationException("vector component " + index + " (" + n.text() + ") of key \"" + key
                            + "\" is out of float32 range");
                }
                return f;
            }
            case JsonString s -> {
                return switch (s.value()) {
                    case "NaN" -> Float.NaN;
                    case "Infinity" -> Float.POSITIVE_INFINITY;
                    case "-Infinity" -> Float.NEGATIVE_INFINITY;
                    default -> {
                        long bits = nanBits(s.value(), key);
                        float f = Float.intBitsToFloat((int) bits);
                        if (bits != (bits & 0xFFFF_FFFFL) || !Float.isNaN(f)) {
                            throw new SerializationException("\"" + s.value() + "\" of key \"" + key
                                    + "\" is not a float32 NaN bit pattern");
                        }
                        yield f;
                    }
                };
            }
            default -> throw new SerializationException("vector component " + index + " of key \"" + key
                    + "\" must be a number, found " + v.typeName());
        }
    }

    private static long nanBits(String s, String key) {
        if (s.startsWith("NaN:0x")) {
            try {
                return Long.parseUnsignedLong(s.substring(6), 16);
            } catch (NumberFormatException e) {
                throw new SerializationException("bad NaN bit pattern \"" + s + "\" of key \"" + key + "\"", e);
            }
        }
        throw new SerializationException("\"" + s + "\" of key \"" + key
                + "\" is not a number: expected a JSON number or \"NaN\", \"Infinity\", \"-Infinity\"");
    }

    private static long parseLong(JsonValue v, String key) {
        if (!(v instanceof JsonNumber n)) {
            throw new SerializationException("int64 value of key \"" + key + "\" must be a number, found " + v.typeName());
        }
        try {
            return Long.parseLong(n.text());
        } catch (NumberFormatException e) {
            throw new SerializationException("int64 value " + n.text() + " of key \"" + key
                    + "\" is not a whole number in [" + Long.MIN_VALUE + ", " + Long.MAX_VALUE + "]", e);
        }
    }
}
