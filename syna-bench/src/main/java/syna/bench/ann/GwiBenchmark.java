package syna.bench.ann;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import syna.api.Vectors;
import syna.api.spi.ArrayVectorSource;
import syna.api.spi.OrdinalFilter;
import syna.api.spi.Providers;
import syna.api.spi.VectorIndexConfig;
import syna.api.spi.VectorIndexProvider;
import syna.index.gwi.GwiIndex;
import syna.index.gwi.GwiOptions;
import syna.index.gwi.GwiQuery;
import syna.index.gwi.GwiStats;

/**
 * The Gravity Well benchmark ({@code bench/ann.sh gwi <dir>}): on one data set, in one run, Syna's HNSW and FAISS
 * IVF-Flat (the faiss-cpu wheel, {@code bench/faiss_ivf.py}, same list count) beside GWI: build time (one thread,
 * training included), recall@10 / QPS / distance computations per fixed nprobe and per adaptive ε, and the drift
 * test: GWI built on half the clusters of the data, then fed the other half one insert at a time, against a fresh
 * build on all of it (and against no rebalancing, and FAISS trained on the first half).
 *
 * <p>Keys: {@code list-size} (100), {@code reassign-neighbours} (the index's default), {@code nprobes}, {@code eps},
 * {@code patience}, {@code gwi.NAME} (any index option by its parameter name, e.g. {@code gwi.beam=40}),
 * {@code efs} (HNSW sweep), {@code clusters} (20, the drift split), {@code python} (python3),
 * {@code skip} (comma list of hnsw, copy, faiss, drift), {@code repeats} (3: builds and drift runs timed, medians
 * reported).
 */
