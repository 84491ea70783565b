package syna.bench.vectors;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.management.ObjectName;
import syna.api.Database;
import syna.api.DistanceMetric;
import syna.api.Durability;
import syna.api.Syna;
import syna.api.VectorStore;
import syna.api.VectorStoreOptions;
import syna.bench.report.MachineInfo;

/**
 * {@code bench/vector-memory.sh}: what a vector store with its {@code hnsw} index holds resident, and how
 * long the first search after a bulk insert takes.
 *
 * <p>{@code memory}: inserts {@code --vectors} seeded clustered vectors of {@code --dim} into a durable
 * {@code VectorStore} ({@code --store log}) or a {@code MmapVectorStore} ({@code --store mmap}) in batches
 * of 10,000, waits until the index covers them all, and reports heap (used after GC, delta from before the
 * store was opened), off-heap (the JVM's native-memory tracking, category Other: FFM arenas and
 * {@code Unsafe} allocations) and the resident bytes of the store's mapped files ({@code /proc/self/smaps}),
 * against {@code n·d·4} and the index's own bytes. Needs {@code -XX:NativeMemoryTracking=summary}.
 *
 * <p>{@code first-search}: one {@code insertBatch} of {@code --vectors} vectors, then the time of the
 * first search while the index builds in the background, and of the searches after it.
 *
 * <p>{@code reopen}: {@code --vectors} vectors with two metadata fields each and their index, closed; then
 * {@code --rounds} opens of the database and the store, each timed with the first search after it.
 */
public final class VectorMemoryBench {
    private static final int BATCH = 10_000;
    private static final int CENTRES = 1_000;
    /** The first line of a mapping in smaps: {@code start-end perms ...}. */
    private static final java.util.regex.Pattern MAPPING = java.util.regex.Pattern.compile("[0-9a-f]+-[0-9a-f]+ ");

    private VectorMemoryBench() {}

