package syna.nativeabi.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import syna.api.Atom;
import syna.api.Database;
import syna.api.DistanceMetric;
import syna.api.ErrorCode;
import syna.api.InvalidArgumentException;
import syna.api.SerializationException;
import syna.api.Syna;
import syna.api.VectorFilter;
import syna.api.VectorMatch;
import syna.api.VectorQuery;
import syna.api.VectorStore;
import syna.api.VectorStoreOptions;

/**
 * The vector-store functions of the C ABI: stores are handles whose parent is their database; metadata and
 * results cross as JSON. Thread-safe (the stores are).
 */
@SuppressWarnings("restricted") // C pointers are this module's purpose (--enable-native-access=syna.nativeabi)
final class VectorCalls {
    private static final int OK = ErrorCode.SUCCESS.code();

    private VectorCalls() {}

    private static VectorStore store(long h) {
        return Handles.get(h, VectorStore.class, "vector store");
    }

    static int vectorStoreOpen(long db, MemorySegment name, int dimension, MemorySegment options, MemorySegment out) {
        MemorySegment o = Native.out(out, 8, "out_store");
        Database d = Handles.database(db);
        String n = Native.string(name, "vector store name", ErrorCode.INVALID_ARGUMENT);
        int dim = dimension;
        VectorStoreOptions stored = Syna.vectorStores(d).get(n);
        if (dim == 0) {
            if (stored == null) {
                throw new InvalidArgumentException("vector store '" + n + "' does not exist in " + d.path()
                        + ": give its dimension to create it");
            }
            dim = stored.dimension();
        }
        VectorStore store = Syna.vectorStore(d, n, options(stored, dim, Native.stringOr(options, "options", "")));
        o.set(JAVA_LONG, 0, Handles.add(store, db, "vector store"));
        return OK;
    }

    /**
     * The options of an open: those of {@code options} ({@code key=value,...}), and for an existing store
     * ({@code stored} not null) its own metric and index settings where {@code options} names none.
     */
    static VectorStoreOptions options(VectorStoreOptions stored, int dim, String options) {
        VectorStoreOptions.Builder b = VectorStoreOptions.builder(dim);
        if (stored != null) {
            // an existing store keeps its metric and index settings (those its last writable open recorded)
            // unless the options name others: its saved index then loads instead of a default one being built
            b.metric(stored.metric()).indexThreshold(stored.indexThreshold()).indexParameters(stored.indexParameters());
            stored.index().ifPresent(b::index);
        }
        for (String item : options.split(",")) {
            String s = item.strip();
            if (s.isEmpty()) {
                continue;
            }
            int eq = s.indexOf('=');
            String key = eq < 0 ? s : s.substring(0, eq).strip();
            String value = eq < 0 ? "" : s.substring(eq + 1).strip();
            switch (key) {
                case "metric" -> b.metric(metric(value));
                case "index" -> {
                    if (stored == null || !stored.index().equals(java.util.Optional.of(value))) {
                        b.indexParameters(java.util.Map.of()); // the stored parameters are another provider's
                    }
                    b.index(value);
                }
                case "index_threshold" -> {
                    try {
                        b.indexThreshold(Integer.parseInt(value));
                    } catch (NumberFormatException e) {
                        throw new InvalidArgumentException("index_threshold must be a number, got '" + value + "'", e);
                    }
                }
                default -> throw new InvalidArgumentException("unknown vector store option '" + key
                        + "' (known: metric, index, index_threshold)");
            }
        }
        return b.build();
    }

    private static DistanceMetric metric(String value) {
        for (DistanceMetric m : DistanceMetric.values()) {
            if (m.name().equalsIgnoreCase(value)) {
                return m;
            }
        }
        throw new InvalidArgumentException("metric must be cosine, euclidean or dot_product, got '" + value + "'");
    }

    static int vectorStoreInsert(long h, MemorySegment key, MemorySegment vector, long dim, MemorySegment metadata) {
        VectorStore s = store(h);
        String k = Native.string(key, "key", ErrorCode.INVALID_ARGUMENT);
        float[] v = CoreCalls.floats(vector, dim, "vector of key '" + k + "'");
        if (Native.isNull(metadata)) {
            s.insert(k, v);
        } else {
            s.insert(k, v, atoms(Native.string(metadata, "metadata_json", ErrorCode.INVALID_ARGUMENT), "metadata of '"
                    + k + "'"));
        }
        return OK;
    }

    static int vectorStoreInsertBatch(long h, MemorySegment keys, MemorySegment vectors, long count, long dim) {
        VectorStore s = store(h);
        if (count < 0 || count > 10_000_000) {
            throw new InvalidArgumentException("count " + count + " is outside [0, 10000000]");
        }
        if (count == 0) {
            return OK;
        }
        if (Native.isNull(keys)) {
            throw new InvalidArgumentException("keys is NULL but count is " + count);
        }
        MemorySegment k = keys.reinterpret(count * ADDRESS.byteSize());
        if (dim < 1 || dim > 65_536 || Native.isNull(vectors)) {
            throw new InvalidArgumentException("vectors are NULL or dim " + dim + " is outside [1, 65536]");
        }
        List<String> names = new ArrayList<>((int) count);
        List<float[]> rows = new ArrayList<>((int) count);
        MemorySegment v = vectors.reinterpret(count * dim * 4);
        for (long i = 0; i < count; i++) {
            names.add(Native.string(k.getAtIndex(ADDRESS, i), "keys[" + i + "]", ErrorCode.INVALID_ARGUMENT));
            rows.add(v.asSlice(i * dim * 4, dim * 4).toArray(JAVA_FLOAT));
        }
        s.insertBatch(names, rows);
        return OK;
    }

