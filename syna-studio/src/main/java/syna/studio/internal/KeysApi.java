package syna.studio.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import syna.api.Atom;
import syna.api.HistoryEntry;
import syna.api.HistoryQuery;
import syna.api.KeyNotFoundException;
import syna.api.KeySpace;
import syna.api.TimeSeries;
import syna.api.TypeMismatchException;
import syna.api.ValueType;

/**
 * The keys explorer's API: namespaces, keys (prefix or glob, type filter, paged), one key's value, a
 * window of a bytes value, its history (paged, newest first) and, for numbers, a time series downsampled
 * to a bounded number of points. Thread-safe (stateless; state is in the {@link StudioContext}).
 */
final class KeysApi {
    /** Most keys a type-filtered listing reads values of per request before it returns a continuation. */
    static final int MAX_TYPE_SCAN = 20_000;
    static final int MAX_BYTES_WINDOW = 64 * 1024;
    static final int MAX_SERIES_POINTS = 10_000;

    private KeysApi() {}

    static void register(Router r, StudioContext c) {
        r.get("/api/namespaces", x -> namespaces(x, c));
        r.get("/api/keys", x -> keys(x, c));
        r.get("/api/key", x -> key(x, c));
        r.get("/api/bytes", x -> bytes(x, c));
        r.get("/api/history", x -> history(x, c));
        r.get("/api/series", x -> series(x, c));
    }

