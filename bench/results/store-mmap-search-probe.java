import java.nio.file.*;
import java.time.Duration;
import java.util.*;
import syna.api.*;

public class MmapProbe {
    public static void main(String[] a) throws Exception {
        Path data = Path.of(a[0]);
        Path dir = Path.of(a[1]);
        int[] efs = Arrays.stream(a[2].split(",")).mapToInt(Integer::parseInt).toArray();
        double seconds = Double.parseDouble(a[3]);
        float[][] qs = syna.bench.ann.Vecs.readFvecs(data.resolve("query.fvecs"), Integer.MAX_VALUE);
        int[][] gt = syna.bench.ann.Vecs.readIvecs(data.resolve("groundtruth.ivecs"));
        boolean fresh = !Files.exists(dir);
        VectorStoreOptions opts = VectorStoreOptions.builder(qs[0].length).metric(DistanceMetric.valueOf(System.getProperty("metric", "COSINE"))).index("hnsw")
            .indexParameters(Map.of("m", "16", "ef-construction", "100", "build-threads", "2", "seed", "42")).build();
        try (VectorStore s = Syna.mmapVectorStore(dir, opts)) {
            if (fresh) {
                float[][] base = syna.bench.ann.Vecs.readFvecs(data.resolve("base.fvecs"), Integer.MAX_VALUE);
                for (int i = 0; i < base.length; i += 1000) {
                    List<String> k = new ArrayList<>(); List<float[]> v = new ArrayList<>();
                    for (int j = i; j < Math.min(base.length, i + 1000); j++) { k.add(Integer.toString(j)); v.add(base[j]); }
                    s.insertBatch(k, v);
                }
            }
            if (Boolean.getBoolean("mixed")) { // a durable store searched too, in the same JVM
                Path md = Files.createTempDirectory("dd");
                try (Database db = Syna.open(md); VectorStore mm = Syna.vectorStore(db, "d", VectorStoreOptions.builder(qs[0].length).metric(DistanceMetric.COSINE).build())) {
                    List<String> k = new ArrayList<>(); List<float[]> v = new ArrayList<>();
                    for (int j = 0; j < 2000; j++) { k.add("m" + j); v.add(qs[j % qs.length]); }
                    mm.insertBatch(k, v);
                    int hits = 0; for (int r = 0; r < 3000; r++) hits += mm.search(qs[r % qs.length], 10).size();
                    System.out.println("durable store searched: " + hits);
                }
            }
            Thread.sleep(Long.getLong("sleep", 0)); long t = System.nanoTime();
            s.awaitIndex(Duration.ofMinutes(10));
            System.out.printf("index ready %.1f s %s%n", (System.nanoTime() - t) / 1e9, s.indexStatus());
            var bean = java.lang.management.ManagementFactory.getThreadMXBean();
            for (int round = 0; round < Integer.getInteger("rounds", 3); round++) for (int ef : efs) {
                VectorQuery vq = VectorQuery.defaults().withEffort(ef);
                long cpu0 = bean.getCurrentThreadCpuTime(); long n = 0; double rec = 0; long end = System.nanoTime() + (long) (seconds * 1e9);
                while (System.nanoTime() < end) {
                    for (int i = 0; i < qs.length; i++) {
                        List<VectorMatch> h = s.search(qs[i], 10, vq);
                        if (n < qs.length) { Set<Integer> g = new HashSet<>(); for (int j = 0; j < 10; j++) g.add(gt[i][j]); int c = 0; for (VectorMatch x : h) if (g.contains(Integer.parseInt(x.key()))) c++; rec += c / 10.0; }
                        n++;
                    }
                }
                double cpu = (bean.getCurrentThreadCpuTime() - cpu0) / 1e9;
                System.out.printf("round %d ef %d recall %.4f qps(cpu) %.0f%n", round, ef, rec / qs.length, n / cpu);
            }
            System.out.println(Files.readAllLines(Path.of("/proc/self/smaps_rollup")).stream().filter(l -> l.contains("AnonHuge")).findFirst().orElse(""));
        }
    }
}
