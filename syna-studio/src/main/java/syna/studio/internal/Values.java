package syna.studio.internal;

import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import syna.api.Atom;
import tools.jackson.core.JsonGenerator;

/**
 * How values appear in the API: a type name, the value itself (bounded: long text, bytes and vectors are
 * cut, saying so), and a one-line summary for history tables. Thread-safe (stateless).
 */
final class Values {
    static final int MAX_TEXT = 100_000;
    static final int MAX_BYTES_HEAD = 4_096;
    static final int MAX_VECTOR = 4_096;

    private Values() {}

    static String typeName(Atom a) {
        return a.type().name().toLowerCase(Locale.ROOT);
    }

    /** Writes the members {@code type} and the value's own ({@code value}, {@code length}, ...). */
    static void write(JsonGenerator g, Atom a) {
        g.writeStringProperty("type", typeName(a));
        switch (a) {
            case Atom.Null n -> g.writeNullProperty("value");
            case Atom.Float64 f -> {
                g.writeName("value");
                Json.number(g, f.value());
            }
            case Atom.Int64 i -> {
                g.writeNumberProperty("value", i.value());
                g.writeStringProperty("exact", Long.toString(i.value())); // JavaScript numbers lose int64 digits
            }
            case Atom.Text t -> {
                String s = t.value();
                g.writeNumberProperty("length", s.length());
                g.writeBooleanProperty("truncated", s.length() > MAX_TEXT);
                g.writeStringProperty("value", s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) : s);
            }
            case Atom.Bytes b -> {
                int n = Math.min(b.length(), MAX_BYTES_HEAD);
                byte[] head = new byte[n];
                System.arraycopy(b.value(), 0, head, 0, n);
                g.writeNumberProperty("length", b.length());
                g.writeBooleanProperty("truncated", b.length() > n);
                g.writeStringProperty("base64", Base64.getEncoder().encodeToString(head));
            }
            case Atom.Vector v -> {
                float[] f = v.value();
                int n = Math.min(f.length, MAX_VECTOR);
                g.writeNumberProperty("dimension", f.length);
                g.writeBooleanProperty("truncated", f.length > n);
                g.writeName("value");
                g.writeStartArray();
                for (int i = 0; i < n; i++) {
                    Json.number(g, f[i]);
                }
                g.writeEndArray();
            }
        }
    }

    /** A one-line summary, at most about 120 characters. */
    static String summary(Atom a) {
        return switch (a) {
            case Atom.Null n -> "(deleted)";
            case Atom.Float64 f -> Double.toString(f.value());
            case Atom.Int64 i -> Long.toString(i.value());
            case Atom.Text t -> t.value().length() > 120 ? t.value().substring(0, 117) + "..." : t.value();
            case Atom.Bytes b -> b.length() + " bytes";
            case Atom.Vector v -> {
                float[] f = v.value();
                StringBuilder sb = new StringBuilder("dim " + f.length + " [");
                for (int i = 0; i < Math.min(4, f.length); i++) {
                    sb.append(i > 0 ? ", " : "").append(f[i]);
                }
                yield sb.append(f.length > 4 ? ", ...]" : "]").toString();
            }
        };
    }

    static String iso(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L).toString();
    }
}
