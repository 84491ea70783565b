package syna.langchain4j.internal;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import syna.api.Atom;
import syna.api.SerializationException;

/**
 * Maps a {@link TextSegment} to the metadata map Syna stores with its vector, and back, keeping each
 * LangChain4j metadata value's exact Java type. Syna atoms know only int64, float64 and text, so the type
 * rides in a prefix of the entry name:
 *
 * <table>
 * <caption>Entry names</caption>
 * <tr><th>name</th><th>atom</th><th>LangChain4j value</th></tr>
 * <tr><td>{@code #text}</td><td>text</td><td>the segment's text (absent: no segment)</td></tr>
 * <tr><td>{@code s:key}</td><td>text</td><td>{@code String}</td></tr>
 * <tr><td>{@code u:key}</td><td>text</td><td>{@code UUID}</td></tr>
 * <tr><td>{@code i:key}</td><td>int64</td><td>{@code Integer}</td></tr>
 * <tr><td>{@code l:key}</td><td>int64</td><td>{@code Long}</td></tr>
 * <tr><td>{@code f:key}</td><td>float64</td><td>{@code Float} (widened exactly, narrowed back exactly)</td></tr>
 * <tr><td>{@code d:key}</td><td>float64</td><td>{@code Double}</td></tr>
 * </table>
 *
 * The names are part of the stored format: append only. Thread-safe.
 */
public final class SegmentCodec {
    /** Entry name of the segment text; has no type prefix, so no metadata key can collide with it. */
    public static final String TEXT = "#text";

    private SegmentCodec() {}

    /** The Syna metadata map of {@code segment}; empty for {@code null} (an embedding stored alone). */
    public static Map<String, Atom> encode(TextSegment segment) {
        if (segment == null) {
            return Map.of();
        }
        Map<String, Object> values = segment.metadata().toMap();
        Map<String, Atom> out = HashMap.newHashMap(values.size() + 1);
        out.put(TEXT, Atom.of(segment.text()));
        for (Map.Entry<String, Object> e : values.entrySet()) {
            String key = e.getKey();
            switch (e.getValue()) {
                case String s -> out.put("s:" + key, Atom.of(s));
                case UUID u -> out.put("u:" + key, Atom.of(u.toString()));
                case Integer i -> out.put("i:" + key, Atom.of((long) i));
                case Long l -> out.put("l:" + key, Atom.of((long) l));
                case Float f -> out.put("f:" + key, Atom.of((double) f));
                case Double d -> out.put("d:" + key, Atom.of((double) d));
                default -> throw new IllegalArgumentException("metadata key '" + key + "' has a value of type "
                        + e.getValue().getClass().getName() + ", which LangChain4j metadata does not allow");
            }
        }
        return out;
    }

    /** The segment stored in {@code atoms}, or {@code null} when the embedding was stored without one. */
    public static TextSegment decode(String id, Map<String, Atom> atoms) {
        if (!(atoms.get(TEXT) instanceof Atom.Text text)) {
            return null;
        }
        return TextSegment.from(text.value(), metadata(id, atoms));
    }

    /** The LangChain4j metadata in {@code atoms}: empty when the embedding was stored without a segment. */
    public static Metadata metadata(String id, Map<String, Atom> atoms) {
        Map<String, Object> values = HashMap.newHashMap(atoms.size());
        for (Map.Entry<String, Atom> e : atoms.entrySet()) {
            String name = e.getKey();
            if (name.equals(TEXT)) {
                continue;
            }
            if (name.length() < 2 || name.charAt(1) != ':') {
                throw corrupt(id, name, e.getValue());
            }
            values.put(name.substring(2), value(id, name, e.getValue()));
        }
        return new Metadata(values);
    }

    /** The LangChain4j value of the entry {@code name} (type prefix included) holding {@code atom}. */
    static Object value(String id, String name, Atom atom) {
        Object value = switch (name.charAt(0)) {
            case 's' -> atom instanceof Atom.Text t ? t.value() : null;
            case 'u' -> atom instanceof Atom.Text t ? uuid(t.value()) : null;
            case 'i' -> atom instanceof Atom.Int64 n && n.value() == (int) n.value() ? (int) n.value() : null;
            case 'l' -> atom instanceof Atom.Int64 n ? n.value() : null;
            case 'f' -> atom instanceof Atom.Float64 x ? (float) x.value() : null;
            case 'd' -> atom instanceof Atom.Float64 x ? x.value() : null;
            default -> null;
        };
        if (value == null) {
            throw corrupt(id, name, atom);
        }
        return value;
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static SerializationException corrupt(String id, String name, Atom value) {
        return new SerializationException("embedding '" + id + "': stored metadata entry '" + name + "' = " + value
                + " is not a LangChain4j metadata value written by syna-langchain4j");
    }
}
