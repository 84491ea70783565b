package syna.mlops;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import syna.api.Database;
import syna.api.Durability;
import syna.api.Syna;

/**
 * Not a test: prints how long listing 10,000 runs and reading a 100,000-point metric take, and
 * model save/load throughput per digest. Run by hand (see the module's report); no assertions.
 */
public final class MlopsTiming {
    private MlopsTiming() {}

    /** Runs the measurements in a temporary directory. */
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("mlops-timing");
        try (Database db = Syna.builder(dir).durability(Durability.NONE).open();
                ExperimentTracker tracker = ExperimentTracker.open(db)) {
            long t0 = System.nanoTime();
            for (String name : List.of("other", "bench")) {
                Experiment exp = tracker.experiment(name);
                for (int i = 0; i < 10_000; i++) {
                    try (Run r = exp.startRun("run-" + i, Map.of("parity", i % 2 == 0 ? "even" : "odd"))) {
                        r.logParam("lr", Double.toString(1e-3 * (i % 10)));
                        r.logParam("seed", Integer.toString(i));
                        r.logMetric("acc", (i % 1000) / 1000.0, 0);
                    }
                }
            }
            System.out.printf("create 20,000 runs (2 experiments, 2 params + 1 metric each): %.0f ms%n", ms(t0));
            Experiment bench = tracker.existingExperiment("bench");
            System.out.printf("listRuns(10,000 of 20,000 runs): median %.1f ms%n", median(() -> bench.listRuns().size()));
            RunQuery q = RunQuery.builder().tag("parity", "even").metric("acc", RunQuery.Comparison.GE, 0.5)
                    .orderBy("acc", RunQuery.SortOrder.DESCENDING).limit(10).build();
            System.out.printf("search(tag + metric filter, sort by metric, limit 10) over 10,000 runs: median %.1f ms%n",
                    median(() -> bench.search(q).size()));

            Experiment live = tracker.experiment("live");
            for (int i = 0; i < 10_000; i++) {
                live.startRun("run-" + i, Map.of()).logParam("seed", Integer.toString(i)); // left Running
            }
            for (int round = 0; round < 2; round++) { // alternated, so warm-up and GC fall on both
                System.out.printf("listRuns(10,000 Running runs: owner process checked per run): median %.1f ms%n",
                        median(() -> live.listRuns().size()));
                System.out.printf("listRuns(10,000 Completed runs, same moment): median %.1f ms%n",
                        median(() -> bench.listRuns().size()));
            }
            System.out.printf("staleRuns() over 30,000 runs: median %.1f ms%n", median(() -> tracker.staleRuns().size()));
            t0 = System.nanoTime();
            tracker.deleteExperiment("other");
            System.out.printf("deleteExperiment(10,000 runs, 2 params + 1 metric each): %.0f ms%n", ms(t0));

            Run series = tracker.experiment("series").startRun("long", Map.of());
            t0 = System.nanoTime();
            for (int step = 0; step < 100_000; step++) {
                series.logMetric("loss", 1.0 / (step + 1), step);
            }
            System.out.printf("logMetric x 100,000 (one atomic 3-key batch each, durability NONE): %.0f ms%n", ms(t0));
            String id = series.id();
            System.out.printf("metric(run, key) -> 100,000 points (steps, values, timestamps): median %.1f ms%n",
                    median(() -> tracker.metric(id, "loss").size()));
            series.close();
        }
        try (Database db = Syna.builder(dir.resolve("models")).durability(Durability.NONE).open()) {
            byte[] block = new byte[1 << 20];
            new java.util.Random(1).nextBytes(block);
            int mib = 64;
            for (DigestAlgorithm alg : DigestAlgorithm.values()) {
                ModelRegistry reg = ModelRegistry.open(db, ModelRegistryOptions.builder().digest(alg).build());
                long t0 = System.nanoTime();
                ModelVersion v = reg.save("m-" + alg.name(), repeat(block, mib), Map.of());
                double save = ms(t0);
                t0 = System.nanoTime();
                long n = 0;
                byte[] buf = new byte[1 << 16];
                try (InputStream in = reg.openStream(v.model(), v.version())) {
                    for (int r; (r = in.read(buf)) > 0; ) {
                        n += r;
                    }
                }
                System.out.printf("%d MiB model, %s: save %.0f ms, openStream read+verify %.0f ms (%d bytes)%n", mib,
                        alg, save, ms(t0), n);
                t0 = System.nanoTime();
                reg.deleteModel(v.model());
                System.out.printf("%d MiB model, %s: deleteModel %.0f ms (%d chunks)%n", mib, alg, ms(t0), v.chunks());
            }
        }
    }

    private static InputStream repeat(byte[] block, int times) {
        return new InputStream() {
            private long left = (long) block.length * times;

            @Override
            public int read() {
                throw new UnsupportedOperationException("bulk reads only");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int pos = (int) (((long) block.length * times - left) % block.length);
                int n = (int) Math.min(Math.min(len, left), block.length - pos);
                System.arraycopy(block, pos, b, off, n);
                left -= n;
                return n;
            }
        };
    }

    private static double ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    private static double median(java.util.function.IntSupplier work) {
        for (int i = 0; i < 3; i++) {
            work.getAsInt();
        }
        double[] t = new double[7];
        for (int i = 0; i < t.length; i++) {
            long s = System.nanoTime();
            work.getAsInt();
            t[i] = ms(s);
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }
}