    private static void namespaces(Exchange x, StudioContext c) throws java.io.IOException {
        String q = x.param("q", "").toLowerCase(Locale.ROOT);
        List<String> names = c.db().namespaces().stream().filter(n -> n.toLowerCase(Locale.ROOT).contains(q)).toList();
        Exchange.Page p = x.page();
        x.json(g -> {
            g.writeStartObject();
            g.writeNumberProperty("total", names.size());
            g.writeNumberProperty("offset", p.offset());
            g.writeNumberProperty("userKeys", c.db().size());
            g.writeArrayPropertyStart("items");
            for (String n : names.subList(Math.min(p.offset(), names.size()), p.end(names.size()))) {
                g.writeStartObject();
                g.writeStringProperty("name", n);
                g.writeNumberProperty("keys", c.db().namespace(n).size());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** The keys of the listing: a prefix range of the cached sorted list, or the engine's glob match. */
    private static List<String> matching(Exchange x, StudioContext c, String ns) {
        String q = x.param("q", "");
        String mode = x.param("mode", "prefix");
        return switch (mode) {
            case "prefix" -> {
                List<String> all = c.keys(ns);
                if (q.isEmpty()) {
                    yield all;
                }
                int from = lowerBound(all, q);
                int to = from;
                // the end of the prefix range: binary search for the first key not starting with q
                int lo = from;
                int hi = all.size();
                while (lo < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (all.get(mid).startsWith(q)) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                to = lo;
                yield all.subList(from, to);
            }
            case "glob" -> q.isEmpty() ? c.keys(ns) : c.keySpace(ns).keysMatching(q);
            default -> throw ApiException.badRequest("parameter 'mode' must be prefix or glob, got '" + mode + "'");
        };
    }

    private static int lowerBound(List<String> sorted, String key) {
        int i = Collections.binarySearch(sorted, key);
        return i >= 0 ? i : -i - 1;
    }

    private static ValueType type(String name) {
        try {
            return ValueType.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("unknown type '" + name + "' (float64, int64, text, bytes, vector)");
        }
    }

    private static void keys(Exchange x, StudioContext c) throws java.io.IOException {
        String ns = x.param("ns", "");
        KeySpace ks = c.keySpace(ns);
        String typeParam = x.param("type", "");
        ValueType type = typeParam.isEmpty() ? null : type(typeParam);
        Exchange.Page p = x.page();
        List<String> keys = new ArrayList<>();
        List<Atom> values = new ArrayList<>();
        long matched;
        int next;
        int scanned = 0;
        if (type == null && p.offset() == 0 && x.param("q", "").isEmpty() && x.param("mode", "prefix").equals("prefix")
                && !c.keysListed(ns)) {
            // The first page before the whole sorted listing exists (after an open it is built in the background):
            // the engine's page of the first keys (one pass, no sort of every key) and the live-key count.
            List<String> first = ks.keys("", null, Math.max(1, p.limit()));
            for (String k : first) {
                Optional<Atom> v = ks.get(k);
                if (v.isPresent()) {
                    keys.add(k);
                    values.add(v.get());
                }
            }
            matched = Math.max(ks.size(), first.size());
            next = first.size() < matched ? first.size() : -1;
        } else {
            List<String> names = matching(x, c, ns);
            matched = names.size();
            if (type == null) {
                int from = Math.min(p.offset(), names.size());
                int to = p.end(names.size());
                for (String k : names.subList(from, to)) {
                    Optional<Atom> v = ks.get(k);
                    if (v.isPresent()) {
                        keys.add(k);
                        values.add(v.get());
                    }
                }
                next = to < names.size() ? to : -1;
            } else {
                int i = Math.min(p.offset(), names.size());
                while (i < names.size() && keys.size() < p.limit() && scanned < MAX_TYPE_SCAN) {
                    String k = names.get(i++);
                    scanned++;
                    Optional<Atom> v = ks.get(k);
                    if (v.isPresent() && v.get().type() == type) {
                        keys.add(k);
                        values.add(v.get());
                    }
                }
                next = i < names.size() ? i : -1;
            }
        }
        int scannedFinal = scanned;
        x.json(g -> {
            g.writeStartObject();
            g.writeNumberProperty("matched", matched); // keys matching the name; the type filter applies to these
            g.writeBooleanProperty("typeFiltered", type != null);
            g.writeNumberProperty("offset", p.offset());
            g.writeNumberProperty("scanned", scannedFinal);
            if (next < 0) {
                g.writeNullProperty("next");
            } else {
                g.writeNumberProperty("next", next);
            }
            g.writeArrayPropertyStart("items");
            for (int i = 0; i < keys.size(); i++) {
                g.writeStartObject();
                g.writeStringProperty("key", keys.get(i));
                g.writeStringProperty("type", Values.typeName(values.get(i)));
                g.writeStringProperty("summary", Values.summary(values.get(i)));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void key(Exchange x, StudioContext c) throws java.io.IOException {
        String ns = x.param("ns", "");
        String key = x.required("key");
        KeySpace ks = c.keySpace(ns);
        Atom v = ks.get(key).orElseThrow(() -> new KeyNotFoundException("no key '" + key + "'"
                + (ns.isEmpty() ? "" : " in namespace '" + ns + "'")));
        x.json(g -> {
            g.writeStartObject();
            g.writeStringProperty("key", key);
            g.writeStringProperty("ns", ns);
            Values.write(g, v);
            g.writeEndObject();
        });
    }

    private static void bytes(Exchange x, StudioContext c) throws java.io.IOException {
        String ns = x.param("ns", "");
        String key = x.required("key");
        long offset = x.longParam("offset", 0, 0, Long.MAX_VALUE);
        int length = x.intParam("length", 4096, 1, MAX_BYTES_WINDOW);
        KeySpace ks = c.keySpace(ns);
        byte[] window;
        long total;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = ks.getBytes(key, arena); // off-heap: a large value is never copied whole to the heap
            total = seg.byteSize();
            if (offset > total) {
                throw ApiException.badRequest("offset " + offset + " is past the end of the " + total + "-byte value");
            }
            int n = (int) Math.min(length, total - offset);
            window = seg.asSlice(offset, n).toArray(ValueLayout.JAVA_BYTE);
        }
        long totalFinal = total;
        x.json(g -> {
            g.writeStartObject();
            g.writeStringProperty("key", key);
            g.writeNumberProperty("length", totalFinal);
            g.writeNumberProperty("offset", offset);
            g.writeStringProperty("base64", Base64.getEncoder().encodeToString(window));
            g.writeEndObject();
        });
    }

    private static void history(Exchange x, StudioContext c) throws java.io.IOException {
        String ns = x.param("ns", "");
        String key = x.required("key");
        Exchange.Page p = x.page();
        KeySpace ks = c.keySpace(ns);
        long want = (long) p.offset() + p.limit();
        List<HistoryEntry> tail = ks.history(key, HistoryQuery.last((int) Math.min(Integer.MAX_VALUE, want)));
        if (tail.isEmpty() && !ks.exists(key)) {
            throw new KeyNotFoundException("no key '" + key + "'" + (ns.isEmpty() ? "" : " in namespace '" + ns + "'"));
        }
        long total = totalHistory(ks, key, tail);
        List<HistoryEntry> newestFirst = new ArrayList<>(tail);
        Collections.reverse(newestFirst);
        List<HistoryEntry> page = newestFirst.subList(Math.min(p.offset(), newestFirst.size()), Math.min(newestFirst.size(), p.offset() + p.limit()));
        x.json(g -> {
            g.writeStartObject();
            g.writeStringProperty("key", key);
            g.writeNumberProperty("total", total);
            g.writeNumberProperty("offset", p.offset());
            g.writeArrayPropertyStart("items");
            for (HistoryEntry e : page) {
                g.writeStartObject();
                g.writeNumberProperty("micros", e.timestampMicros());
                g.writeStringProperty("time", Values.iso(e.timestampMicros()));
                g.writeStringProperty("type", Values.typeName(e.value()));
                g.writeStringProperty("summary", Values.summary(e.value()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** The number of entries: from the numeric index when the key is numeric throughout, else by reading them. */
    private static long totalHistory(KeySpace ks, String key, List<HistoryEntry> tail) {
        boolean numeric = tail.stream().allMatch(e -> e.value() instanceof Atom.Float64 || e.value() instanceof Atom.Int64);
        if (numeric) {
            try {
                long[] times = ks.historyTimestamps(key);
                if (times.length >= tail.size()) {
                    return times.length;
                }
            } catch (TypeMismatchException e) {
                // an older entry is not a number: count entries below
            }
        }
        return ks.history(key).size();
    }

    private static void series(Exchange x, StudioContext c) throws java.io.IOException {
        String ns = x.param("ns", "");
        String key = x.required("key");
        long from = x.longParam("from", Long.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE);
        long to = x.longParam("to", Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE);
        int points = x.intParam("points", 2_000, 2, MAX_SERIES_POINTS);
        if (from > to) {
            throw ApiException.badRequest("from " + from + " is after to " + to);
        }
        KeySpace ks = c.keySpace(ns);
        TimeSeries s;
        try {
            s = ks.series(key, HistoryQuery.between(from, to));
        } catch (TypeMismatchException e) {
            throw new TypeMismatchException("key '" + key + "' is not numeric throughout its history: " + e.getMessage(), e);
        }
        long[] t = s.timesMicros();
        double[] v = s.values();
        Downsampled d = downsample(t, v, points);
        x.json(g -> {
            g.writeStartObject();
            g.writeStringProperty("key", key);
            g.writeNumberProperty("total", t.length);
            g.writeBooleanProperty("downsampled", d.t().length < t.length);
            g.writeArrayPropertyStart("t");
            for (long m : d.t()) {
                g.writeNumber(m);
            }
            g.writeEndArray();
            g.writeArrayPropertyStart("v");
            for (double m : d.v()) {
                Json.number(g, m);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    record Downsampled(long[] t, double[] v) {}

    /**
     * At most about {@code points} points: each of {@code points / 2} buckets of consecutive points keeps its
     * minimum and maximum, in time order, so spikes survive (the min/max decimation charts use).
     */
    static Downsampled downsample(long[] t, double[] v, int points) {
        int n = t.length;
        if (n <= points) {
            return new Downsampled(t, v);
        }
        int buckets = Math.max(1, points / 2);
        long[] ot = new long[buckets * 2];
        double[] ov = new double[buckets * 2];
        int o = 0;
        for (int b = 0; b < buckets; b++) {
            int lo = (int) ((long) n * b / buckets);
            int hi = (int) ((long) n * (b + 1) / buckets);
            if (lo >= hi) {
                continue;
            }
            int min = lo;
            int max = lo;
            for (int i = lo + 1; i < hi; i++) {
                if (v[i] < v[min]) {
                    min = i;
                }
                if (v[i] > v[max]) {
                    max = i;
                }
            }
            int first = Math.min(min, max);
            int second = Math.max(min, max);
            ot[o] = t[first];
            ov[o++] = v[first];
            if (second != first) {
                ot[o] = t[second];
                ov[o++] = v[second];
            }
        }
        return new Downsampled(java.util.Arrays.copyOf(ot, o), java.util.Arrays.copyOf(ov, o));
    }
}
