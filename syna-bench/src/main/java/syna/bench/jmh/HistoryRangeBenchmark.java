package syna.bench.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
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
import syna.api.HistoryQuery;
import syna.api.Syna;
import syna.api.TimeSeries;

/**
 * A time-range read of {@code range} points (at a seeded random position) out of one key holding
 * {@code points} float64 points with per-point times one second apart (written with
 * {@code putFloats(key, times, values)}): the range is found by binary search in the index, so the
 * cost is the points returned. Target: 1,000 of 10,000,000 in under 1 ms. Syna only. Not
 * thread-safe; JMH gives each trial its own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch", "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow"})
public class HistoryRangeBenchmark {
    private static final String KEY = "sensor/range";
    private static final long T0 = 1_700_000_000_000_000L;
    private static final long STEP = 1_000_000;
    private static final int CHUNK = 65_536;

    /** Points in the key's history. */
    @Param({"10000000"})
    public int points;

    /** Points one read returns. */
    @Param({"1000"})
    public int range;

    /** Seed of the values and read positions. */
    @Param({"42"})
    public long seed;

    private Path dir;
    private Database db;
    private SplittableRandom positions;

    /** Writes the history. */
    @Setup(Level.Trial)
    public void load() throws IOException {
        dir = Files.createTempDirectory("syna-jmh-range-");
        db = Syna.builder(dir).durability(Durability.NONE).open();
        SplittableRandom random = new SplittableRandom(seed);
        positions = new SplittableRandom(seed + 1);
        double level = 20;
        for (int written = 0; written < points; written += CHUNK) {
            int n = Math.min(CHUNK, points - written);
            long[] t = new long[n];
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                level += random.nextDouble(-0.05, 0.05);
                t[i] = T0 + (written + i) * STEP;
                v[i] = Math.round(level * 100) / 100.0;
            }
            db.putFloats(KEY, t, v);
        }
        db.sync();
        if (db.historyAsDoubles(KEY, query()).length != range) {
            throw new IllegalStateException("a range read of " + KEY + " did not return " + range + " points");
        }
    }

    private HistoryQuery query() {
        long from = T0 + positions.nextLong(points - range) * STEP;
        return HistoryQuery.between(from, from + range * STEP);
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

    /** The range as a {@code double[]}. */
    @Benchmark
    public double[] doublesBetween() {
        return db.historyAsDoubles(KEY, query());
    }

    /** The range as (time, value) pairs. */
    @Benchmark
    public TimeSeries seriesBetween() {
        return db.series(KEY, query());
    }

    /** The range as native doubles in an off-heap segment (allocated and freed per read). */
    @Benchmark
    public double segmentBetween() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = db.historyAsSegment(KEY, query(), arena);
            return s.getAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, 0);
        }
    }

    /** The last {@code range} points. */
    @Benchmark
    public double[] doublesLastN() {
        return db.historyAsDoubles(KEY, HistoryQuery.last(range));
    }
}
