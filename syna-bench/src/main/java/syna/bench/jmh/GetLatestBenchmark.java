package syna.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import syna.api.Durability;
import syna.bench.store.BenchKey;
import syna.bench.workload.Keys;
import syna.bench.workload.ValuePool;

/**
 * Get of the latest 1 KB value of a uniformly chosen key among 100,000 preloaded ones (seeded).
 * Not thread-safe; JMH gives each trial its own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow"})
public class GetLatestBenchmark {
    private static final int CHOICES = 1 << 16;

    /** Engine: syna, rocksdb, lmdb or raw. */
    @Param({"syna"})
    public String engine;

    /** Keys preloaded. */
    @Param({"100000"})
    public int keyCount;

    /** Seed of keys, values and choices. */
    @Param({"42"})
    public long seed;

    private BenchKey[] chosen;
    private StoreFixture fixture;
    private int next;

    /** Loads the store and draws the key sequence. */
    @Setup(Level.Trial)
    public void load() {
        BenchKey[] keys = Keys.distinct("user", keyCount, seed);
        ValuePool values = new ValuePool(1024, seed);
        fixture = new StoreFixture(engine, Durability.NONE);
        for (int i = 0; i < keys.length; i++) {
            fixture.session.put(keys[i], values.value(i));
        }
        fixture.store.settle();
        SplittableRandom random = new SplittableRandom(seed);
        chosen = new BenchKey[CHOICES];
        for (int i = 0; i < CHOICES; i++) {
            chosen[i] = keys[random.nextInt(keys.length)];
        }
    }

    /** Closes and deletes the store. */
    @TearDown(Level.Trial)
    public void close() {
        fixture.close();
    }

    /** One get of a 1 KB value (an owned copy, as every engine returns). */
    @Benchmark
    public byte[] get() {
        return fixture.session.get(chosen[next++ & (CHOICES - 1)]);
    }
}
