package syna.bench.ann;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import syna.api.DistanceMetric;
import syna.api.spi.ArrayVectorSource;
import syna.api.spi.Providers;
import syna.api.spi.SearchOptions;
import syna.api.spi.VectorHit;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorIndexConfig;
import syna.api.spi.VectorIndexProvider;

/**
 * What the GWI and Cascade benchmarks share: the data set of a {@link DatasetGenerator} directory (unit vectors,
 * cosine), the run header, Syna's HNSW as the in-process peer, timed query sweeps (best of 3 single-thread
 * passes) and CPU clocks. Not thread-safe.
 */
final class IndexBench {
    static final int PASSES = Integer.getInteger("syna.bench.passes", 3);
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    final Path dir;
    final Map<String, String> opt = new HashMap<>();
    final float[][] base;
    final float[][] queries;
    final int[][] gt;
    final int k;

    IndexBench(String[] args) throws Exception {
        dir = Path.of(args[0]);
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            opt.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        k = Integer.parseInt(opt.getOrDefault("k", "10"));
        int n = Integer.parseInt(opt.getOrDefault("n", Integer.toString(Integer.MAX_VALUE)));
        float[][] all = syna.tests.Datasets.normalize(Vecs.readFvecs(dir.resolve("base.fvecs"), Integer.MAX_VALUE));
        queries = syna.tests.Datasets.normalize(Vecs.readFvecs(dir.resolve("query.fvecs"),
                Integer.parseInt(opt.getOrDefault("queries", Integer.toString(Integer.MAX_VALUE)))));
        if (n < all.length) {
            // a prefix of the base set: its exact ground truth is recomputed
            base = Arrays.copyOf(all, n);
            gt = GroundTruthIvecs.compute(base, queries, k, DistanceMetric.COSINE);
        } else {
            base = all;
            gt = Vecs.readIvecs(dir.resolve("groundtruth.ivecs"));
        }
    }

    int[] intList(String key, String dflt) {
        return Arrays.stream(opt.getOrDefault(key, dflt).split(",")).mapToInt(Integer::parseInt).toArray();
    }

    static int[] range(int from, int to) {
        int[] o = new int[to - from];
        for (int i = 0; i < o.length; i++) {
            o[i] = from + i;
        }
        return o;
    }

    void header(String what) {
        String cpu = "unknown";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
        } catch (java.io.IOException e) {
            // not Linux
        }
        System.out.println("# Syna " + what + " benchmark " + Instant.now());
        System.out.printf(Locale.ROOT, "# data %s: %d base, %d queries, dim %d, cosine (unit vectors), k=%d%n", dir,
                base.length, queries.length, base[0].length, k);
        System.out.printf(Locale.ROOT, "# CPU %s, %d cores visible, load average %.2f%n", cpu,
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "# JDK %s, max heap %d MB; commit %s; kernels %s%n", Runtime.version(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("syna.bench.commit", "unknown"),
                syna.api.Vectors.kernels().name());
    }

    static void load(String label) {
        System.out.printf(Locale.ROOT, "# load average %.2f (%s)%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), label);
    }

    /** Recall@k of {@code hits} against the first k of {@code truth}. */
    double recall(List<VectorHit> hits, int[] truth) {
        int found = 0;
        for (VectorHit h : hits) {
            for (int j = 0; j < k && j < truth.length; j++) {
                if (truth[j] == h.ordinal()) {
                    found++;
                    break;
                }
            }
        }
        return (double) found / Math.min(k, truth.length);
    }

    /** recall, QPS of one sweep point: one warm pass, then the fastest of {@link #PASSES}. */
    double[] sweep(Function<float[], List<VectorHit>> search, int[][] truth) {
        for (float[] q : queries) {
            search.apply(q);
        }
        double[] best = null;
        for (int pass = 0; pass < PASSES; pass++) {
            double r = 0;
            long t = System.nanoTime();
            for (int i = 0; i < queries.length; i++) {
                r += recall(search.apply(queries[i]), truth[i]);
            }
            double secs = (System.nanoTime() - t) / 1e9;
            double[] row = {r / queries.length, queries.length / secs};
            if (best == null || row[1] > best[1]) {
                best = row;
            }
        }
        return best;
    }

    /** A fresh source over all base vectors. */
    ArrayVectorSource source() {
        return ArrayVectorSource.of(base, DistanceMetric.COSINE);
    }

    /** Wall and CPU seconds of one build by {@code body} on this thread. */
    static double[] timed(Runnable body) {
        long c = THREADS.getCurrentThreadCpuTime();
        long t = System.nanoTime();
        body.run();
        return new double[] {(System.nanoTime() - t) / 1e9, (THREADS.getCurrentThreadCpuTime() - c) / 1e9};
    }

    /** CPU seconds of every live thread whose name starts with {@code prefix}. */
    static double cpuOfThreads(String prefix) {
        double s = 0;
        for (var info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                long c = THREADS.getThreadCpuTime(info.getThreadId());
                s += c > 0 ? c / 1e9 : 0;
            }
        }
        return s;
    }

    /** Syna's HNSW (M=16, the given efConstruction, one build thread), built and swept; the peer both benchmarks name. */
    Hnsw hnsw(int[] efs, int efConstruction) {
        VectorIndexProvider p = Providers.get(VectorIndexProvider.class, "hnsw");
        Map<String, String> params = Map.of("m", opt.getOrDefault("m", "16"), "ef-construction",
                Integer.toString(efConstruction), "build-threads", "1", "seed", "42");
        ArrayVectorSource warm = ArrayVectorSource.of(Arrays.copyOf(base, Math.min(3000, base.length)), DistanceMetric.COSINE);
        try (VectorIndex w = p.create(VectorIndexConfig.of(warm, params), warm)) {
            w.addAll(range(0, warm.size()));
        }
        ArrayVectorSource src = source();
        VectorIndex idx = p.create(VectorIndexConfig.of(src, params), src);
        double[] build = timed(() -> idx.addAll(range(0, base.length)));
        System.out.printf(Locale.ROOT, "== syna-hnsw (M=%s, efConstruction=%s)%n  build 1 thread: %.2f s (cpu %.2f s)%n",
                params.get("m"), params.get("ef-construction"), build[0], build[1]);
        Hnsw h = new Hnsw(build[0], build[1]);
        for (int ef : efs) {
            SearchOptions so = SearchOptions.defaults().withEffort(ef);
            double[] r = sweep(q -> idx.search(q, k, so), gt);
            h.rows.put(ef, r);
            System.out.printf(Locale.ROOT, "  ef %4d  recall@%d %.4f  QPS %8.0f%n", ef, k, r[0], r[1]);
        }
        idx.close();
        return h;
    }

    /** HNSW's figures. */
    static final class Hnsw {
        final double buildWall;
        final double buildCpu;
        final Map<Integer, double[]> rows = new java.util.LinkedHashMap<>();

        Hnsw(double buildWall, double buildCpu) {
            this.buildWall = buildWall;
            this.buildCpu = buildCpu;
        }

        /** QPS at the first ef reaching {@code recall}, NaN if none does. */
        double qpsAt(double recall) {
            for (double[] r : rows.values()) {
                if (r[0] >= recall) {
                    return r[1];
                }
            }
            return Double.NaN;
        }
    }
}
