package syna.bench.jmh;

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
 * One put of a 64 B or 1 KB value, durability NONE by default. Each iteration starts from a fresh,
 * empty store (so disk use stays bounded) and cycles through 2^18 seeded keys: later puts append
 * to a key's history, as a time series does. Not thread-safe; JMH gives each trial its own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow"})
public class PutBenchmark {
    private static final int KEYS = 1 << 18;

    /** Engine: syna, rocksdb, lmdb or raw. */
    @Param({"syna"})
    public String engine;

    /** Value size in bytes. */
    @Param({"64", "1024"})
    public int valueBytes;

    /** Durability mode (peers map it as StorageBench does). */
    @Param({"NONE"})
    public String durability;

    /** Seed of keys and values. */
    @Param({"42"})
    public long seed;

    private BenchKey[] keys;
    private ValuePool values;
    private StoreFixture fixture;
    private int next;

    /** Makes keys and values once per trial. */
    @Setup(Level.Trial)
    public void data() {
        keys = Keys.distinct("user", KEYS, seed);
        values = new ValuePool(valueBytes, seed);
    }

    /** A fresh store per iteration. */
    @Setup(Level.Iteration)
    public void open() {
        fixture = new StoreFixture(engine, Durability.valueOf(durability));
        next = 0;
    }

    /** Closes and deletes the iteration's store. */
    @TearDown(Level.Iteration)
    public void close() {
        fixture.close();
    }

    /** One put. */
    @Benchmark
    public void put() {
        int i = next++;
        fixture.session.put(keys[i & (KEYS - 1)], values.value(i));
    }
}