    /** Entry point: {@code memory|first-search|reopen [--store log|mmap] [--vectors N] [--dim D] [--seed S]}. */
    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "memory";
        String store = stringArg(args, "--store", "log");
        int n = Integer.parseInt(stringArg(args, "--vectors", "1000000"));
        int dim = Integer.parseInt(stringArg(args, "--dim", "384"));
        long seed = Long.decode(stringArg(args, "--seed", "42"));
        System.out.println("# Syna vector memory benchmark: " + mode + ", store " + store);
        MachineInfo.current(System.getProperty("syna.bench.commit", "")).fields()
                .forEach((k, v) -> System.out.println("# " + k + ": " + v));
        System.out.printf(Locale.ROOT, "# vectors %,d  dim %d  seed %d%n", n, dim, seed);
        Data data = new Data(dim, seed);
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("syna.bench.tmp", "/tmp")), "syna-vmem");
        try {
            switch (mode) {
                case "memory" -> memory(store, n, dim, data, dir, Integer.parseInt(stringArg(args, "--histogram", "0")));
                case "first-search" -> firstSearch(store, n, dim, data, dir);
                case "reopen" -> reopen(store, n, dim, data, dir, Integer.parseInt(stringArg(args, "--rounds", "5")));
                default -> throw new IllegalArgumentException("unknown mode " + mode + " (memory, first-search, reopen)");
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** Seeded clustered vectors: a fixed set of centres, each batch drawn from its own seed. */
    private record Data(int dim, long seed, float[][] centres) {
        Data(int dim, long seed) {
            this(dim, seed, centres(dim, seed));
        }

        private static float[][] centres(int dim, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            float[][] c = new float[CENTRES][dim];
            for (float[] v : c) {
                for (int j = 0; j < dim; j++) {
                    v[j] = (float) r.nextGaussian();
                }
            }
            return c;
        }

        List<float[]> batch(int from, int count) {
            SplittableRandom r = new SplittableRandom(seed * 31 + from);
            List<float[]> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                float[] c = centres[r.nextInt(CENTRES)];
                float[] v = new float[dim];
                for (int j = 0; j < dim; j++) {
                    v[j] = c[j] + 0.3f * (float) r.nextGaussian();
                }
                out.add(v);
            }
            return out;
        }

        static List<String> keys(int from, int count) {
            List<String> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                out.add("k" + (from + i));
            }
            return out;
        }
    }

    private static VectorStoreOptions options(int dim, long capacity) {
        return VectorStoreOptions.builder(dim).metric(DistanceMetric.COSINE).index("hnsw").initialCapacity(capacity).build();
    }

    private static void memory(String kind, int n, int dim, Data data, Path dir, int histogram) throws Exception {
        Snapshot before = Snapshot.take(dir);
        long t0 = System.nanoTime();
        try (Opened o = open(kind, dir, dim, n)) {
            VectorStore s = o.store();
            for (int i = 0; i < n; i += BATCH) {
                int c = Math.min(BATCH, n - i);
                s.insertBatch(Data.keys(i, c), data.batch(i, c));
            }
            double insertSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "inserted %,d vectors in %.1f s%n", n, insertSeconds);
            long t1 = System.nanoTime();
            waitUntilIndexed(s);
            System.out.printf(Locale.ROOT, "index covers them after another %.1f s (%s)%n", (System.nanoTime() - t1) / 1e9,
                    s.indexName());
            s.search(data.batch(n, 1).getFirst(), 10);
            Snapshot after = Snapshot.take(dir);
            long heap = after.heap - before.heap;
            long offHeap = after.nativeOther - before.nativeOther;
            long mapped = after.mappedResident - before.mappedResident;
            long total = heap + offHeap + mapped;
            long vectors = (long) n * dim * 4;
            long graph = indexBytes(s);
            System.out.printf(Locale.ROOT, "heap %.1f MB + off-heap %.1f MB + mapped resident %.1f MB = %.1f MB%n",
                    heap / 1e6, offHeap / 1e6, mapped / 1e6, total / 1e6);
            System.out.printf(Locale.ROOT, "n*d*4 = %.1f MB; index bytes %s%n", vectors / 1e6,
                    graph < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f MB", graph / 1e6));
            System.out.printf(Locale.ROOT, "resident / n*d*4 = %.3f%s%n", (double) total / vectors,
                    graph < 0 ? "" : String.format(Locale.ROOT, "; resident / (n*d*4 + index bytes) = %.3f (target <= 1.15)",
                            (double) total / (vectors + graph)));
            if (histogram > 0) {
                printHistogram(histogram);
            }
            String dump = System.getProperty("syna.bench.heapDump");
            if (dump != null) { // a heap dump of the live objects, to see what the heap figure is made of
                ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class).dumpHeap(dump, true);
                System.out.println("heap dump: " + dump);
            }
        }
    }

    /** The first {@code rows} classes of the live heap's class histogram (what the heap figure is made of). */
    private static void printHistogram(int rows) throws Exception {
        String out = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        String[] lines = out.split("\n");
        System.out.println("live heap, largest classes:");
        for (int i = 0; i < Math.min(lines.length, rows + 2); i++) {
            System.out.println("  " + lines[i]);
        }
    }

    private static void firstSearch(String kind, int n, int dim, Data data, Path dir) throws Exception {
        List<String> keys = Data.keys(0, n);
        List<float[]> vectors = data.batch(0, n);
        float[] q = data.batch(n, 1).getFirst();
        try (Opened o = open(kind, dir, dim, n)) {
            VectorStore s = o.store();
            long t = System.nanoTime();
            s.insertBatch(keys, vectors);
            System.out.printf(Locale.ROOT, "insertBatch of %,d: %.2f s%n", n, (System.nanoTime() - t) / 1e9);
            t = System.nanoTime();
            s.search(q, 10);
            System.out.printf(Locale.ROOT, "first search: %.3f s (target < 0.2 s) while %s%n", (System.nanoTime() - t) / 1e9,
                    describe(s));
            for (int i = 0; i < 5; i++) {
                t = System.nanoTime();
                s.search(data.batch(n + 1 + i, 1).getFirst(), 10);
                System.out.printf(Locale.ROOT, "search %d: %.3f s while %s%n", i + 2, (System.nanoTime() - t) / 1e9, describe(s));
            }
            t = System.nanoTime();
            waitUntilIndexed(s);
            System.out.printf(Locale.ROOT, "index covers every vector after another %.1f s%n", (System.nanoTime() - t) / 1e9);
        }
    }

    /**
     * Inserts {@code n} vectors with two metadata fields each, waits for the index, closes; then opens the
     * database and the store {@code rounds} times, timing the open of each and the first search after it.
     */
    private static void reopen(String kind, int n, int dim, Data data, Path dir, int rounds) throws Exception {
        long t = System.nanoTime();
        try (Opened o = open(kind, dir, dim, n)) {
            VectorStore s = o.store();
            for (int i = 0; i < n; i += BATCH) {
                int c = Math.min(BATCH, n - i);
                List<java.util.Map<String, syna.api.Atom>> meta = new ArrayList<>(c);
                for (int j = 0; j < c; j++) {
                    meta.add(java.util.Map.of("doc", new syna.api.Atom.Text("document " + (i + j)),
                            "group", new syna.api.Atom.Int64((i + j) % 10)));
                }
                s.insertBatch(Data.keys(i, c), data.batch(i, c), meta);
            }
            waitUntilIndexed(s);
        }
        System.out.printf(Locale.ROOT, "built %,d vectors with metadata and their index in %.1f s%n", n,
                (System.nanoTime() - t) / 1e9);
        float[] q = data.batch(n, 1).getFirst();
        for (int r = 0; r < rounds; r++) {
            t = System.nanoTime();
            try (Opened o = open(kind, dir, dim, n)) {
                double open = (System.nanoTime() - t) / 1e6;
                long t1 = System.nanoTime();
                o.store().search(q, 10);
                double search = (System.nanoTime() - t1) / 1e6;
                System.out.printf(Locale.ROOT, "round %d: open %.0f ms (database and store), first search %.1f ms, %,d vectors, %s%n",
                        r + 1, open, search, o.store().size(), describe(o.store()));
            }
        }
    }

    // ---- store access: the parts that differ between Syna versions --------------------------

    /** Blocks until the store's index covers every vector. */
    private static void waitUntilIndexed(VectorStore s) {
        while (!s.awaitIndex(java.time.Duration.ofMinutes(1))) {
            System.out.println("  index: " + s.indexStatus());
        }
    }

    /** The index's own bytes, or -1 when the store does not say. */
    private static long indexBytes(VectorStore s) {
        return s.indexStatus().memoryBytes();
    }

    private static String describe(VectorStore s) {
        return "index " + s.indexStatus();
    }

    private record Opened(VectorStore store, Database db) implements AutoCloseable {
        @Override
        public void close() {
            store.close();
            if (db != null) {
                db.close();
            }
        }
    }

    private static Opened open(String kind, Path dir, int dim, long capacity) {
        if (kind.equals("mmap")) {
            return new Opened(Syna.mmapVectorStore(dir.resolve("mmap"), options(dim, capacity)), null);
        }
        Database db = Syna.builder(dir.resolve("db")).durability(Durability.NONE).open();
        return new Opened(Syna.vectorStore(db, "bench", options(dim, capacity)), db);
    }

    // ---- measurement ----------------------------------------------------------------------

    private record Snapshot(long heap, long nativeOther, long mappedResident) {
        static Snapshot take(Path dir) throws Exception {
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            Runtime rt = Runtime.getRuntime();
            return new Snapshot(rt.totalMemory() - rt.freeMemory(), readNativeOther(), readMappedResident(dir));
        }
    }

    /** Committed bytes of NMT category Other (FFM and Unsafe allocations); 0 without NMT. */
    private static long readNativeOther() throws Exception {
        String out = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
        for (String line : out.split("\n")) {
            int at = line.indexOf("Other (reserved=");
            if (at >= 0) {
                int c = line.indexOf("committed=", at);
                String v = line.substring(c + "committed=".length(), line.indexOf("KB", c));
                return Long.parseLong(v.strip()) * 1024;
            }
        }
        System.out.println("(no native memory tracking: run with -XX:NativeMemoryTracking=summary)");
        return 0;
    }

    /** Resident bytes of this process's mappings of files under {@code dir}. */
    private static long readMappedResident(Path dir) throws IOException {
        String prefix = dir.toRealPath().toString();
        long total = 0;
        boolean inside = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            if (MAPPING.matcher(line).lookingAt()) {
                inside = line.contains(prefix);
            } else if (inside && line.startsWith("Rss:")) {
                total += Long.parseLong(line.substring(4, line.length() - 2).strip()) * 1024;
            }
        }
        return total;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String stringArg(String[] args, String name, String def) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return def;
    }
}