    static int vectorStoreSearch(long h, MemorySegment query, long dim, int k, MemorySegment filter, MemorySegment out) {
        MemorySegment o = Native.out(out, 8, "out_json");
        VectorStore s = store(h);
        float[] q = CoreCalls.floats(query, dim, "query");
        VectorQuery vq = VectorQuery.defaults();
        if (!Native.isNull(filter)) {
            vq = vq.withFilter(filter(Native.string(filter, "filter_json", ErrorCode.INVALID_ARGUMENT)));
        }
        List<Object> hits = new ArrayList<>();
        for (VectorMatch m : s.search(q, k, vq)) {
            Map<String, Object> hit = new LinkedHashMap<>();
            hit.put("key", m.key());
            hit.put("distance", (double) m.distance());
            hit.put("score", (double) m.score());
            hit.put("metadata", json(s.metadata(m.key())));
            hits.add(hit);
        }
        Native.setPointer(o, Native.cString(Json.write(hits)));
        return OK;
    }

    static int vectorStoreGet(long h, MemorySegment key, MemorySegment out, MemorySegment outDim) {
        MemorySegment o = Native.out(out, 8, "out");
        MemorySegment d = Native.out(outDim, 8, "out_dim");
        String k = Native.string(key, "key", ErrorCode.INVALID_ARGUMENT);
        Optional<float[]> v = store(h).get(k);
        if (v.isEmpty()) {
            throw new syna.api.KeyNotFoundException("key '" + k + "' is not in the vector store");
        }
        float[] a = v.get();
        MemorySegment c = Native.malloc(a.length * 4L);
        MemorySegment.copy(a, 0, c, JAVA_FLOAT, 0, a.length);
        d.set(JAVA_LONG, 0, a.length);
        Native.setPointer(o, c);
        return OK;
    }

    static int vectorStoreDelete(long h, MemorySegment key, MemorySegment outExisted) {
        boolean existed = store(h).delete(Native.string(key, "key", ErrorCode.INVALID_ARGUMENT));
        if (!Native.isNull(outExisted)) {
            outExisted.reinterpret(4).set(JAVA_INT, 0, existed ? 1 : 0);
        }
        return OK;
    }

    static int vectorStoreSize(long h, MemorySegment out) {
        Native.out(out, 8, "out_size").set(JAVA_LONG, 0, store(h).size());
        return OK;
    }

    static int vectorStoreClose(long h) {
        store(h);
        Handles.close(h);
        return OK;
    }

    /** A JSON object of scalars as atoms: strings, integers, numbers; booleans become 1 and 0. */
    static Map<String, Atom> atoms(String json, String what) {
        if (!(Json.parse(json, what) instanceof Map<?, ?> m)) {
            throw new SerializationException(what + " must be a JSON object");
        }
        Map<String, Atom> atoms = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            atoms.put((String) e.getKey(), atom(e.getValue(), what + "." + e.getKey()));
        }
        return atoms;
    }

    private static Atom atom(Object v, String what) {
        return switch (v) {
            case String s -> Atom.of(s);
            case Long l -> Atom.of(l.longValue());
            case Double d -> Atom.of(d.doubleValue());
            case Boolean b -> Atom.of(b ? 1L : 0L);
            case null -> throw new SerializationException(what + " is null; leave the field out instead");
            default -> throw new SerializationException(what + " must be a string, number or boolean, not "
                    + (v instanceof Map ? "an object" : "an array"));
        };
    }

    /** Metadata as JSON values. */
    static Map<String, Object> json(Map<String, Atom> metadata) {
        Map<String, Object> m = new LinkedHashMap<>();
        metadata.forEach((k, a) -> m.put(k, switch (a) {
            case Atom.Text t -> t.value();
            case Atom.Int64 i -> i.value();
            case Atom.Float64 f -> f.value();
            case Atom.Vector v -> v.value();
            case Atom.Bytes b -> java.util.HexFormat.of().formatHex(b.value());
            case Atom.Null n -> null;
        }));
        return m;
    }

    /** All fields equal; {@code $key_prefix} matches the key. */
    static VectorFilter filter(String json) {
        Object parsed = Json.parse(json, "filter_json");
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new SerializationException("filter_json must be a JSON object");
        }
        String prefix = null;
        Map<String, Atom> equal = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String field = (String) e.getKey();
            if (field.equals("$key_prefix")) {
                if (!(e.getValue() instanceof String p)) {
                    throw new SerializationException("$key_prefix must be a string");
                }
                prefix = p;
            } else if (field.startsWith("$")) {
                throw new InvalidArgumentException("unknown filter operator '" + field + "' (known: $key_prefix)");
            } else {
                equal.put(field, atom(e.getValue(), "filter." + field));
            }
        }
        String keyPrefix = prefix;
        return (key, metadata) -> {
            if (keyPrefix != null && !key.startsWith(keyPrefix)) {
                return false;
            }
            for (Map.Entry<String, Atom> e : equal.entrySet()) {
                Atom a = metadata.get(e.getKey());
                if (a == null || !matches(a, e.getValue())) {
                    return false;
                }
            }
            return true;
        };
    }

    private static boolean matches(Atom stored, Atom wanted) {
        if (stored.equals(wanted)) {
            return true;
        }
        // 3 in JSON matches a stored 3.0 and the other way round.
        if (stored instanceof Atom.Float64 f && wanted instanceof Atom.Int64 i) {
            return f.value() == i.value();
        }
        return stored instanceof Atom.Int64 i && wanted instanceof Atom.Float64 f && f.value() == i.value();
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