public final class GwiBenchmark {
    private GwiBenchmark() {}

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: GwiBenchmark <dir> [list-size=100] [nprobes=..] [eps=..] [efs=..] [skip=hnsw,faiss,drift]");
            System.exit(2);
        }
        IndexBench b = new IndexBench(args);
        List<String> skip = Arrays.asList(b.opt.getOrDefault("skip", "").split(","));
        b.header("Gravity Well (gwi)");
        int listSize = Integer.parseInt(b.opt.getOrDefault("list-size", "100"));
        int[] nprobes = b.intList("nprobes", "1,2,4,8,12,16,20,24,28,32,36,40,44,48,52,56,60,64,68,72,76,80,96,128");
        double[] eps = Arrays.stream(b.opt.getOrDefault("eps", "0.5,0.6,0.7,0.8,0.9,1.0,1.3").split(","))
                .mapToDouble(Double::parseDouble).toArray();
        int[] patience = b.intList("patience", "0,16,24,32,40,48,56,64");
        VectorIndexProvider gwi = Providers.get(VectorIndexProvider.class, "gwi");
        GwiOptions.Builder ob = GwiOptions.builder().listSize(listSize).seed(42).trainSize(Math.min(10_000, b.base.length))
                .rebalance(GwiOptions.Rebalance.BACKGROUND);
        if (b.opt.containsKey("reassign-neighbours")) {
            ob.reassignNeighbours(Integer.parseInt(b.opt.get("reassign-neighbours")));
        }
        GwiOptions opts = ob.build();
        // any index option as gwi.NAME=VALUE (gwi.beam=40, gwi.assign-beam=6, ...), over the defaults above
        Map<String, String> extra = new LinkedHashMap<>(opts.toMap());
        b.opt.forEach((k, v) -> {
            if (k.startsWith("gwi.")) {
                extra.put(k.substring(4), v);
            }
        });
        opts = GwiOptions.fromMap(extra);

        IndexBench.Hnsw hnsw = null;
        if (!skip.contains("hnsw")) {
            IndexBench.load("before hnsw");
            hnsw = b.hnsw(b.intList("efs", "10,20,40,80,120,200,300"), Integer.parseInt(b.opt.getOrDefault("efc", "100")));
        }

        // warm-up build so the timed one pays no JIT
        ArrayVectorSource warm = ArrayVectorSource.of(Arrays.copyOf(b.base, Math.min(20_000, b.base.length)),
                syna.api.DistanceMetric.COSINE);
        try (GwiIndex w = (GwiIndex) gwi.create(VectorIndexConfig.of(warm, opts.toMap()), warm)) {
            w.addAll(IndexBench.range(0, warm.size()));
        }
        IndexBench.load("before gwi");
        ArrayVectorSource src = b.source();
        // The build is timed `repeats` times (default 3; the median is the figure, as for the drift's rebalancing
        // below): one build of a few seconds swings by a third on these shared machines.
        int repeats = Math.max(1, Integer.parseInt(b.opt.getOrDefault("repeats", "3")));
        double[][] builds = new double[repeats][];
        GwiIndex built = null;
        for (int rep = 0; rep < repeats; rep++) {
            if (built != null) {
                built.close();
            }
            GwiIndex next = (GwiIndex) gwi.create(VectorIndexConfig.of(src, opts.toMap()), src);
            builds[rep] = IndexBench.timed(() -> next.addAll(IndexBench.range(0, b.base.length)));
            next.awaitRebalanced(Duration.ofMinutes(5));
            built = next;
        }
        GwiIndex idx = built;
        double[] build = {median(builds, 0), median(builds, 1)};
        GwiStats st = idx.stats();
        System.out.printf(Locale.ROOT, "== syna-gwi %s%n  build 1 thread (training included): %.2f s (cpu %.2f s; median of"
                + " %d: %s), %d lists, largest %d, mean %.1f, memory %.1f MB%n", opts, build[0], build[1], repeats,
                walls(builds), st.lists(), st.largestList(), st.meanList(), st.memoryBytes() / 1e6);
        Map<Integer, double[]> fixed = new LinkedHashMap<>();
        for (int np : nprobes) {
            double[] r = probe(b, idx, GwiQuery.fixed(np));
            fixed.put(np, r);
            System.out.printf(Locale.ROOT, "  fixed    nprobe %4d        recall@%d %.4f  QPS %8.0f  distances/query %8.0f"
                    + " (vectors %6.0f + centroids %5.0f)%n", np, b.k, r[0], r[1], r[2] + r[3], r[2], r[3]);
        }
        int p95 = first(fixed, 0.95);
        int cap = p95 > 0 ? Math.min(3 * p95, 1024) : nprobes[nprobes.length - 1] * 2;
        List<double[]> adaptive = new ArrayList<>();
        for (double e : eps) {
            for (int pt : patience) {
                double[] r = probe(b, idx, GwiQuery.adaptive(cap, e, pt));
                adaptive.add(new double[] {e, r[0], r[1], r[2], r[3], pt});
                System.out.printf(Locale.ROOT, "  adaptive cap %4d eps %4.2f patience %3d recall@%d %.4f  QPS %8.0f"
                        + "  distances/query %8.0f (vectors %6.0f + centroids %5.0f)%n", cap, e, pt, b.k, r[0], r[1],
                        r[2] + r[3], r[2], r[3]);
            }
        }

        Map<Integer, double[]> copied = new LinkedHashMap<>();
        if (!skip.contains("copy")) {
            // the opt-in: each list keeps its vectors contiguously (a second copy), same seed so the same lists
            GwiOptions co = opts.toBuilder().copyVectors(true).build();
            try (GwiIndex cidx = (GwiIndex) gwi.create(VectorIndexConfig.of(src, co.toMap()), src)) {
                double[] cb = IndexBench.timed(() -> cidx.addAll(IndexBench.range(0, b.base.length)));
                cidx.awaitRebalanced(Duration.ofMinutes(5));
                System.out.printf(Locale.ROOT, "== syna-gwi copy-vectors=true: build %.2f s (cpu %.2f s), %d lists, memory %.1f MB%n",
                        cb[0], cb[1], cidx.stats().lists(), cidx.stats().memoryBytes() / 1e6);
                for (int np : nprobes) {
                    double[] r = probe(b, cidx, GwiQuery.fixed(np));
                    copied.put(np, r);
                    System.out.printf(Locale.ROOT, "  fixed    nprobe %4d        recall@%d %.4f  QPS %8.0f  distances/query %8.0f%n",
                            np, b.k, r[0], r[1], r[2] + r[3]);
                }
            }
        }

        Faiss faiss = null;
        if (!skip.contains("faiss")) {
            IndexBench.load("before faiss");
            faiss = Faiss.run(b, st.lists(), nprobes, null);
        }

        System.out.println();
        System.out.println("== summary");
        double[] f95 = p95 > 0 ? fixed.get(p95) : null;
        if (hnsw != null) {
            System.out.printf(Locale.ROOT, "build: gwi %.2f s vs syna-hnsw %.2f s = %.3fx (target <= 0.1)%n", build[0],
                    hnsw.buildWall, build[0] / hnsw.buildWall);
        }
        if (faiss != null) {
            System.out.printf(Locale.ROOT, "build: gwi %.2f s vs faiss IVF%d,Flat %.2f s = %.2fx (target <= 1.5)%n",
                    build[0], st.lists(), faiss.buildWall, build[0] / faiss.buildWall);
        }
        if (f95 != null) {
            System.out.printf(Locale.ROOT, "recall@%d >= 0.95: gwi fixed nprobe %d recall %.4f QPS %.0f", b.k, p95, f95[0],
                    f95[1]);
            if (hnsw != null) {
                System.out.printf(Locale.ROOT, "; syna-hnsw QPS %.0f", hnsw.qpsAt(0.95));
            }
            if (faiss != null) {
                System.out.printf(Locale.ROOT, "; faiss IVF-Flat QPS %.0f (nprobe %d)", faiss.qpsAt(0.95), faiss.nprobeAt(0.95));
            }
            System.out.println();
            if (copied.containsKey(p95)) {
                System.out.printf(Locale.ROOT, "recall@%d >= 0.95 with copy-vectors=true: nprobe %d recall %.4f QPS %.0f%n", b.k,
                        first(copied, 0.95), copied.get(first(copied, 0.95))[0], copied.get(first(copied, 0.95))[1]);
            }
            double[] bestA = null;
            for (double[] a : adaptive) {
                if (a[1] >= 0.95 && (bestA == null || a[3] + a[4] < bestA[3] + bestA[4])) {
                    bestA = a;
                }
            }
            if (bestA != null) {
                double fixedD = f95[2] + f95[3];
                double adaptD = bestA[3] + bestA[4];
                System.out.printf(Locale.ROOT, "adaptive probing at recall >= 0.95: cap %d eps %.2f patience %.0f recall %.4f,"
                        + " %.0f distances/query vs fixed nprobe %d (the first of the sweep reaching 0.95) %.0f: %.1f%% fewer"
                        + " (target >= 25%%); QPS %.0f vs %.0f%n", cap, bestA[0], bestA[5], bestA[1], adaptD, p95, fixedD,
                        100 * (1 - adaptD / fixedD), bestA[2], f95[1]);
            } else {
                System.out.println("adaptive probing: no eps in the sweep reached recall 0.95");
            }
        }
        idx.close();
        if (!skip.contains("drift") && p95 > 0) {
            drift(b, gwi, opts, p95, build, fixed.get(p95)[0], skip.contains("faiss") ? null : st.lists());
        }
    }

    /** recall, QPS, vector distances / query, centroid distances / query. */
    private static double[] probe(IndexBench b, GwiIndex idx, GwiQuery q) {
        GwiStats before = idx.stats();
        double[] r = b.sweep(v -> idx.search(v, b.k, q, OrdinalFilter.all()), b.gt);
        GwiStats after = idx.stats();
        double searches = after.searches() - before.searches();
        return new double[] {r[0], r[1], (after.vectorDistances() - before.vectorDistances()) / searches,
                (after.centroidDistances() - before.centroidDistances()) / searches};
    }

    private static int first(Map<Integer, double[]> rows, double recall) {
        for (Map.Entry<Integer, double[]> e : rows.entrySet()) {
            if (e.getValue()[0] >= recall) {
                return e.getKey();
            }
        }
        return -1;
    }

    /**
     * Build on the vectors of half the clusters (spherical k-means of the base, seeded), then insert the rest one
     * by one with background rebalancing; compare recall at {@code nprobe} with the fresh build, and the
     * rebalancing thread's CPU with the fresh build's.
     */
    private static void drift(IndexBench b, VectorIndexProvider gwi, GwiOptions opts, int nprobe, double[] freshBuild,
            double freshRecall, Integer faissLists) throws Exception {
        int clusters = Integer.parseInt(b.opt.getOrDefault("clusters", "20"));
        int[] label = clusterLabels(b.base, clusters, new SplittableRandom(7));
        int[] order = new int[clusters];
        for (int i = 0; i < clusters; i++) {
            order[i] = i;
        }
        SplittableRandom r = new SplittableRandom(11);
        for (int i = clusters - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        boolean[] seenCluster = new boolean[clusters];
        int[] sizes = new int[clusters];
        for (int l : label) {
            sizes[l]++;
        }
        int seenCount = 0;
        for (int c : order) {
            if (seenCount >= b.base.length / 2) {
                break;
            }
            seenCluster[c] = true;
            seenCount += sizes[c];
        }
        int[] seen = new int[seenCount];
        int[] unseen = new int[b.base.length - seenCount];
        int si = 0;
        int ui = 0;
        for (int o = 0; o < b.base.length; o++) {
            if (seenCluster[label[o]]) {
                seen[si++] = o;
            } else {
                unseen[ui++] = o;
            }
        }
        System.out.printf(Locale.ROOT, "%n== drift: %d clusters (spherical k-means), trained on %d of them (%d vectors),"
                + " then %d vectors of the other %d inserted one by one%n", clusters, countTrue(seenCluster), seen.length,
                unseen.length, clusters - countTrue(seenCluster));
        IndexBench.load("before drift");
        Map<GwiOptions.Rebalance, double[]> out = new LinkedHashMap<>();
        int repeats = Math.max(1, Integer.parseInt(b.opt.getOrDefault("repeats", "3")));
        List<GwiOptions.Rebalance> modes = new ArrayList<>();
        for (int rep = 0; rep < repeats; rep++) {
            modes.add(GwiOptions.Rebalance.BACKGROUND);
        }
        modes.add(GwiOptions.Rebalance.OFF);
        List<Double> rebalanceCpus = new ArrayList<>();
        for (GwiOptions.Rebalance mode : modes) {
            ArrayVectorSource src = b.source();
            GwiOptions o = opts.toBuilder().trainSize(seen.length).rebalance(mode).build();
            double before = IndexBench.cpuOfThreads("syna-gwi-");
            try (GwiIndex idx = (GwiIndex) gwi.create(VectorIndexConfig.of(src, o.toMap()), src)) {
                double[] first = IndexBench.timed(() -> idx.addAll(seen));
                double[] insert = IndexBench.timed(() -> {
                    for (int u : unseen) {
                        idx.add(u);
                    }
                });
                long t = System.nanoTime();
                idx.awaitRebalanced(Duration.ofMinutes(10));
                double waited = (System.nanoTime() - t) / 1e9;
                double rebalanceCpu = IndexBench.cpuOfThreads("syna-gwi-") - before;
                GwiStats st = idx.stats();
                double[] rr = probe(b, idx, GwiQuery.fixed(nprobe));
                out.put(mode, rr);
                System.out.printf(Locale.ROOT, "  rebalance %-10s first half %.2f s, inserts %.2f s (cpu %.2f s), then"
                        + " %.2f s until idle; rebalancing thread cpu %.2f s (%d splits, %d merges, %d reassigned, %d suspects"
                        + " rerouted);"
                        + " %d lists, largest %d, mean %.1f (%.2fx); recall@%d at nprobe %d: %.4f (fresh build %.4f)%n",
                        mode.name().toLowerCase(Locale.ROOT), first[0], insert[0], insert[1], waited, rebalanceCpu,
                        st.splits(), st.merges(), st.reassigned(), st.rerouted(), st.lists(), st.largestList(), st.meanList(),
                        st.largestList() / st.meanList(), b.k, nprobe, rr[0], freshRecall);
                if (mode == GwiOptions.Rebalance.BACKGROUND) {
                    rebalanceCpus.add(rebalanceCpu);
                }
                if (mode == GwiOptions.Rebalance.BACKGROUND && rebalanceCpus.size() == repeats) {
                    List<Double> sorted = new ArrayList<>(rebalanceCpus);
                    java.util.Collections.sort(sorted);
                    double median = sorted.get(repeats / 2);
                    System.out.printf(Locale.ROOT, "drift: recall %.4f vs fresh %.4f (diff %.4f, target <= 0.02);"
                            + " rebalancing cpu %.2f s (median of %d runs: %s) = %.1f%% of a rebuild's %.2f s (median"
                            + " cpu) (target <= 10%%); largest list %.2fx the mean (target <= 2)%n", rr[0], freshRecall,
                            freshRecall - rr[0], median, repeats, rebalanceCpus.stream().map(x -> String.format(Locale.ROOT,
                                    "%.2f", x)).collect(java.util.stream.Collectors.joining(", ")),
                            100 * median / freshBuild[1], freshBuild[1], st.largestList() / st.meanList());
                }
            }
        }
        if (faissLists != null) {
            Path seenFile = Files.createTempFile("gwi-seen", ".i32");
            ByteBuffer bb = ByteBuffer.allocate(4 * seen.length).order(ByteOrder.LITTLE_ENDIAN);
            for (int s : seen) {
                bb.putInt(s);
            }
            Files.write(seenFile, bb.array());
            System.out.println("  faiss IVF-Flat trained on the first half only (stale centroids), all vectors added:");
            Faiss.run(b, faissLists, new int[] {nprobe}, seenFile);
            Files.deleteIfExists(seenFile);
        }
    }

    /** The median of column {@code col} of {@code rows}. */
    private static double median(double[][] rows, int col) {
        double[] v = new double[rows.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = rows[i][col];
        }
        Arrays.sort(v);
        return v[v.length / 2];
    }

    /** The wall times of {@code rows}, in seconds. */
    private static String walls(double[][] rows) {
        StringBuilder sb = new StringBuilder();
        for (double[] r : rows) {
            sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f s", r[0]));
        }
        return sb.toString();
    }

    private static int countTrue(boolean[] a) {
        int n = 0;
        for (boolean x : a) {
            n += x ? 1 : 0;
        }
        return n;
    }

    /** Spherical k-means labels of unit vectors, k-means++-free (seeded random centres), 8 iterations. */
    static int[] clusterLabels(float[][] v, int k, SplittableRandom r) {
        int dim = v[0].length;
        float[][] c = new float[k][];
        for (int j = 0; j < k; j++) {
            c[j] = v[r.nextInt(v.length)].clone();
        }
        int[] label = new int[v.length];
        var kern = Vectors.kernels();
        for (int it = 0; it < 8; it++) {
            double[][] sum = new double[k][dim];
            for (int i = 0; i < v.length; i++) {
                int best = 0;
                float bd = -2;
                for (int j = 0; j < k; j++) {
                    float d = kern.dot(v[i], 0, c[j], 0, dim);
                    if (d > bd) {
                        bd = d;
                        best = j;
                    }
                }
                label[i] = best;
                for (int t = 0; t < dim; t++) {
                    sum[best][t] += v[i][t];
                }
            }
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (double x : sum[j]) {
                    s += x * x;
                }
                if (s > 0) {
                    for (int t = 0; t < dim; t++) {
                        c[j][t] = (float) (sum[j][t] / Math.sqrt(s));
                    }
                }
            }
        }
        return label;
    }

    /** FAISS IVF-Flat results parsed from {@code bench/faiss_ivf.py}. */
    static final class Faiss {
        double buildWall = Double.NaN;
        double buildCpu = Double.NaN;
        final Map<Integer, double[]> rows = new LinkedHashMap<>();

        static Faiss run(IndexBench b, int lists, int[] nprobes, Path seen) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(b.opt.getOrDefault("python", "python3"), "bench/faiss_ivf.py",
                    b.dir.toString(), "nlist=" + lists, "threads=1", "k=" + b.k, "n=" + b.base.length,
                    "queries=" + b.queries.length, "nprobes="
                            + String.join(",", Arrays.stream(nprobes).mapToObj(Integer::toString).toList())));
            if (seen != null) {
                cmd.add("seen=" + seen);
            }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            Faiss f = new Faiss();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    String[] w = line.strip().split("\\s+");
                    if (w[0].equals("build") && w.length == 3) {
                        f.buildWall = Double.parseDouble(w[1]);
                        f.buildCpu = Double.parseDouble(w[2]);
                        System.out.printf(Locale.ROOT, "== faiss IVF%d,Flat (faiss-cpu %s, 1 thread)%n  build: %.2f s (cpu %.2f s)%n",
                                lists, "wheel", f.buildWall, f.buildCpu);
                    } else if (w[0].equals("sweep") && w.length == 5) {
                        double[] row = {Double.parseDouble(w[2]), Double.parseDouble(w[3]), Double.parseDouble(w[4])};
                        f.rows.put(Integer.parseInt(w[1]), row);
                        System.out.printf(Locale.ROOT, "  fixed    nprobe %4s        recall@%d %.4f  QPS %8.0f  vectors/query %8.0f%n",
                                w[1], b.k, row[0], row[1], row[2]);
                    } else {
                        System.out.println("  faiss: " + line);
                    }
                }
            }
            int rc = p.waitFor();
            if (rc != 0) {
                System.out.println("  faiss_ivf.py exited with " + rc);
            }
            return f;
        }

        double qpsAt(double recall) {
            for (double[] r : rows.values()) {
                if (r[0] >= recall) {
                    return r[1];
                }
            }
            return Double.NaN;
        }

        int nprobeAt(double recall) {
            for (Map.Entry<Integer, double[]> e : rows.entrySet()) {
                if (e.getValue()[0] >= recall) {
                    return e.getKey();
                }
            }
            return -1;
        }
    }
}
