package syna.cli.internal;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import syna.api.CompactionResult;
import syna.api.Database;
import syna.api.DatabaseStats;
import syna.api.Durability;
import syna.api.ErrorCode;
import syna.api.InternalException;
import syna.api.Syna;
import syna.api.VerifyReport;

/**
 * {@code syna demo}: Syna's main job end to end on a small, realistic data set: sensor time series
 * written with {@code putFloats}, a few texts and a vector, histories read back as
 * {@code double[]}, then verify and compact, each step timed. Not thread-safe; one per execution.
 */
@Command(name = "demo", description = {
    "Write, read back, verify and compact a small sensor database, with timings.",
    "Creates a database (default ./syna-data), writes sensor time series with putFloats, "
        + "texts and a vector, reads the histories back as double[], verifies and compacts it, and "
        + "prints each step. Run it again to append more points: the history of every key is kept."})
final class DemoCommand implements Callable<Integer> {
    private static final String[] SENSORS = {
        "greenhouse-1/temperature", "greenhouse-1/humidity", "boiler/pressure", "boiler/power",
        "greenhouse-2/temperature", "greenhouse-2/humidity", "weather/wind-speed", "weather/irradiance"
    };

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DB", arity = "0..1", description = "Database directory (default: ./syna-data).")
    Path dbArg;

    @Option(names = "--db", paramLabel = "DIR", description = "Database directory (default: ./syna-data).")
    Path dbOption;

    @Option(names = "--sensors", paramLabel = "N", defaultValue = "4",
            description = "Number of sensor series, 1 to 8 (default: ${DEFAULT-VALUE}).")
    int sensors;

