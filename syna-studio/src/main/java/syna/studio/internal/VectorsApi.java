package syna.studio.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import syna.api.Atom;
import syna.api.IndexStatus;
import syna.api.KeyNotFoundException;
import syna.api.VectorMatch;
import syna.api.VectorStore;
import syna.api.VectorStoreOptions;
import tools.jackson.core.JsonGenerator;

/**
 * The vector stores' API: the stores with options, size and index status; a store's keys; one vector with
 * its metadata; the 3D view (PCA of a bounded random sample, fitted on the server, 3 float32 per point
 * shipped as base64) and k-NN search from a stored vector, its hits projected into the same view.
 * Thread-safe.
 */
final class VectorsApi {
    private static final int MAX_K = 1_000;

    /** The last 3D view of a store: reused for search hits while the store keeps its size. */
    record View(long size, int points, String color, Pca pca, byte[] json) {}

    private final StudioContext c;
    private final Map<String, View> views = new ConcurrentHashMap<>();

    private VectorsApi(StudioContext c) {
        this.c = c;
    }

    static void register(Router r, StudioContext c) {
        VectorsApi api = new VectorsApi(c);
        r.get("/api/vectors", api::list);
        r.get("/api/vectors/{name}", api::one);
        r.get("/api/vectors/{name}/keys", api::keys);
        r.get("/api/vectors/{name}/item", api::item);
        r.get("/api/vectors/{name}/pca", api::pca);
        r.get("/api/vectors/{name}/search", api::search);
    }

