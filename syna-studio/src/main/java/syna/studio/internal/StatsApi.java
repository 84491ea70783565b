package syna.studio.internal;

import java.io.IOException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import syna.api.Atom;
import syna.api.DatabaseStats;
import syna.api.TypeMismatchException;
import syna.api.ValueType;

/**
 * The statistics page's API: the database's own counts and file size, key counts by namespace and by
 * key prefix (all user keys), and value types and history depths over an evenly spaced sample of user
 * keys (reading every value of a large database would take seconds; the sample size is in the answer).
 * Thread-safe (stateless).
 */
final class StatsApi {
    static final int TYPE_SAMPLE = 10_000;
    static final int DEPTH_SAMPLE = 1_000;
    static final int TOP_PREFIXES = 40;
    private static final long[] DEPTH_BOUNDS = {1, 2, 10, 100, 1_000, 10_000, Long.MAX_VALUE};

    private StatsApi() {}

    static void register(Router r, StudioContext c) {
        r.get("/api/stats", x -> stats(x, c));
    }

    /** The prefix of a key for the treemap: up to its first ':', '/' or '.', or the whole key. */
    static String prefix(String key) {
        for (int i = 0; i < key.length(); i++) {
            char ch = key.charAt(i);
            if (ch == ':' || ch == '/' || ch == '.') {
                return key.substring(0, i + 1);
            }
        }
        return key;
    }

    private static void stats(Exchange x, StudioContext c) throws IOException {
        DatabaseStats s = c.db().stats();
        List<String> keys = c.keys("");
        Map<String, Integer> prefixes = new HashMap<>();
        for (String k : keys) {
            prefixes.merge(prefix(k), 1, Integer::sum);
        }
        List<Map.Entry<String, Integer>> top = prefixes.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_PREFIXES).toList();
        long otherPrefixKeys = keys.size() - top.stream().mapToLong(Map.Entry::getValue).sum();
        Map<ValueType, Integer> types = new EnumMap<>(ValueType.class);
        int typeSample = Math.min(TYPE_SAMPLE, keys.size());
        for (int i = 0; i < typeSample; i++) {
            String k = keys.get((int) ((long) i * keys.size() / typeSample));
            Optional<Atom> v = c.db().get(k);
            v.ifPresent(a -> types.merge(a.type(), 1, Integer::sum));
        }
        long[] depth = new long[DEPTH_BOUNDS.length];
        int depthSample = Math.min(DEPTH_SAMPLE, keys.size());
        for (int i = 0; i < depthSample; i++) {
            String k = keys.get((int) ((long) i * keys.size() / depthSample));
            long d = depthOf(c, k);
            for (int b = 0; b < DEPTH_BOUNDS.length; b++) {
                if (d <= DEPTH_BOUNDS[b]) {
                    depth[b]++;
                    break;
                }
            }
        }
        List<String> namespaces = c.db().namespaces();
        x.json(g -> {
            g.writeStartObject();
            g.writeObjectPropertyStart("database");
            g.writeStringProperty("path", c.db().path().toString());
            g.writeNumberProperty("liveKeys", s.liveKeys());
            g.writeNumberProperty("totalKeys", s.totalKeys());
            g.writeNumberProperty("entries", s.entries());
            g.writeNumberProperty("fileBytes", s.fileBytes());
            g.writeStringProperty("durability", s.durability().name());
            g.writeStringProperty("engine", s.engine());
            g.writeStringProperty("codec", s.codec());
            g.writeNumberProperty("formatVersion", s.formatVersion());
            g.writeNumberProperty("namespaces", s.namespaces());
            g.writeNumberProperty("namespaceLiveKeys", s.namespaceLiveKeys());
            g.writeEndObject();
            g.writeArrayPropertyStart("byNamespace");
            g.writeStartObject();
            g.writeStringProperty("name", "(user keys)");
            g.writeNumberProperty("keys", keys.size());
            g.writeEndObject();
            for (String n : namespaces) {
                g.writeStartObject();
                g.writeStringProperty("name", n);
                g.writeNumberProperty("keys", c.db().namespace(n).size());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayPropertyStart("byPrefix");
            for (Map.Entry<String, Integer> e : top) {
                g.writeStartObject();
                g.writeStringProperty("prefix", e.getKey());
                g.writeNumberProperty("keys", e.getValue());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberProperty("otherPrefixKeys", otherPrefixKeys);
            g.writeNumberProperty("typeSample", typeSample);
            g.writeObjectPropertyStart("types");
            types.forEach((t, n) -> g.writeNumberProperty(t.name().toLowerCase(java.util.Locale.ROOT), n));
            g.writeEndObject();
            g.writeNumberProperty("depthSample", depthSample);
            g.writeArrayPropertyStart("historyDepth");
            long lo = 1;
            for (int b = 0; b < DEPTH_BOUNDS.length; b++) {
                g.writeStartObject();
                long hi = DEPTH_BOUNDS[b];
                g.writeStringProperty("range", hi == Long.MAX_VALUE ? ">" + (lo - 1) : lo == hi ? Long.toString(hi) : lo + "-" + hi);
                g.writeNumberProperty("keys", depth[b]);
                g.writeEndObject();
                lo = hi + 1;
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** Entries in the history of user key {@code k}: from the numeric index when it is numeric, else by reading them. */
    private static long depthOf(StudioContext c, String k) {
        Optional<Atom> v = c.db().get(k);
        if (v.isPresent() && (v.get() instanceof Atom.Float64 || v.get() instanceof Atom.Int64)) {
            try {
                return c.db().historyTimestamps(k).length;
            } catch (TypeMismatchException e) {
                // mixed types: count below
            }
        }
        return c.db().history(k).size();
    }
}