    @Option(names = "--points", paramLabel = "N", defaultValue = "10000",
            description = "Points per series, one per minute (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--durability", paramLabel = "MODE", defaultValue = "GROUP",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Durability durability;

    @Override
    public Integer call() {
        if (dbArg != null && dbOption != null) {
            throw new ParameterException(spec.commandLine(), "give the database directory once, not as argument and --db");
        }
        if (sensors < 1 || sensors > SENSORS.length) {
            throw new ParameterException(spec.commandLine(),
                    "--sensors must be in [1, " + SENSORS.length + "], got " + sensors);
        }
        if (points < 1 || points > 10_000_000) {
            throw new ParameterException(spec.commandLine(),
                    "--points must be in [1, 10000000], got " + points);
        }
        Path path = dbOption != null ? dbOption : dbArg != null ? dbArg : Path.of("syna-data");
        PrintWriter out = spec.commandLine().getOut();
        Random random = new Random(seed);
        long total = System.nanoTime();

        long t = System.nanoTime();
        try (Database db = Syna.builder(path).durability(durability).open()) {
            DatabaseStats before = db.stats();
            out.printf(Locale.ROOT, "Syna demo: database %s (engine %s, durability %s, codec %s)%n",
                    db.path().toAbsolutePath().normalize(), before.engine(), before.durability(), before.codec());
            step(out, "open", t, before.entries() == 0 ? "new database"
                    : "existing: " + Format.count(before.liveKeys()) + " keys, " + Format.count(before.entries()) + " values");

            // 1. Time series: one batch per sensor, appended atomically.
            Map<String, double[]> written = new LinkedHashMap<>();
            for (int s = 0; s < sensors; s++) {
                written.put("demo/" + SENSORS[s], series(SENSORS[s], points, random));
            }
            t = System.nanoTime();
            for (Map.Entry<String, double[]> e : written.entrySet()) {
                db.putFloats(e.getKey(), e.getValue());
            }
            long n = (long) sensors * points;
            step(out, "putFloats", t, sensors + " series x " + Format.count(points) + " points = " + Format.count(n)
                    + " values, " + Format.rate(n, System.nanoTime() - t));

            // 2. Texts, a counter and an embedding vector.
            t = System.nanoTime();
            db.putText("demo/site/name", "North greenhouse site");
            db.putText("demo/site/notes", "Sensors sample once a minute; see demo/greenhouse-*/… for series.");
            db.putInt("demo/site/restarts", db.exists("demo/site/restarts") ? db.getInt("demo/site/restarts") + 1 : 0);
            float[] embedding = new float[16];
            for (int i = 0; i < embedding.length; i++) {
                embedding[i] = (float) random.nextGaussian();
            }
            db.putVector("demo/site/embedding", embedding);
            step(out, "put", t, "2 texts, 1 int64 counter, 1 vector (dimension " + embedding.length + ")");

            // 3. Read back: whole histories as primitive arrays; check the newest points are ours.
            t = System.nanoTime();
            long read = 0;
            List<String> summaries = new ArrayList<>();
            for (Map.Entry<String, double[]> e : written.entrySet()) {
                double[] h = db.historyAsDoubles(e.getKey());
                read += h.length;
                double[] mine = e.getValue();
                if (h.length < mine.length || !Arrays.equals(h, h.length - mine.length, h.length, mine, 0, mine.length)) {
                    throw new InternalException("history of " + e.getKey() + " does not end with the " + mine.length
                            + " values just written (history length " + h.length + ")");
                }
                summaries.add(summary(e.getKey(), h));
            }
            if (!"North greenhouse site".equals(db.getText("demo/site/name"))
                    || !Arrays.equals(embedding, db.getVector("demo/site/embedding"))) {
                throw new InternalException("a text or vector did not read back as written");
            }
            step(out, "historyAsDoubles", t, Format.count(read) + " values read back as double[], all match, "
                    + Format.rate(read, System.nanoTime() - t));
            summaries.forEach(s -> out.println("      " + s));

            // 4. Verify every byte, then compact.
            t = System.nanoTime();
            VerifyReport report = db.verify();
            step(out, "verify", t, (report.ok() ? "OK: " : "FAILED: " + report.problems().size() + " problem(s), ")
                    + Format.count(report.entriesChecked()) + " records, " + Format.bytes(report.bytesChecked()) + " checked");
            report.problems().forEach(p -> out.println("      problem: " + p));

            t = System.nanoTime();
            CompactionResult c = db.compact();
            step(out, "compact", t, Format.count(c.entriesBefore()) + " -> " + Format.count(c.entriesAfter()) + " values, "
                    + Format.bytes(c.bytesBefore()) + " -> " + Format.bytes(c.bytesAfter()) + ", " + c.retention());
            if (!report.ok()) {
                return ExitCodes.of(ErrorCode.CORRUPT_FILE);
            }
        }
        step(out, "total", total, "");
        out.println();
        String syna = launcherName();
        out.println("Next: " + syna + " info " + path + "    " + syna + " keys " + path + " --prefix demo/");
        out.println("      " + syna + " history " + path + " demo/" + SENSORS[0] + " --last 5");
        out.println("      " + syna + " shell " + path + "    (then: get demo/site/name, scan --prefix demo/site/ --values)");
        return ExitCodes.OK;
    }

    /** How the user started this command: {@code ./syna} from the source tree (the launcher says so), else {@code syna}. */
    static String launcherName() {
        String name = System.getProperty("syna.launcher", "").strip();
        return name.isEmpty() ? "syna" : name;
    }

    private static void step(PrintWriter out, String what, long startNanos, String detail) {
        out.println(String.format(Locale.ROOT, "  %-17s %10s  %s", what, Format.millis(System.nanoTime() - startNanos),
                detail).stripTrailing());
    }

    /** A plausible minute-by-minute series: a daily cycle, slow drift and noise. */
    static double[] series(String name, int n, Random r) {
        double base;
        double amplitude;
        double noise;
        if (name.endsWith("temperature")) {
            base = 21; amplitude = 4; noise = 0.2;
        } else if (name.endsWith("humidity")) {
            base = 65; amplitude = 10; noise = 1;
        } else if (name.endsWith("pressure")) {
            base = 1.8; amplitude = 0.1; noise = 0.01;
        } else if (name.endsWith("power")) {
            base = 12_000; amplitude = 3_000; noise = 150;
        } else if (name.endsWith("wind-speed")) {
            base = 5; amplitude = 2; noise = 0.8;
        } else {
            base = 300; amplitude = 300; noise = 20;
        }
        double drift = 0;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            drift += r.nextGaussian() * noise * 0.05;
            double day = Math.sin(2 * Math.PI * i / 1440.0);
            v[i] = Math.round((base + amplitude * day + drift + r.nextGaussian() * noise) * 1000.0) / 1000.0;
        }
        return v;
    }

    private static String summary(String key, double[] h) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (double x : h) {
            min = Math.min(min, x);
            max = Math.max(max, x);
            sum += x;
        }
        return String.format(Locale.ROOT, "%-30s n=%-8d min %10.3f  mean %10.3f  max %10.3f", key, h.length, min,
                sum / h.length, max);
    }
}
