package syna.bench.ann;

import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import syna.api.DistanceMetric;
import syna.api.spi.ArrayVectorSource;
import syna.api.spi.ExactSearch;
import syna.api.spi.OrdinalFilter;
import syna.api.spi.Providers;
import syna.api.spi.SearchOptions;
import syna.api.spi.VectorHit;
import syna.api.spi.VectorIndexConfig;
import syna.api.spi.VectorIndexProvider;
import syna.index.cascade.CascadeIndex;
import syna.index.cascade.CascadeOptions;
import syna.index.cascade.CascadeStats;

/**
 * The Cascade benchmark ({@code bench/ann.sh cascade <dir>}): on one data set, in one run, Syna's HNSW beside every
 * Cascade preset: build time (one thread), memory, recall@10 and QPS per search beam; then churn: the default
 * preset built on 80% of the vectors, 20% of them deleted (consolidated in the background) and the last 20%
 * inserted, against a fresh build of what is left. Keys: {@code efs}, {@code presets}, {@code skip} (hnsw,
 * churn), {@code cascade.NAME} (an index option by its parameter name set on every preset, e.g.
 * {@code cascade.build-beam=32}).
 */
public final class CascadeBenchmark {
    private CascadeBenchmark() {}

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: CascadeBenchmark <dir> [efs=..] [presets=small,balanced,...] [skip=hnsw,churn]");
            System.exit(2);
        }
        IndexBench b = new IndexBench(args);
        List<String> skip = Arrays.asList(b.opt.getOrDefault("skip", "").split(","));
        b.header("Cascade");
        int[] efs = b.intList("efs", "10,16,24,32,48,64,96,128,200,300,500");
        // Syna's HNSW at the ANN benchmark's efConstruction (100) and at its own default (200)
        Map<Integer, IndexBench.Hnsw> hnsws = new LinkedHashMap<>();
        if (!skip.contains("hnsw")) {
            for (int efc : b.intList("hnsw-efc", "100,200")) {
                IndexBench.load("before hnsw efc " + efc);
                hnsws.put(efc, b.hnsw(b.intList("hnsw-efs", "10,16,24,32,48,64,96,128,200,300,500"), efc));
            }
        }
        VectorIndexProvider cascade = Providers.get(VectorIndexProvider.class, "cascade");
        List<CascadeOptions.Preset> presets = b.opt.containsKey("presets")
                ? Arrays.stream(b.opt.get("presets").split(",")).map(CascadeOptions.Preset::of).toList()
                : List.of(CascadeOptions.Preset.values());
        Map<CascadeOptions.Preset, double[]> summary = new LinkedHashMap<>();
        boolean warmed = false;
        for (CascadeOptions.Preset p : presets) {
            Map<String, String> set = new LinkedHashMap<>(CascadeOptions.preset(p).seed(42).build().toMap());
            b.opt.forEach((k, v) -> {
                if (k.startsWith("cascade.")) {
                    set.put(k.substring("cascade.".length()), v);
                }
            });
            CascadeOptions o = CascadeOptions.fromMap(set);
            if (!warmed) {
                ArrayVectorSource warm = ArrayVectorSource.of(Arrays.copyOf(b.base, Math.min(5000, b.base.length)),
                        DistanceMetric.COSINE);
                try (CascadeIndex w = (CascadeIndex) cascade.create(VectorIndexConfig.of(warm, o.toMap()), warm)) {
                    w.addAll(IndexBench.range(0, warm.size()));
                }
                warmed = true;
            }
            IndexBench.load("before cascade " + p.key());
            ArrayVectorSource src = b.source();
            try (CascadeIndex idx = (CascadeIndex) cascade.create(VectorIndexConfig.of(src, o.toMap()), src)) {
                double[] build = IndexBench.timed(() -> idx.addAll(IndexBench.range(0, b.base.length)));
                CascadeStats st = idx.stats();
                System.out.printf(Locale.ROOT, "== syna-cascade %s%n  build 1 thread: %.2f s (cpu %.2f s), memory %.1f MB,"
                        + " %d bucket-tree nodes, %.1f links/node%n", o, build[0], build[1], st.memoryBytes() / 1e6,
                        st.bucketTreeNodes(), (double) st.edges() / st.nodes());
                double[] atDefault = row(b, idx, 0);
                System.out.printf(Locale.ROOT, "  ef %4s  recall@%d %.4f  QPS %8.0f  distances/query %6.0f (preset default ef %d)%n",
                        "dflt", b.k, atDefault[0], atDefault[1], atDefault[2], o.efSearch());
                double best = atDefault[0];
                double qps95 = Double.NaN;
                double qps99 = Double.NaN;
                for (int ef : efs) {
                    double[] r = row(b, idx, ef);
                    best = Math.max(best, r[0]);
                    if (Double.isNaN(qps95) && r[0] >= 0.95) {
                        qps95 = r[1];
                    }
                    if (Double.isNaN(qps99) && r[0] >= 0.99) {
                        qps99 = r[1];
                    }
                    System.out.printf(Locale.ROOT, "  ef %4d  recall@%d %.4f  QPS %8.0f  distances/query %6.0f%n", ef, b.k,
                            r[0], r[1], r[2]);
                }
                summary.put(p, new double[] {build[0], st.memoryBytes() / 1e6, atDefault[0], atDefault[1], best, qps95,
                        qps99});
            }
        }
        System.out.println();
        System.out.println("== summary (one thread; QPS single-query)");
        System.out.printf(Locale.ROOT, "%-12s %9s %8s %13s %12s %10s %10s %10s%n", "preset", "build s", "mem MB",
                "recall@dflt", "QPS@dflt", "max rec", "QPS@0.95", "QPS@0.99");
        for (var e : summary.entrySet()) {
            double[] s = e.getValue();
            System.out.printf(Locale.ROOT, "%-12s %9.2f %8.1f %13.4f %12.0f %10.4f %10.0f %10.0f%n", e.getKey().key(),
                    s[0], s[1], s[2], s[3], s[4], s[5], s[6]);
        }
        for (Map.Entry<Integer, IndexBench.Hnsw> he : hnsws.entrySet()) {
            IndexBench.Hnsw hnsw = he.getValue();
            String hn = "hnsw efc" + he.getKey();
            System.out.printf(Locale.ROOT, "%-12s %9.2f %8s %13s %12s %10.4f %10.0f %10.0f%n", hn, hnsw.buildWall,
                    "-", "-", "-", hnsw.rows.values().stream().mapToDouble(r -> r[0]).max().orElse(Double.NaN),
                    hnsw.qpsAt(0.95), hnsw.qpsAt(0.99));
        }
        for (Map.Entry<Integer, IndexBench.Hnsw> he : hnsws.entrySet()) {
            IndexBench.Hnsw hnsw = he.getValue();
            System.out.printf(Locale.ROOT, "-- against syna-hnsw efConstruction %d%n", he.getKey());
            for (var e : summary.entrySet()) {
                System.out.printf(Locale.ROOT, "%s: build %.2fx hnsw's (target <= 0.5)", e.getKey().key(),
                        e.getValue()[0] / hnsw.buildWall);
                if (e.getKey() == CascadeOptions.Preset.FAST_SEARCH) {
                    double rec = e.getValue()[2];
                    System.out.printf(Locale.ROOT, "; QPS %.0f at its recall %.4f vs hnsw %.0f at the first ef reaching it"
                            + " (%.2fx)", e.getValue()[3], rec, hnsw.qpsAt(rec), e.getValue()[3] / hnsw.qpsAt(rec));
                }
                if (e.getKey() == CascadeOptions.Preset.HIGH_RECALL) {
                    System.out.printf(Locale.ROOT, "; recall %.4f at its default ef, best %.4f (target >= 0.99)",
                            e.getValue()[2], e.getValue()[4]);
                }
                System.out.println();
            }
        }
        if (!skip.contains("churn")) {
            churn(b, cascade);
        }
    }

    /** recall, QPS, search distances per query at beam {@code ef} (0: the preset's default). */
    private static double[] row(IndexBench b, CascadeIndex idx, int ef) {
        SearchOptions so = SearchOptions.defaults().withEffort(ef);
        CascadeStats before = idx.stats();
        double[] r = b.sweep(q -> idx.search(q, b.k, so), b.gt);
        CascadeStats after = idx.stats();
        return new double[] {r[0], r[1], (after.searchDistances() - before.searchDistances())
                / (double) (after.searches() - before.searches())};
    }

    /** 80% built, 20% of it deleted, the other 20% inserted; recall against a fresh build of the survivors. */
    private static void churn(IndexBench b, VectorIndexProvider cascade) throws InterruptedException {
        int n = b.base.length;
        int first = (int) (0.8 * n);
        SplittableRandom r = new SplittableRandom(5);
        BitSet deleted = new BitSet();
        while (deleted.cardinality() < n / 5) {
            deleted.set(r.nextInt(first));
        }
        BitSet alive = new BitSet();
        alive.set(0, n);
        alive.andNot(deleted);
        int[] survivors = alive.stream().toArray();
        // exact ground truth over the survivors
        ArrayVectorSource all = b.source();
        int[][] truth = new int[b.queries.length][];
        OrdinalFilter live = OrdinalFilter.of(alive);
        for (int i = 0; i < b.queries.length; i++) {
            List<VectorHit> hits = ExactSearch.search(all, b.queries[i], b.k, live);
            truth[i] = hits.stream().mapToInt(VectorHit::ordinal).toArray();
        }
        CascadeOptions o = CascadeOptions.builder().seed(42).build();
        System.out.printf(Locale.ROOT, "%n== churn (%s): build on %d, delete %d of them, insert %d more; %d remain%n",
                o.preset().key(), first, deleted.cardinality(), n - first, survivors.length);
        IndexBench.load("before churn");
        double churned;
        double fresh;
        ArrayVectorSource s1 = b.source();
        try (CascadeIndex idx = (CascadeIndex) cascade.create(VectorIndexConfig.of(s1, o.toMap()), s1)) {
            idx.addAll(IndexBench.range(0, first));
            long t = System.nanoTime();
            // deletes and inserts interleaved, as a live collection sees them
            int[] dels = deleted.stream().toArray();
            int di = 0;
            for (int i = first; i < n; i++) {
                idx.add(i);
                if (di < dels.length) {
                    idx.delete(dels[di++]);
                }
            }
            while (di < dels.length) {
                idx.delete(dels[di++]);
            }
            idx.awaitConsolidated(Duration.ofMinutes(10));
            CascadeStats st = idx.stats();
            System.out.printf(Locale.ROOT, "  churn %.2f s; %d consolidations, %d tombstones left, %d live%n",
                    (System.nanoTime() - t) / 1e9, st.consolidations(), st.tombstones(), st.size());
            churned = b.sweep(q -> idx.search(q, b.k, SearchOptions.defaults()), truth)[0];
            idx.consolidate();
            double after = b.sweep(q -> idx.search(q, b.k, SearchOptions.defaults()), truth)[0];
            System.out.printf(Locale.ROOT, "  recall@%d at the default ef: %.4f; after a final consolidation %.4f%n", b.k,
                    churned, after);
        }
        ArrayVectorSource s2 = b.source();
        try (CascadeIndex idx = (CascadeIndex) cascade.create(VectorIndexConfig.of(s2, o.toMap()), s2)) {
            idx.addAll(survivors);
            fresh = b.sweep(q -> idx.search(q, b.k, SearchOptions.defaults()), truth)[0];
        }
        System.out.printf(Locale.ROOT, "churn: recall %.4f vs fresh build %.4f (diff %.4f, target <= 0.01)%n", churned,
                fresh, fresh - churned);
    }
}
