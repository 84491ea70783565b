package syna.cli.internal;

import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import syna.api.Atom;
import syna.api.InvalidArgumentException;

/**
 * Text forms of values for the command line: parsing what {@code put} is given and formatting
 * what {@code get} and {@code history} print. Thread-safe (stateless).
 */
final class Values {
    private Values() {}

    /** The lower-case type name used in output and in export files ({@code float64}, {@code vector}, ...). */
    static String typeName(Atom a) {
        return a.type().name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@code a} as one line of text; bytes in base64 unless {@code hex}, text as is unless {@code hex}
     * (then its UTF-8 bytes in hex). Other types ignore {@code hex}: callers reject it first with
     * {@link #checkHex}.
     */
    static String format(Atom a, boolean hex) {
        return switch (a) {
            case Atom.Null n -> "null";
            case Atom.Float64 f -> Double.toString(f.value());
            case Atom.Int64 i -> Long.toString(i.value());
            case Atom.Text t -> hex ? HexFormat.of().formatHex(t.value().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    : t.value();
            case Atom.Bytes b -> hex ? HexFormat.of().formatHex(b.value()) : Base64.getEncoder().encodeToString(b.value());
            case Atom.Vector v -> vector(v.value());
        };
    }

    /** Rejects {@code --hex} for a value that is neither bytes nor text: it would be silently ignored. */
    static void checkHex(String key, Atom a) {
        if (!(a instanceof Atom.Bytes) && !(a instanceof Atom.Text)) {
            throw new InvalidArgumentException("--hex applies to bytes and text values (text: its UTF-8 bytes); key '"
                    + key + "' holds " + typeName(a));
        }
    }

    /** A vector as a comma-separated list. */
    static String vector(float[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(v[i]);
        }
        return sb.toString();
    }

    /** A timestamp in microseconds since the epoch as ISO-8601 UTC. */
    static String isoTime(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L)
                .toString();
    }

    /** Parses a float64 written as Java/JSON decimal text, {@code NaN}, {@code Infinity} or {@code -Infinity}. */
    static double parseDouble(String s, String what) {
        return parseDouble(s, what, "float64");
    }

    private static double parseDouble(String s, String what, String type) {
        String t = s.strip();
        if (!t.matches("[+-]?(NaN|Infinity|(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?)")) {
            throw new InvalidArgumentException("invalid " + type + " " + what + " '" + s
                    + "': expected a decimal number such as 21.5 or 1e-3, or NaN, Infinity, -Infinity");
        }
        double d = Double.parseDouble(t);
        if (Double.isInfinite(d) && !t.contains("Infinity")) {
            throw new InvalidArgumentException("float64 " + what + " '" + s + "' is out of range (max "
                    + Double.MAX_VALUE + ")");
        }
        return d;
    }

    /** Parses a float32 as {@link #parseDouble} does, rejecting values beyond float32's range. */
    static float parseFloat(String s, String what) {
        String t = s.strip();
        double d = parseDouble(t, what, "float32");
        float f = Float.parseFloat(t);
        if (Float.isInfinite(f) && !Double.isInfinite(d)) {
            throw new InvalidArgumentException("float32 " + what + " '" + s + "' is out of range (max "
                    + Float.MAX_VALUE + ")");
        }
        return f;
    }

    /** Parses an int64 in decimal. */
    static long parseLong(String s, String what) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("invalid int64 " + what + " '" + s + "': expected a whole number in ["
                    + Long.MIN_VALUE + ", " + Long.MAX_VALUE + "]", e);
        }
    }

    /** Parses bytes: {@code hex:…} or {@code 0x…} is hexadecimal, {@code base64:…} or anything else base64. */
    static byte[] parseBytes(String s, String what) {
        String t = s.strip();
        try {
            if (t.startsWith("hex:") || t.startsWith("0x")) {
                return HexFormat.of().parseHex(t.substring(t.startsWith("hex:") ? 4 : 2));
            }
            return Base64.getDecoder().decode(t.startsWith("base64:") ? t.substring(7) : t);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("invalid bytes " + what + " '" + s
                    + "': expected base64 (optionally prefixed base64:) or hex prefixed hex: or 0x; " + e.getMessage(), e);
        }
    }

    /** Parses a vector: comma-separated float32 components, optionally in brackets. */
    static float[] parseVector(String s, String what) {
        String t = s.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.isBlank()) {
            throw new InvalidArgumentException("invalid vector " + what + " '" + s + "': it needs at least one component");
        }
        String[] parts = t.split(",", -1);
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = parseFloat(parts[i], "vector " + what + " component " + i);
        }
        return v;
    }
}
