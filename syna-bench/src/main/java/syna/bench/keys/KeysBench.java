package syna.bench.keys;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import syna.api.Database;
import syna.api.Durability;
import syna.api.Syna;
import syna.api.WriteBatch;
import syna.mlops.ExperimentTracker;
import syna.mlops.ModelRegistry;
import syna.mlops.ModelRegistryOptions;
import syna.mlops.Run;

/**
 * {@code db.keys()} and {@code db.size()} over N user keys, timed once alone and once after a model
 * registry and an experiment tracker filled their namespaces in the same database, in one run: the
 * features' keys live in namespaces, so the listing should neither grow nor slow down. Prints the
 * median of the repetitions and the ratio. Not thread-safe; a command-line tool.
 */
public final class KeysBench {
    private KeysBench() {}

    private static long[] time(Database db, int reps, int expect) {
        long[] ns = new long[reps];
        for (int r = 0; r < reps; r++) {
            long t = System.nanoTime();
            List<String> keys = db.keys();
            ns[r] = System.nanoTime() - t;
            if (keys.size() != expect || db.size() != expect) {
                throw new IllegalStateException("keys() returned " + keys.size() + " keys, size() " + db.size()
                        + ", expected " + expect);
            }
        }
        Arrays.sort(ns);
        return ns;
    }

    /** {@code KeysBench [--keys N] [--reps R] [--models M] [--runs R] [--dir DIR]}. */
    public static void main(String[] args) throws Exception {
        int keys = 10_000_000;
        int reps = 5;
        int models = 20;
        int runs = 2_000;
        Path dir = null;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--keys" -> keys = Integer.parseInt(args[i + 1]);
                case "--reps" -> reps = Integer.parseInt(args[i + 1]);
                case "--models" -> models = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: KeysBench [--keys N] [--reps R] [--models M] [--runs R] [--dir DIR]");
            }
        }
        Path db0 = Files.createTempDirectory(dir == null ? Path.of(System.getProperty("java.io.tmpdir")) : dir,
                "syna-keys-");
        System.out.printf(Locale.ROOT, "keys bench: %,d user keys, %d models, %,d runs; jdk %s, load %s%n", keys, models,
                runs, Runtime.version(), Files.readString(Path.of("/proc/loadavg")).trim());
        try (Database db = Syna.builder(db0).durability(Durability.NONE).open()) {
            long t = System.nanoTime();
            WriteBatch b = WriteBatch.create();
            for (int i = 0; i < keys; i++) {
                b.putInt(String.format(Locale.ROOT, "user/%09d", i), i);
                if (b.size() == 10_000) {
                    db.write(b);
                    b = WriteBatch.create();
                }
            }
            if (!b.isEmpty()) {
                db.write(b);
            }
            System.out.printf(Locale.ROOT, "loaded %,d user keys in %.1f s%n", keys, (System.nanoTime() - t) / 1e9);
            time(db, 1, keys); // builds the sorted view once, as the first listing of any open database does
            long[] alone = time(db, reps, keys);

            t = System.nanoTime();
            SplittableRandom r = new SplittableRandom(42);
            try (ModelRegistry registry = ModelRegistry.open(db, ModelRegistryOptions.builder().chunkSize(64 << 10).build());
                    ExperimentTracker tracker = ExperimentTracker.open(db)) {
                byte[] model = new byte[1 << 20];
                for (int m = 0; m < models; m++) {
                    r.nextBytes(model);
                    registry.save("model-" + m, new ByteArrayInputStream(model), Map.of("i", Integer.toString(m)));
                }
                for (int i = 0; i < runs; i++) {
                    try (Run run = tracker.experiment("exp-" + (i % 10)).startRun("run-" + i, Map.of())) {
                        run.logParam("lr", "0.01");
                        for (int step = 0; step < 20; step++) {
                            run.logMetric("loss", r.nextDouble(), step, 1_700_000_000_000L + step);
                        }
                    }
                }
            }
            long nsKeys = db.stats().namespaceLiveKeys();
            System.out.printf(Locale.ROOT, "registry and tracker wrote %,d keys into namespaces %s in %.1f s%n", nsKeys,
                    db.namespaces(), (System.nanoTime() - t) / 1e9);
            long[] beside = time(db, reps, keys);
            double a = alone[reps / 2] / 1e6;
            double w = beside[reps / 2] / 1e6;
            System.out.printf(Locale.ROOT, "keys() of %,d user keys: alone %.1f ms, beside the features %.1f ms"
                    + " (median of %d; ratio %.2f)%n", keys, a, w, reps, w / a);
            System.out.printf(Locale.ROOT, "load after: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        } finally {
            try (var files = Files.walk(db0)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
