package syna.bench.faiss;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import syna.bench.ann.Vecs;
import syna.faiss.internal.binding.FaissLibrary;
import syna.faiss.internal.binding.FaissMetric;
import syna.faiss.internal.binding.NativeIndex;
import syna.faiss.internal.binding.SearchParams;
import syna.faiss.internal.binding.SearchResult;

/**
 * What it costs to reach FAISS from Java, and what Debian's generic FAISS build costs against the
 * {@code faiss-cpu} wheel, on one index. Per structure (IVF-Flat, HNSW, IVF-PQ over the data set's normalised
 * vectors, inner product) and per nprobe / efSearch, the best of 3 passes of one query per call:
 * <ul>
 *   <li>Java: {@code NativeIndex.search} (FFM downcall, native buffers, lock);</li>
 *   <li>native: the same searches looped inside the shim ({@code syna_faiss_time_search}); FFM overhead =
 *       Java time / native time - 1;</li>
 *   <li>wheel: the same index file read by the wheel's FAISS in Python ({@code bench/faiss_same_index.py}),
 *       same queries and parameter: one call per query and one call for all.</li>
 * </ul>
 * Usage: {@code FaissOverheadBench <dir> [n=N] [queries=N] [k=10] [threads=2] [only=ivf-flat,hnsw,ivf-pq]}.
 */
public final class FaissOverheadBench {
    private FaissOverheadBench() {}

    /** One structure and its sweep. */
    record Case(String name, String factory, String knob, int[] values) {}

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Map<String, String> opt = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            opt.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        int k = Integer.parseInt(opt.getOrDefault("k", "10"));
        int threads = Integer.parseInt(opt.getOrDefault("threads", "2"));
        float[][] base = normalize(Vecs.readFvecs(dir.resolve("base.fvecs"), Integer.parseInt(opt.getOrDefault("n", "" + Integer.MAX_VALUE))));
        float[][] queries = normalize(Vecs.readFvecs(dir.resolve("query.fvecs"), Integer.parseInt(opt.getOrDefault("queries", "" + Integer.MAX_VALUE))));
        int n = base.length;
        int d = base[0].length;
        int lists = Math.max(16, Integer.highestOneBit((int) (4 * Math.sqrt(n))));
        List<Case> cases = List.of(
                new Case("ivf-flat", "IVF" + lists + ",Flat", "nprobe", new int[] {8, 32, 128}),
                new Case("hnsw", "HNSW16,Flat", "efSearch", new int[] {32, 64, 128}),
                new Case("ivf-pq", "IVF" + lists + ",PQ" + (d / 8) + "np", "nprobe", new int[] {8, 32, 128}));
        List<String> only = opt.containsKey("only") ? List.of(opt.get("only").split(",")) : List.of();
        System.out.printf(Locale.ROOT, "# FAISS overhead bench: %s, %d base, %d queries, dim %d, k %d; shim FAISS %s (%s);"
                + " load average %.2f; commit %s%n", dir, n, queries.length, d, k, FaissLibrary.faissVersion(), FaissLibrary.file(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), System.getProperty("syna.bench.commit", "?"));
        Path tmp = Files.createTempDirectory("faiss-overhead-");
        Path qfile = tmp.resolve("queries.fvecs");
        Vecs.writeFvecs(qfile, queries);
        float[] flatBase = flatten(base);
        float[] flatQ = flatten(queries);
        System.out.printf(Locale.ROOT, "%-9s %-18s %-9s %5s %10s %10s %9s %12s %12s %11s %8s%n", "structure", "factory", "knob",
                "value", "Java QPS", "native QPS", "FFM ovh", "wheel/call", "wheel/batch", "wheel/Java", "same ids");
        for (Case c : cases) {
            if (!only.isEmpty() && !only.contains(c.name())) {
                continue;
            }
            try (NativeIndex index = NativeIndex.create(c.factory(), d, FaissMetric.INNER_PRODUCT)) {
                long t0 = System.nanoTime();
                index.train(flatBase, threads);
                index.add(flatBase, null, threads);
                double buildS = (System.nanoTime() - t0) / 1e9;
                Path file = tmp.resolve(c.name() + ".faiss");
                index.write(file);
                Map<Integer, double[]> wheel = wheel(file, qfile, k, c.knob(), c.values());
                for (int v : c.values()) {
                    SearchParams p = c.knob().equals("nprobe") ? SearchParams.defaults().withNprobe(v)
                            : SearchParams.defaults().withEfSearch(v);
                    long[] nativeLabels = new long[queries.length * k];
                    long[] javaLabels = new long[queries.length * k];
                    double bestJava = Double.MAX_VALUE;
                    double bestNative = Double.MAX_VALUE;
                    for (int pass = 0; pass < 4; pass++) { // the first pass warms up
                        long t = System.nanoTime();
                        for (int i = 0; i < queries.length; i++) {
                            SearchResult r = index.search(queries[i], k, p);
                            System.arraycopy(r.labels(), 0, javaLabels, i * k, Math.min(k, r.labels().length));
                        }
                        double java = System.nanoTime() - t;
                        double nat = index.timeSearchNatively(flatQ, k, p, nativeLabels);
                        if (pass > 0) {
                            bestJava = Math.min(bestJava, java);
                            bestNative = Math.min(bestNative, nat);
                        }
                    }
                    double[] w = wheel.getOrDefault(v, new double[] {Double.NaN, Double.NaN, 0});
                    double javaQps = queries.length / (bestJava / 1e9);
                    System.out.printf(Locale.ROOT, "%-9s %-18s %-9s %5d %10.0f %10.0f %8.1f%% %12.0f %12.0f %10.2fx %8s%n",
                            c.name(), c.factory(), c.knob(), v, javaQps, queries.length / (bestNative / 1e9),
                            (bestJava / bestNative - 1) * 100, w[0], w[1], w[0] / javaQps,
                            Arrays.equals(javaLabels, nativeLabels) ? "yes" : "NO");
                }
                System.out.printf(Locale.ROOT, "%-9s build (train + add, %d threads) %.1f s, serialized %.1f MB%n", c.name(), threads,
                        buildS, index.serializedSize() / 1e6);
            }
        }
    }

    private static Map<Integer, double[]> wheel(Path index, Path queries, int k, String knob, int[] values) throws IOException,
            InterruptedException {
        StringBuilder vs = new StringBuilder();
        for (int v : values) {
            vs.append(vs.isEmpty() ? "" : ",").append(v);
        }
        Process p = new ProcessBuilder("python3", "bench/faiss_same_index.py", index.toString(), queries.toString(),
                Integer.toString(k), knob, vs.toString()).redirectErrorStream(true).start();
        Map<Integer, double[]> out = new HashMap<>();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                lines.add(line);
                if (line.startsWith("#")) {
                    System.out.println(line);
                    continue;
                }
                String[] f = line.split(" ");
                if (f.length == 3) {
                    out.put(Integer.parseInt(f[0]), new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])});
                }
            }
        }
        if (p.waitFor() != 0) {
            System.out.println("wheel run failed: " + String.join(" | ", lines));
        }
        return out;
    }

    private static float[][] normalize(float[][] v) {
        return syna.tests.Datasets.normalize(v);
    }

    private static float[] flatten(float[][] rows) {
        float[] f = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, f, i * rows[0].length, rows[0].length);
        }
        return f;
    }
}
