package syna.bench.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import syna.api.Database;
import syna.api.Durability;
import syna.api.Syna;

/**
 * {@link Database#historyAsDoubles(String)} of one key holding 1,000,000 float64 points (a seeded
 * random walk, written with {@code putFloats} in chunks of 10,000): Syna's time-series read path.
 * Syna only; the peers have no history. Not thread-safe; JMH gives each trial its own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow"})
public class HistoryBenchmark {
    private static final String KEY = "sensor/history";
    private static final int CHUNK = 10_000;

    /** Points in the key's history. */
    @Param({"1000000"})
    public int points;

    /** Seed of the random walk. */
    @Param({"42"})
    public long seed;

    private Path dir;
    private Database db;

    /** Writes the history. */
    @Setup(Level.Trial)
    public void load() throws IOException {
        dir = Files.createTempDirectory("syna-jmh-history-");
        db = Syna.builder(dir).durability(Durability.NONE).open();
        SplittableRandom random = new SplittableRandom(seed);
        double level = 20;
        double[] chunk = new double[CHUNK];
        for (int written = 0; written < points; written += CHUNK) {
            int n = Math.min(CHUNK, points - written);
            for (int i = 0; i < n; i++) {
                level += random.nextDouble(-0.5, 0.5);
                chunk[i] = level;
            }
            db.putFloats(KEY, n == CHUNK ? chunk : Arrays.copyOf(chunk, n));
        }
        db.sync();
        if (db.historyAsDoubles(KEY).length != points) {
            throw new IllegalStateException("history of " + KEY + " has "
                    + db.historyAsDoubles(KEY).length + " points, expected " + points);
        }
    }

    /** Closes and deletes the database. */
    @TearDown(Level.Trial)
    public void close() {
        db.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole history as a primitive array. */
    @Benchmark
    public double[] historyAsDoubles() {
        return db.historyAsDoubles(KEY);
    }
}
