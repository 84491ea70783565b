package syna.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import syna.api.Durability;
import syna.api.InvalidArgumentException;
import syna.bench.store.BenchKey;
import syna.bench.store.Engine;
import syna.bench.store.EngineUnavailableException;
import syna.bench.store.KvSession;
import syna.bench.store.KvStore;
import syna.bench.store.StoreSizing;

/**
 * Writes beside a full compaction, Syna against RocksDB: {@code --keys} keys of {@code --value-bytes}
 * random bytes are each written {@code --versions} times (NONE durability), so a compaction keeping
 * the latest value drops most of the file. Then one thread puts new values of random keys for
 * {@code --baseline-ops} puts without a compaction (the rate and latencies to compare with; flat out,
 * or paced at {@code --rate} puts a second), and
 * again while another thread runs the engine's manual compaction (Syna {@code compact(lastN(1))},
 * RocksDB {@code compactRange()}), until it returns. Reports the compaction's time, the puts made
 * during it, their rate against the baseline's, and their p50 / p99 / p99.9 / max latency. Run it
 * with {@code bench/storage.sh compact}. Prints; a command. Not thread-safe.
 */
public final class CompactionBench {
    private CompactionBench() {}

    /** Runs the benchmark; {@code --help} lists the options. */
    public static void main(String[] args) throws Exception {
        int keys = 1_000_000;
        int valueBytes = 100;
        int versions = 3;
        int baselineOps = 300_000;
        int rate = 0;
        long seed = 42;
        List<Engine> engines = List.of(Engine.SYNA, Engine.ROCKSDB);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--keys" -> keys = Integer.parseInt(args[++i].replace("_", ""));
                case "--value-bytes" -> valueBytes = Integer.parseInt(args[++i]);
                case "--versions" -> versions = Integer.parseInt(args[++i]);
                case "--baseline-ops" -> baselineOps = Integer.parseInt(args[++i].replace("_", ""));
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--rate" -> rate = Integer.parseInt(args[++i].replace("_", ""));
                case "--engines" -> engines = Arrays.stream(args[++i].split(",")).map(Engine::parse).toList();
                case "--results" -> i++; // the table goes to stdout
                case "--help" -> {
                    System.out.println("bench/storage.sh compact [--keys 1000000] [--value-bytes 100] [--versions 3]"
                            + " [--baseline-ops 300000] [--rate PUTS_PER_S (0: flat out)] [--seed 42] [--engines syna,rocksdb]");
                    return;
                }
                default -> throw new InvalidArgumentException("unknown option " + a + " (see --help)");
            }
        }
        System.out.printf(Locale.ROOT, "== writes beside a full compaction: %,d keys x %d B, each written %d times,"
                + " one writer thread %s; commit %s, %d cores, load %s%n", keys, valueBytes, versions,
                rate == 0 ? "flat out" : String.format(Locale.ROOT, "paced at %,d puts/s", rate),
                System.getProperty("syna.bench.commit", "?"), Runtime.getRuntime().availableProcessors(), load());
        System.out.println("| engine | compaction s | puts during it | put/s during / without | p50 us | p99 us"
                + " | p99.9 us | max ms | max ms without |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Engine e : engines) {
            Path dir = Files.createTempDirectory("syna-compact-bench");
            try {
                run(e, dir, keys, valueBytes, versions, baselineOps, rate, seed);
            } catch (EngineUnavailableException skipped) {
                System.out.println("| " + e.label() + " | skipped: " + skipped.getMessage() + " |");
            } finally {
                ReopenBench.deleteTree(dir);
            }
        }
    }

    private static void run(Engine engine, Path dir, int keys, int valueBytes, int versions, int baselineOps,
            int rate, long seed) throws Exception {
        long gap = rate == 0 ? 0 : 1_000_000_000L / rate;
        try (KvStore store = engine.open(dir, Durability.NONE, new StoreSizing((long) keys * versions, 14, valueBytes));
                KvSession s = store.session()) {
            SplittableRandom rnd = new SplittableRandom(seed);
            byte[] value = new byte[valueBytes];
            for (int v = 0; v < versions; v++) {
                for (int k = 0; k < keys; k++) {
                    rnd.nextBytes(value);
                    s.put(BenchKey.of("key", k), value.clone());
                }
            }
            store.settle();
            long[] base = new long[baselineOps];
            long t0 = System.nanoTime();
            long next = System.nanoTime();
            for (int i = 0; i < baselineOps; i++) {
                next = pace(next, gap);
                long a = System.nanoTime();
                s.put(BenchKey.of("key", rnd.nextInt(keys)), value);
                base[i] = System.nanoTime() - a;
            }
            double baseRate = baselineOps / ((System.nanoTime() - t0) / 1e9);
            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            long c0 = System.nanoTime();
            Thread compactor = Thread.ofPlatform().name("compaction").start(() -> {
                try {
                    store.compact();
                } catch (Throwable t) {
                    failed.set(t);
                } finally {
                    done.set(true);
                }
            });
            long[] lat = new long[1 << 20];
            int n = 0;
            long w0 = System.nanoTime();
            next = System.nanoTime();
            while (!done.get()) {
                next = pace(next, gap);
                long a = System.nanoTime();
                s.put(BenchKey.of("key", rnd.nextInt(keys)), value);
                long d = System.nanoTime() - a;
                if (n == lat.length) {
                    lat = Arrays.copyOf(lat, n * 2);
                }
                lat[n++] = d;
            }
            long w1 = System.nanoTime();
            compactor.join();
            if (failed.get() != null) {
                throw new IllegalStateException(engine.label() + " compaction failed", failed.get());
            }
            double seconds = (w1 - c0) / 1e9;
            double duringRate = n / ((w1 - w0) / 1e9);
            long[] during = Arrays.copyOf(lat, n);
            Arrays.sort(during);
            Arrays.sort(base);
            System.out.printf(Locale.ROOT, "| %s | %.2f | %,d | %,.0f / %,.0f (%.2fx) | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
                    engine.label(), seconds, n, duringRate, baseRate, duringRate / baseRate, pct(during, 0.50) / 1e3,
                    pct(during, 0.99) / 1e3, pct(during, 0.999) / 1e3, (n == 0 ? 0 : during[n - 1]) / 1e6,
                    base[base.length - 1] / 1e6);
        }
    }

    /** Waits until {@code next} (a put every {@code gap} ns; 0: no wait); returns the time of the put after. */
    private static long pace(long next, long gap) {
        if (gap == 0) {
            return 0;
        }
        long now;
        while ((now = System.nanoTime()) < next) {
            java.util.concurrent.locks.LockSupport.parkNanos(next - now);
        }
        return next + gap;
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))];
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