    private void list(Exchange x) throws IOException {
        String q = x.param("q", "").toLowerCase(Locale.ROOT);
        Map<String, VectorStoreOptions> all = c.storeOptions();
        List<String> names = all.keySet().stream().filter(n -> n.toLowerCase(Locale.ROOT).contains(q)).toList();
        Exchange.Page p = x.page();
        x.json(g -> {
            g.writeStartObject();
            g.writeNumberProperty("total", names.size());
            g.writeNumberProperty("offset", p.offset());
            g.writeArrayPropertyStart("items");
            for (String n : names.subList(Math.min(p.offset(), names.size()), p.end(names.size()))) {
                // a store not opened yet is listed from its options and opened in the background: opening one
                // reads its vectors (about a second for 100k), and the page asks again while one is opening
                VectorStore s = c.openedStore(n);
                describe(g, n, all.get(n), s, s == null && c.openInBackground(n));
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private void one(Exchange x) throws IOException {
        String name = x.path("name");
        VectorStoreOptions o = c.storeOptions().get(name);
        if (o == null) {
            throw ApiException.notFound("no vector store '" + name + "'");
        }
        VectorStore s = c.store(name);
        x.json(g -> describe(g, name, o, s, false));
    }

    private void describe(JsonGenerator g, String name, VectorStoreOptions o, VectorStore s, boolean opening) {
        g.writeStartObject();
        g.writeStringProperty("name", name);
        g.writeNumberProperty("dimension", o.dimension());
        g.writeStringProperty("metric", o.metric().name().toLowerCase(Locale.ROOT));
        g.writeStringProperty("index", o.index().orElse("(default)"));
        g.writeNumberProperty("indexThreshold", o.indexThreshold());
        g.writeObjectPropertyStart("indexParameters");
        o.indexParameters().forEach(g::writeStringProperty);
        g.writeEndObject();
        g.writeBooleanProperty("opened", s != null);
        if (s == null) {
            g.writeBooleanProperty("opening", opening);
            String failure = c.openFailure(name);
            if (failure != null) {
                g.writeStringProperty("error", failure);
            }
            g.writeEndObject();
            return;
        }
        g.writeNumberProperty("size", s.size());
        g.writeStringProperty("indexName", s.indexName());
        IndexStatus st = s.indexStatus();
        g.writeObjectPropertyStart("status");
        g.writeStringProperty("state", st.state().name());
        g.writeStringProperty("provider", st.provider());
        g.writeNumberProperty("indexed", st.indexed());
        g.writeNumberProperty("total", st.total());
        g.writeNumberProperty("remainingMillis", st.remainingMillis());
        g.writeNumberProperty("memoryBytes", st.memoryBytes());
        g.writeStringProperty("detail", st.detail());
        g.writeEndObject();
        g.writeEndObject();
    }

    private void keys(Exchange x) throws IOException {
        VectorStore s = c.store(x.path("name"));
        String q = x.param("q", "");
        List<String> keys = s.keys().stream().filter(k -> k.startsWith(q)).sorted().toList();
        Exchange.Page p = x.page();
        x.json(g -> {
            g.writeStartObject();
            g.writeNumberProperty("total", keys.size());
            g.writeNumberProperty("offset", p.offset());
            g.writeArrayPropertyStart("items");
            for (String k : keys.subList(Math.min(p.offset(), keys.size()), p.end(keys.size()))) {
                g.writeString(k);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private void item(Exchange x) throws IOException {
        String name = x.path("name");
        String key = x.required("key");
        VectorStore s = c.store(name);
        float[] v = s.get(key).orElseThrow(() -> new KeyNotFoundException("no vector '" + key + "' in store '" + name + "'"));
        Map<String, Atom> meta = s.metadata(key);
        x.json(g -> {
            g.writeStartObject();
            g.writeStringProperty("key", key);
            writeMetadata(g, meta);
            Values.write(g, Atom.of(v));
            g.writeEndObject();
        });
    }

    private static void writeMetadata(JsonGenerator g, Map<String, Atom> meta) {
        g.writeObjectPropertyStart("metadata");
        meta.forEach((k, a) -> g.writeStringProperty(k, Values.summary(a)));
        g.writeEndObject();
    }

    private void pca(Exchange x) throws IOException {
        String name = x.path("name");
        int points = x.intParam("points", c.options().maxPcaPoints(), 1, c.options().maxPcaPoints());
        String color = x.param("color", "");
        VectorStore s = c.store(name);
        View v = view(name, s, points, color);
        x.json(200, v.json());
    }

    /** The 3D view of {@code s}, fitted again when the store's size or the request changed. */
    private View view(String name, VectorStore s, int points, String color) {
        long size = s.size();
        View v = views.get(name);
        if (v != null && v.size() == size && v.points() == points && v.color().equals(color)) {
            return v;
        }
        long t0 = System.nanoTime();
        List<String> all = s.keys();
        int n = Math.min(points, all.size());
        // a seeded partial Fisher-Yates shuffle: a uniform sample, the same one for the same store
        List<String> pool = new ArrayList<>(all);
        SplittableRandom rnd = new SplittableRandom(0x5EEDL ^ name.hashCode());
        List<String> keys = new ArrayList<>(n);
        List<float[]> rows = new ArrayList<>(n);
        for (int i = 0; i < pool.size() && keys.size() < n; i++) {
            int j = i + rnd.nextInt(pool.size() - i);
            String k = pool.get(j);
            pool.set(j, pool.get(i));
            Optional<float[]> vec = s.get(k); // a vector deleted since keys() is skipped
            if (vec.isPresent()) {
                keys.add(k);
                rows.add(vec.get());
            }
        }
        float[][] sample = rows.toArray(new float[0][]);
        Pca pca = sample.length == 0 ? null : Pca.fit(sample, s.dimension());
        float[] xyz = new float[sample.length * 3];
        for (int i = 0; i < sample.length; i++) {
            pca.project(sample[i], xyz, 3 * i);
        }
        List<String> colours = new ArrayList<>();
        if (!color.isEmpty()) {
            for (String k : keys) {
                Atom a = s.metadata(k).get(color);
                colours.add(a == null ? "" : Values.summary(a));
            }
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        byte[] json = Json.bytes(g -> {
            g.writeStartObject();
            g.writeStringProperty("store", name);
            g.writeNumberProperty("dimension", s.dimension());
            g.writeNumberProperty("total", size);
            g.writeNumberProperty("sampled", sample.length);
            g.writeNumberProperty("millis", millis);
            g.writeArrayPropertyStart("explained");
            if (pca != null) {
                for (double e : pca.explained()) {
                    g.writeNumber(e);
                }
            }
            g.writeEndArray();
            g.writeStringProperty("xyz", Json.floats(xyz, xyz.length)); // float32 little-endian, 3 per point
            g.writeArrayPropertyStart("keys");
            for (String k : keys) {
                g.writeString(k);
            }
            g.writeEndArray();
            g.writeStringProperty("color", color);
            g.writeArrayPropertyStart("colors");
            for (String col : colours) {
                g.writeString(col);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        View fresh = new View(size, points, color, pca, json);
        views.put(name, fresh);
        return fresh;
    }

    private void search(Exchange x) throws IOException {
        String name = x.path("name");
        String key = x.required("key");
        int k = x.intParam("k", 10, 1, MAX_K);
        VectorStore s = c.store(name);
        float[] q = s.get(key).orElseThrow(() -> new KeyNotFoundException("no vector '" + key + "' in store '" + name + "'"));
        long t0 = System.nanoTime();
        List<VectorMatch> hits = s.search(q, k);
        long micros = (System.nanoTime() - t0) / 1_000;
        View v = views.get(name);
        Pca pca = v == null ? null : v.pca();
        x.json(g -> {
            g.writeStartObject();
            g.writeStringProperty("store", name);
            g.writeStringProperty("query", key);
            g.writeNumberProperty("micros", micros);
            g.writeStringProperty("index", s.indexName());
            if (pca != null) {
                float[] p = new float[3];
                pca.project(q, p, 0);
                g.writeName("xyz");
                writeXyz(g, p);
            }
            g.writeArrayPropertyStart("items");
            float[] p = new float[3];
            for (VectorMatch m : hits) {
                g.writeStartObject();
                g.writeStringProperty("key", m.key());
                g.writeName("distance");
                Json.number(g, m.distance());
                if (pca != null) {
                    Optional<float[]> hv = s.get(m.key());
                    if (hv.isPresent()) {
                        pca.project(hv.get(), p, 0);
                        g.writeName("xyz");
                        writeXyz(g, p);
                    }
                }
                writeMetadata(g, s.metadata(m.key()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void writeXyz(JsonGenerator g, float[] p) {
        g.writeStartArray();
        for (int i = 0; i < 3; i++) {
            Json.number(g, p[i]);
        }
        g.writeEndArray();
    }
}
