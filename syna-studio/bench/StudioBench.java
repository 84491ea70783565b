// Studio figures on a large database: run by bench/studio.sh (the JDK's source launcher, with the CLI's
// modules on the module path). Seeds DB once (1,000,000 user keys, a 100,000 x 384 vector store, a few
// models and runs), starts the Studio in this JVM and times each page's requests and the 3D view.
//
//   java --module-path MODULES --add-modules ALL-MODULE-PATH StudioBench.java DB [reps]

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import syna.api.Atom;
import syna.api.Database;
import syna.api.DistanceMetric;
import syna.api.Durability;
import syna.api.Syna;
import syna.api.VectorStore;
import syna.api.VectorStoreOptions;
import syna.api.WriteBatch;
import syna.mlops.ExperimentTracker;
import syna.mlops.ModelRegistry;
import syna.studio.Studio;
import syna.studio.StudioOptions;

public class StudioBench {
    static final int KEYS = 1_000_000;
    static final int VECTORS = 100_000;
    static final int DIM = 384;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        if (!Files.exists(dir.resolve("data.log"))) {
            seed(dir);
        }
        try (Database db = Syna.open(dir)) {
            System.out.printf(Locale.ROOT, "database: %,d user keys, %,d entries, %.1f MB, stores %s%n", db.size(),
                    db.stats().entries(), db.stats().fileBytes() / 1e6, Syna.vectorStores(db).keySet());
            long t0 = System.nanoTime();
            try (Studio studio = Studio.start(db, StudioOptions.defaults())) {
                get(studio, "/api/info");
                System.out.printf(Locale.ROOT, "Studio.start to first answer: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
                String[] statics = {"/", "/app.js", "/style.css", "/lib/echarts.min.js", "/api/info"};
                Map<String, List<String>> pages = new java.util.LinkedHashMap<>();
                pages.put("keys", List.of("/api/keys?limit=50", "/api/namespaces?limit=200"));
                pages.put("keys: search a prefix", List.of("/api/keys?q=text:05&limit=50"));
                pages.put("keys: open a numeric key", List.of("/api/key?key=sensor:00042", "/api/history?key=sensor:00042&limit=20",
                        "/api/series?key=sensor:00042&points=2000"));
                pages.put("vectors", List.of("/api/vectors?limit=50"));
                pages.put("vectors: open store (3D view)", List.of("/api/vectors/emb", "/api/vectors/emb/pca"));
                pages.put("vectors: k-NN from a stored vector", List.of("/api/vectors/emb/search?key=v-00042&k=10"));
                pages.put("models", List.of("/api/models?limit=50"));
                pages.put("models: open", List.of("/api/models/ranker"));
                pages.put("experiments", List.of("/api/experiments?limit=50"));
                pages.put("experiments: open", List.of("/api/experiments/tuning/runs?limit=200"));
                pages.put("statistics", List.of("/api/stats"));
                pages.put("maintenance", List.of("/api/jobs"));
                System.out.println("page                                   cold ms   warm ms (median of " + reps + ")   bytes");
                long staticCold = 0;
                for (String s : statics) {
                    staticCold += timed(studio, s)[0];
                }
                System.out.printf(Locale.ROOT, "%-38s %8.1f%n", "static files + /api/info (first load)", staticCold / 1e6);
                for (var e : pages.entrySet()) {
                    long cold = 0;
                    long bytes = 0;
                    for (String p : e.getValue()) {
                        long[] r = timed(studio, p);
                        cold += r[0];
                        bytes += r[1];
                    }
                    long[] warm = new long[reps];
                    for (int i = 0; i < reps; i++) {
                        for (String p : e.getValue()) {
                            warm[i] += timed(studio, p)[0];
                        }
                    }
                    Arrays.sort(warm);
                    System.out.printf(Locale.ROOT, "%-38s %8.1f %9.1f %18d%n", e.getKey(), cold / 1e6, warm[reps / 2] / 1e6, bytes);
                }
                // the 3D view on its own: fitted again (new colour field: no cache)
                long[] pca = timed(studio, "/api/vectors/emb/pca?color=cluster");
                String body = get(studio, "/api/vectors/emb/pca?color=cluster");
                String server = body.replaceAll("(?s).*\"millis\":(\\d+).*", "$1");
                String sampled = body.replaceAll("(?s).*\"sampled\":(\\d+).*", "$1");
                System.out.printf(Locale.ROOT, "PCA 3D view: %s points of %,d x %d, fitted in %s ms on the server, %.1f ms with HTTP, payload %,d bytes%n",
                        sampled, VECTORS, DIM, server, pca[0] / 1e6, pca[1]);
                long v0 = System.nanoTime();
                HttpResponse<String> job = HTTP.send(HttpRequest.newBuilder(studio.baseUri().resolve("/api/jobs"))
                        .header("X-Syna-Token", studio.token()).POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"verify\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                String id = job.body().replaceAll("^\\{\"id\":\"([^\"]+)\".*", "$1");
                String done = HTTP.send(HttpRequest.newBuilder(studio.baseUri().resolve("/api/jobs/" + id + "/events")).build(),
                        HttpResponse.BodyHandlers.ofLines()).body().filter(l -> l.startsWith("data: ")).reduce((a, b) -> b).orElseThrow();
                System.out.printf(Locale.ROOT, "verify job (SSE to the end): %d ms, ok=%s%n", (System.nanoTime() - v0) / 1_000_000,
                        done.contains("\"ok\":true"));
                if (System.getenv("STUDIO_BENCH_HOLD") != null) {
                    Files.writeString(Path.of(System.getenv("STUDIO_BENCH_HOLD")), studio.uri().toString());
                    System.out.println("serving " + studio.uri() + " until stdin closes (browser timing)");
                    System.in.read();
                }
            }
        }
    }

    static String get(Studio s, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(s.baseUri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static long[] timed(Studio s, String path) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(s.baseUri().resolve(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
        long t = System.nanoTime() - t0;
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " -> " + r.statusCode() + " " + new String(r.body()));
        }
        return new long[] {t, r.body().length};
    }

    static void seed(Path dir) {
        long t0 = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(42);
        try (Database db = Syna.builder(dir).durability(Durability.NONE).open()) {
            // 1,000,000 user keys: 700k text, 200k int64, 99k bytes, 1,000 float64 sensors with 100 points each
            int written = 0;
            WriteBatch b = WriteBatch.create();
            for (int i = 0; i < 700_000; i++, written++) {
                b.putText(String.format(Locale.ROOT, "text:%07d", i), "value " + i + " " + Long.toHexString(rnd.nextLong()));
                b = flush(db, b);
            }
            for (int i = 0; i < 200_000; i++, written++) {
                b.putInt(String.format(Locale.ROOT, "count:%07d", i), rnd.nextLong(1_000_000));
                b = flush(db, b);
            }
            byte[] blob = new byte[64];
            for (int i = 0; i < 99_000; i++, written++) {
                rnd.nextBytes(blob);
                b.putBytes(String.format(Locale.ROOT, "blob:%06d", i), blob);
                b = flush(db, b);
            }
            db.write(b);
            long t = 1_700_000_000_000_000L;
            for (int i = 0; i < 1_000; i++, written++) {
                long[] times = new long[100];
                double[] values = new double[100];
                for (int p = 0; p < 100; p++) {
                    times[p] = t + p * 1_000_000L;
                    values[p] = Math.sin(p / 10.0) + rnd.nextDouble();
                }
                db.putFloats(String.format(Locale.ROOT, "sensor:%05d", i), times, values);
            }
            System.out.printf(Locale.ROOT, "seeded %,d user keys in %d s%n", written, (System.nanoTime() - t0) / 1_000_000_000);
            // exact store (no ANN index build in the bench): PCA and k-NN read the vectors either way
            VectorStoreOptions o = VectorStoreOptions.builder(DIM).metric(DistanceMetric.COSINE).indexThreshold(Integer.MAX_VALUE).build();
            try (VectorStore s = Syna.vectorStore(db, "emb", o)) {
                float[][] centres = new float[16][DIM];
                for (float[] c : centres) {
                    for (int j = 0; j < DIM; j++) {
                        c[j] = (float) rnd.nextGaussian();
                    }
                }
                for (int start = 0; start < VECTORS; start += 1_000) {
                    List<String> keys = new ArrayList<>();
                    List<float[]> vs = new ArrayList<>();
                    List<Map<String, Atom>> meta = new ArrayList<>();
                    for (int i = start; i < start + 1_000; i++) {
                        int c = rnd.nextInt(centres.length);
                        float[] v = new float[DIM];
                        for (int j = 0; j < DIM; j++) {
                            v[j] = centres[c][j] + (float) rnd.nextGaussian() * 0.4f;
                        }
                        keys.add(String.format(Locale.ROOT, "v-%05d", i));
                        vs.add(v);
                        meta.add(Map.of("cluster", Atom.of("c" + c)));
                    }
                    s.insertBatch(keys, vs, meta);
                }
            }
            try (ModelRegistry reg = ModelRegistry.open(db)) {
                for (int v = 0; v < 5; v++) {
                    reg.save("ranker", new byte[1 << 20], Map.of("v", Integer.toString(v)));
                }
            }
            try (ExperimentTracker tr = ExperimentTracker.open(db)) {
                var e = tr.experiment("tuning");
                for (int r = 0; r < 5; r++) {
                    double lr = 0.01 * (r + 1);
                    e.run("lr-" + lr, run -> {
                        run.logParam("lr", Double.toString(lr));
                        for (int step = 0; step < 1_000; step++) {
                            run.logMetric("loss", 1.0 / (1 + step * lr), step);
                        }
                    });
                }
            }
            db.sync();
        }
        System.out.printf(Locale.ROOT, "seeded in %d s%n", (System.nanoTime() - t0) / 1_000_000_000);
    }

    static WriteBatch flush(Database db, WriteBatch b) {
        if (b.size() < 10_000) {
            return b;
        }
        db.write(b);
        return WriteBatch.create();
    }
}
