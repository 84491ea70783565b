package syna.bench.vectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import syna.api.Database;
import syna.api.DistanceMetric;
import syna.api.Durability;
import syna.api.Syna;
import syna.api.VectorStore;
import syna.api.VectorStoreOptions;
import syna.api.spi.Providers;
import syna.api.spi.VectorKernels;
import syna.api.spi.VectorKernelsProvider;
import syna.bench.report.MachineInfo;

/**
 * {@code bench/vectors.sh}: the figures issue #5 names, each beside its yardstick measured in the
 * same run (ratios, since the machine is shared): exact-search scan GB/s vs a plain array-sum
 * bandwidth, SIMD vs scalar kernels, {@code MmapVectorStore.insertBatch} vs raw positional writes of
 * the same bytes, and durable {@code VectorStore} inserts per durability mode. Seeded.
 */
public final class VectorBench {
    private VectorBench() {}

    public static void main(String[] args) throws Exception {
        int n = intArg(args, "--vectors", 200_000);
        long seed = Long.parseLong(stringArg(args, "--seed", "42"));
        int durableOps = intArg(args, "--durable-ops", 2_000);
        System.out.println("# Syna vector benchmark");
        MachineInfo.current(System.getProperty("syna.bench.commit", "")).fields()
                .forEach((k, v) -> System.out.println("# " + k + ": " + v));
        System.out.printf(Locale.ROOT, "# vectors %,d  seed %d%n", n, seed);

        double bandwidth = memoryBandwidth();
        System.out.printf(Locale.ROOT, "%nmemory bandwidth (single-thread long[] sum, 512 MiB): %.2f GB/s%n", bandwidth);

        System.out.println("\n## exact search (cosine, 384-d, one query against all vectors)");
        float[] data = random(new SplittableRandom(seed), n, 384);
        VectorKernels simd = kernels("simd");
        VectorKernels scalar = kernels("scalar");
        double simdRate = scanRate(simd, data, 384, seed);
        double scalarRate = scanRate(scalar, data, 384, seed);
        System.out.printf(Locale.ROOT, "%-8s %8.2f GB/s  %5.1f%% of bandwidth%n", "simd", simdRate, 100 * simdRate / bandwidth);
        System.out.printf(Locale.ROOT, "%-8s %8.2f GB/s  %5.1f%% of bandwidth%n", "scalar", scalarRate, 100 * scalarRate / bandwidth);
        System.out.printf(Locale.ROOT, "simd / scalar: %.2fx%n", simdRate / scalarRate);
        data = null;

        System.out.println("\n## kernels in cache (384-d, 128 vectors = 192 KiB, each kernel against all; compute-bound)");
        float[] hot = random(new SplittableRandom(seed + 2), 128, 384);
        for (String kernel : new String[] {"dot", "euclidean", "cosine"}) {
            double s = kernelRate(simd, kernel, hot, 384, seed);
            double c = kernelRate(scalar, kernel, hot, 384, seed);
            System.out.printf(Locale.ROOT, "%-10s simd %,14.0f /s   scalar %,14.0f /s   simd / scalar %.2fx%n", kernel, s, c, s / c);
        }

        System.out.println("\n## MmapVectorStore.insertBatch (batches of 10,000) vs raw positional writes of the same bytes");
        for (int dim : new int[] {384, 768}) {
            mmapIngest(n, dim, seed);
        }

        System.out.println("\n## durable VectorStore inserts (384-d)");
        durable(durableOps, seed);
    }

    private static VectorKernels kernels(String name) {
        VectorKernelsProvider p = Providers.get(VectorKernelsProvider.class, name);
        p.unavailableReason().ifPresent(why -> {
            throw new IllegalStateException("kernels '" + name + "' unavailable: " + why);
        });
        return p.kernels();
    }

