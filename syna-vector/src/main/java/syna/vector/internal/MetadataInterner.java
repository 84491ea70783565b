package syna.vector.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import syna.api.Atom;

/**
 * Canonical instances for the metadata a store keeps in memory: entry names are interned, and numbers
 * and short texts share one {@link Atom} per distinct value (up to {@value #MAX_VALUES} values). A
 * filter that tests every stored vector then touches a few hot objects instead of chasing a fresh
 * name and value per vector (and a million vectors with a dozen distinct tags hold a dozen atoms).
 * In memory only: the stored bytes are unchanged. Thread-safe.
 */
final class MetadataInterner {
    /** Distinct values kept; past it, new values stay as they are. */
    static final int MAX_VALUES = 1 << 16;
    /** Longest text (in chars) shared. */
    static final int MAX_TEXT = 32;

    private final ConcurrentHashMap<Atom, Atom> values = new ConcurrentHashMap<>();

    /** An immutable copy of {@code metadata} with canonical names and values. */
    Map<String, Atom> canonical(Map<String, Atom> metadata) {
        if (metadata.isEmpty()) {
            return Map.of();
        }
        Map<String, Atom> out = HashMap.newHashMap(metadata.size());
        for (Map.Entry<String, Atom> e : metadata.entrySet()) {
            out.put(e.getKey().intern(), canonical(e.getValue()));
        }
        return Map.copyOf(out);
    }

    private Atom canonical(Atom a) {
        boolean shared = a instanceof Atom.Int64 || a instanceof Atom.Float64
                || (a instanceof Atom.Text t && t.value().length() <= MAX_TEXT);
        if (!shared) {
            return a;
        }
        Atom c = values.get(a);
        if (c != null) {
            return c;
        }
        if (values.size() >= MAX_VALUES) {
            return a;
        }
        c = values.putIfAbsent(a, a);
        return c != null ? c : a;
    }
}
