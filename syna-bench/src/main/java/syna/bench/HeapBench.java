package syna.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import syna.api.Database;
import syna.api.Durability;
import syna.api.InvalidArgumentException;
import syna.api.Syna;

/**
 * Heap per live key of the log engine (issue 15's "heap per live key" figure): {@code --keys} keys of
 * {@code --key-bytes} bytes with values of {@code --value-bytes} random bytes, one put each (NONE);
 * the heap in use after a full collection, before and after, divided by the keys. Then the same after
 * a reopen from the checkpoint the close wrote (latest values not read yet), and after one get of
 * every key (what a read-mostly service holds). Also the GC time the puts and the reopen cost, the
 * longest single put, and the reopen's wall time. Run it with {@code bench/storage.sh heap}; it only
 * uses the public API, so the same class measures an older build. Prints; a command. Not thread-safe.
 */
public final class HeapBench {
    private HeapBench() {}

    /** Runs the benchmark; {@code --help} lists the options. */
    public static void main(String[] args) throws IOException {
        int keys = 1_000_000;
        int keyBytes = 16;
        int valueBytes = 100;
        long seed = 42;
        Path base = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--keys" -> keys = Integer.parseInt(args[++i].replace("_", ""));
                case "--key-bytes" -> keyBytes = Integer.parseInt(args[++i]);
                case "--value-bytes" -> valueBytes = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--dir" -> base = Path.of(args[++i]);
                case "--results" -> i++; // accepted for symmetry with StorageBench; the table goes to stdout
                case "--help" -> {
                    System.out.println("bench/storage.sh heap [--keys 1000000] [--key-bytes 16] [--value-bytes 100]"
                            + " [--seed 42] [--dir DIR]");
                    return;
                }
                default -> throw new InvalidArgumentException("unknown option " + a + " (see --help)");
            }
        }
        if (keyBytes < 8) {
            throw new InvalidArgumentException("--key-bytes must be at least 8");
        }
        Path dir = base == null ? Files.createTempDirectory("syna-heap") : Files.createDirectories(base);
        try {
            run(System.out, dir.resolve("db"), keys, keyBytes, valueBytes, seed);
        } finally {
            ReopenBench.deleteTree(dir);
        }
    }

    /** What the write phase measured. */
    private record Written(long bytes, long putMs, long putGcMs, long maxPutNanos, long closeMs) {}

    private static void run(PrintStream out, Path db, int keys, int keyBytes, int valueBytes, long seed) {
        String format = "k%0" + (keyBytes - 1) + "d";
        Written w = write(db, keys, valueBytes, format, seed);
        long afterClose = usedAfterGc(); // the written database is unreachable here: its own method ended

        long gc1 = gcMillis();
        long o0 = System.nanoTime();
        long reopened;
        long read;
        try (Database d = Syna.open(db)) {
            long openMs = (System.nanoTime() - o0) / 1_000_000;
            long openGc = gcMillis() - gc1;
            if (d.size() != keys) {
                throw new IllegalStateException("reopened " + d.size() + " keys, expected " + keys);
            }
            reopened = usedAfterGc();
            long checked = 0;
            for (int i = 0; i < keys; i++) {
                checked += d.getBytes(key(format, i)).length;
            }
            if (checked != (long) keys * valueBytes) {
                throw new IllegalStateException("read " + checked + " value bytes, expected " + (long) keys * valueBytes);
            }
            read = usedAfterGc();
            out.printf(Locale.ROOT, "heap per live key: %,d keys of %d B, values of %d B (NONE, one put each); %s,"
                    + " max heap %,d MiB%n", keys, keyBytes, valueBytes, Runtime.version(),
                    Runtime.getRuntime().maxMemory() >> 20);
            out.printf(Locale.ROOT, "  %-56s %12s %10s%n", "state (heap in use after a full GC)", "MiB", "B / key");
            row(out, "written, open (every value as put)", w.bytes(), keys);
            row(out, "reopened from the checkpoint, nothing read", reopened - afterClose, keys);
            row(out, "reopened, every key read once", read - afterClose, keys);
            out.printf(Locale.ROOT, "  puts: %,d ms, GC %,d ms, longest put %.1f ms; close %,d ms; reopen %,d ms, GC %,d ms%n",
                    w.putMs(), w.putGcMs(), w.maxPutNanos() / 1e6, w.closeMs(), openMs, openGc);
        }
    }

    /** Writes the keys, measures the heap they hold, closes. */
    private static Written write(Path db, int keys, int valueBytes, String format, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] value = new byte[valueBytes];
        long empty = usedAfterGc();
        long gc0 = gcMillis();
        long t0 = System.nanoTime();
        long maxPut = 0;
        long loaded;
        long closeMs;
        Database w = Syna.builder(db).durability(Durability.NONE).open();
        try {
            for (int i = 0; i < keys; i++) {
                r.nextBytes(value);
                long p0 = System.nanoTime();
                w.putBytes(key(format, i), value);
                maxPut = Math.max(maxPut, System.nanoTime() - p0);
            }
            loaded = usedAfterGc();
        } finally {
            long c0 = System.nanoTime();
            w.close();
            closeMs = (System.nanoTime() - c0) / 1_000_000;
        }
        return new Written(loaded - empty, (System.nanoTime() - t0) / 1_000_000, gcMillis() - gc0, maxPut, closeMs);
    }

    private static String key(String format, int i) {
        String k = String.format(Locale.ROOT, format, i);
        assert k.getBytes(StandardCharsets.UTF_8).length >= 8;
        return k;
    }

    private static void row(PrintStream out, String what, long bytes, int keys) {
        out.printf(Locale.ROOT, "  %-56s %12.1f %10.1f%n", what, bytes / 1048576.0, (double) bytes / keys);
    }

    /** Heap in use after full collections, once it stops falling. */
    private static long usedAfterGc() {
        long[] seen = new long[3];
        for (int i = 0; i < seen.length; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            Runtime rt = Runtime.getRuntime();
            seen[i] = rt.totalMemory() - rt.freeMemory();
        }
        return Arrays.stream(seen).min().orElse(0);
    }

    private static long gcMillis() {
        long ms = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, b.getCollectionTime());
        }
        return ms;
    }
}