    private static float[] random(SplittableRandom r, int n, int dim) {
        float[] f = new float[n * dim];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) r.nextDouble(-1, 1);
        }
        return f;
    }

    /**
     * Single-thread read bandwidth: the best of six sums over a 512 MiB {@code long[]} (integer sums
     * vectorise, so the loop waits on memory, not on the adder; a float sum would not: its order is fixed).
     */
    private static double memoryBandwidth() {
        long[] big = new long[64 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = i & 7;
        }
        double best = 0;
        long sink = 0;
        for (int rep = 0; rep < 6; rep++) {
            long t0 = System.nanoTime();
            long s = 0;
            for (long v : big) {
                s += v;
            }
            long t = System.nanoTime() - t0;
            sink += s;
            best = Math.max(best, 8.0 * big.length / t);
        }
        if (sink == 42) {
            System.out.print("");
        }
        return best;
    }

    private static double scanRate(VectorKernels k, float[] data, int dim, long seed) {
        float[] q = random(new SplittableRandom(seed + 1), 1, dim);
        int n = data.length / dim;
        double best = 0;
        float sink = 0;
        for (int rep = 0; rep < 8; rep++) {
            long t0 = System.nanoTime();
            float bestD = Float.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                float d = 1f - k.cosine(q, 0, data, i * dim, dim);
                if (d < bestD) {
                    bestD = d;
                }
            }
            long t = System.nanoTime() - t0;
            sink += bestD;
            best = Math.max(best, 4.0 * data.length / t);
        }
        if (sink == 42) {
            System.out.print("");
        }
        return best;
    }

    /** Distance computations per second for one kernel over a data set that stays in cache (best of 8). */
    private static double kernelRate(VectorKernels k, String kernel, float[] data, int dim, long seed) {
        float[] q = random(new SplittableRandom(seed + 3), 1, dim);
        int n = data.length / dim;
        int rounds = 2_000;
        double best = 0;
        float sink = 0;
        for (int rep = 0; rep < 8; rep++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < n; i++) {
                    sink += switch (kernel) {
                        case "dot" -> k.dot(q, 0, data, i * dim, dim);
                        case "euclidean" -> k.squareDistance(q, 0, data, i * dim, dim);
                        default -> k.cosine(q, 0, data, i * dim, dim);
                    };
                }
            }
            best = Math.max(best, (double) rounds * n / ((System.nanoTime() - t0) / 1e9));
        }
        if (sink == 42) {
            System.out.print("");
        }
        return best;
    }

    private static void mmapIngest(int n, int dim, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed + dim);
        List<String> keys = new ArrayList<>(n);
        List<float[]> vectors = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add("doc-" + i);
            float[] v = new float[dim];
            for (int j = 0; j < dim; j++) {
                v[j] = (float) r.nextDouble(-1, 1);
            }
            vectors.add(v);
        }
        double bestStore = 0;
        double bestRaw = 0;
        long checkpointMs = 0;
        for (int rep = 0; rep < 2; rep++) {
            Path dir = Files.createTempDirectory("syna-vbench");
            try {
                try (VectorStore s = Syna.mmapVectorStore(dir.resolve("store"),
                        VectorStoreOptions.builder(dim).initialCapacity(n).build())) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i += 10_000) {
                        int end = Math.min(n, i + 10_000);
                        s.insertBatch(keys.subList(i, end), vectors.subList(i, end));
                    }
                    long t1 = System.nanoTime();
                    s.checkpoint();
                    checkpointMs = (System.nanoTime() - t1) / 1_000_000;
                    bestStore = Math.max(bestStore, n / ((t1 - t0) / 1e9));
                }
                bestRaw = Math.max(bestRaw, rawWrites(dir.resolve("raw"), vectors, dim));
            } finally {
                deleteTree(dir);
            }
        }
        System.out.printf(Locale.ROOT, "dim %4d: store %,12.0f vectors/s   raw writes %,12.0f vectors/s   store/raw %.2f"
                + "   (checkpoint of %,d vectors: %,d ms)%n", dim, bestStore, bestRaw, bestStore / bestRaw, n, checkpointMs);
    }

    /** The ceiling: the same vector bytes, 64-byte aligned, through 4 MiB positional writes. */
    private static double rawWrites(Path file, List<float[]> vectors, int dim) throws IOException {
        int stride = (4 * dim + 63) & ~63;
        ByteBuffer buf = ByteBuffer.allocateDirect(4 << 20).order(ByteOrder.nativeOrder());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long t0 = System.nanoTime();
            long pos = 0;
            for (float[] v : vectors) {
                if (buf.remaining() < stride) {
                    buf.flip();
                    while (buf.hasRemaining()) {
                        pos += ch.write(buf, pos);
                    }
                    buf.clear();
                }
                int at = buf.position();
                buf.asFloatBuffer().put(v);
                buf.position(at + stride);
            }
            buf.flip();
            while (buf.hasRemaining()) {
                pos += ch.write(buf, pos);
            }
            return vectors.size() / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static void durable(int ops, long seed) throws Exception {
        int dim = 384;
        SplittableRandom r = new SplittableRandom(seed);
        float[][] vs = new float[ops][];
        for (int i = 0; i < ops; i++) {
            vs[i] = random(r, 1, dim);
        }
        System.out.printf(Locale.ROOT, "%-8s %-22s %14s%n", "mode", "how", "inserts/s");
        for (Durability mode : Durability.values()) {
            int count = mode == Durability.NONE ? ops * 10 : ops;
            System.out.printf(Locale.ROOT, "%-8s %-22s %,14.0f%n", mode, "one per call", singleInserts(mode, vs, count, 1));
            if (mode == Durability.GROUP) {
                System.out.printf(Locale.ROOT, "%-8s %-22s %,14.0f%n", mode, "one per call, 8 threads",
                        singleInserts(mode, vs, count, 8));
            }
            System.out.printf(Locale.ROOT, "%-8s %-22s %,14.0f%n", mode, "batches of 1,000", batched(mode, vs, count));
        }
    }

    private static double singleInserts(Durability mode, float[][] vs, int count, int threads) throws Exception {
        Path dir = Files.createTempDirectory("syna-vbench");
        try (Database db = Syna.builder(dir).durability(mode).open();
                VectorStore s = Syna.vectorStore(db, "bench", VectorStoreOptions.builder(vs[0].length)
                        .metric(DistanceMetric.COSINE).build())) {
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> ts = new ArrayList<>();
            int per = count / threads;
            for (int t = 0; t < threads; t++) {
                int base = t * per;
                ts.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < per; i++) {
                        s.insert("k" + (base + i), vs[(base + i) % vs.length]);
                    }
                }));
            }
            long t0 = System.nanoTime();
            start.countDown();
            for (Thread t : ts) {
                t.join();
            }
            return per * threads / ((System.nanoTime() - t0) / 1e9);
        } finally {
            deleteTree(dir);
        }
    }

    private static double batched(Durability mode, float[][] vs, int count) throws IOException {
        Path dir = Files.createTempDirectory("syna-vbench");
        try (Database db = Syna.builder(dir).durability(mode).open();
                VectorStore s = Syna.vectorStore(db, "bench", VectorStoreOptions.builder(vs[0].length).build())) {
            long t0 = System.nanoTime();
            for (int i = 0; i < count; i += 1000) {
                List<String> keys = new ArrayList<>();
                List<float[]> batch = new ArrayList<>();
                for (int j = i; j < Math.min(count, i + 1000); j++) {
                    keys.add("k" + j);
                    batch.add(vs[j % vs.length]);
                }
                s.insertBatch(keys, batch);
            }
            return count / ((System.nanoTime() - t0) / 1e9);
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int intArg(String[] args, String name, int def) {
        return Integer.parseInt(stringArg(args, name, Integer.toString(def)));
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
