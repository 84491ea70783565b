package syna.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.stream.Stream;
import syna.api.Durability;
import syna.api.InvalidArgumentException;
import syna.bench.report.DirtyPages;
import syna.bench.report.DiskProbe;
import syna.bench.report.MachineInfo;
import syna.bench.report.Report;
import syna.bench.report.Row;
import syna.bench.store.BenchKey;
import syna.bench.store.Engine;
import syna.bench.store.EngineUnavailableException;
import syna.bench.store.KvSession;
import syna.bench.store.KvStore;
import syna.bench.store.StoreSizing;
import syna.bench.workload.Keys;
import syna.bench.workload.Measurement;
import syna.bench.workload.ValuePool;
import syna.bench.workload.Workload;
import syna.bench.workload.Workload.KeyChoice;
import syna.bench.workload.Workload.Kind;
import syna.bench.workload.WorkloadRunner;

/**
 * The side-by-side storage benchmark: the same seeded workloads on Syna, RocksDB, LMDB and a raw
 * {@code FileChannel} log, in one JVM on one machine, each engine in a fresh temporary directory
 * that is deleted afterwards. Prints one table per workload and a Syna / best peer summary, and
 * writes the figures as CSV and JSON. Run it with {@code bench/storage.sh}; {@code --help} lists
 * the options. The only class of the module that prints: it is a command. Not thread-safe.
 */
public final class StorageBench {
    private final BenchOptions options;
    private final PrintStream out;
    private final PrintStream log;
    private final Report report;
    private final Map<Engine, String> unavailable = new EnumMap<>(Engine.class);

    private StorageBench(BenchOptions options, PrintStream out, PrintStream log) {
        this.options = options;
        this.out = out;
        this.log = log;
        SequencedMap<String, String> settings = new LinkedHashMap<>();
        settings.put("seed", Long.toString(options.seed()));
        settings.put("ops", String.format(Locale.ROOT, "%,d per workload (%,d for ALWAYS/GROUP)", options.ops(),
                options.syncOps()));
        settings.put("keys", String.format(Locale.ROOT, "%,d preloaded for reads and YCSB", options.keys()));
        settings.put("engines", options.engines().stream().map(Engine::label).toList().toString());
        settings.put("data dir", options.dir().toAbsolutePath().toString());
        this.report = new Report(MachineInfo.current(options.commit()), settings);
    }

    /** Runs the benchmark; exit status 2 on bad arguments, 1 when a workload failed. */
    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (InvalidArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        boolean failed = new StorageBench(options, System.out, System.err).run();
        System.exit(failed ? 1 : 0);
    }

    /** Runs {@code options} and returns the rows; for tests. Output goes to {@code out} and {@code log}. */
    public static List<Row> run(BenchOptions options, PrintStream out, PrintStream log) {
        StorageBench bench = new StorageBench(options, out, log);
        bench.run();
        return bench.report.rows();
    }

    /** The standard workloads for {@code options}, filtered by {@code --workloads}. */
    public static List<Workload> workloads(BenchOptions o) {
        int ops = o.ops();
        int warm = Math.clamp(ops / 10, 100, 10_000);
        int syncWarm = Math.clamp(o.syncOps() / 20, 8, 200);
        int bigOps = (int) Math.max(100, Math.min(ops, o.maxBytes() / 65_536));
        List<Workload> all = List.of(
                new Workload("write-64b", "put 64 B values, new keys, 1 thread, durability NONE", Kind.WRITE, 64, 1,
                        Durability.NONE, 0, KeyChoice.DISTINCT, writeOps(o, 64), warm),
                new Workload("write-1kb", "put 1 KB values, new keys, 1 thread, durability NONE", Kind.WRITE, 1024, 1,
                        Durability.NONE, 0, KeyChoice.DISTINCT, writeOps(o, 1024), warm),
                new Workload("write-64kb", "put 64 KB values, new keys, 1 thread, durability NONE", Kind.WRITE, 65_536,
                        1, Durability.NONE, 0, KeyChoice.DISTINCT, bigOps, Math.clamp(bigOps / 10, 10, 1_000)),
                new Workload("read-1kb-1t", "get latest 1 KB value, uniform keys, 1 thread", Kind.READ_UPDATE, 1024, 1,
                        Durability.NONE, 1, KeyChoice.UNIFORM, ops, warm),
                new Workload("read-1kb-2t", "get latest 1 KB value, uniform keys, 2 threads", Kind.READ_UPDATE, 1024,
                        2, Durability.NONE, 1, KeyChoice.UNIFORM, ops, warm),
                new Workload("ycsb-a", "YCSB A: 50% read / 50% update, zipfian 0.99, 1 KB, 1 thread, NONE",
                        Kind.READ_UPDATE, 1024, 1, Durability.NONE, 0.5, KeyChoice.ZIPFIAN, ops, warm),
                new Workload("ycsb-b", "YCSB B: 95% read / 5% update, zipfian 0.99, 1 KB, 1 thread, NONE",
                        Kind.READ_UPDATE, 1024, 1, Durability.NONE, 0.95, KeyChoice.ZIPFIAN, ops, warm),
                new Workload("ycsb-c", "YCSB C: 100% read, zipfian 0.99, 1 KB, 1 thread", Kind.READ_UPDATE, 1024, 1,
                        Durability.NONE, 1, KeyChoice.ZIPFIAN, ops, warm),
                new Workload("always-1kb", "put 1 KB, new keys, 1 thread, durability ALWAYS (sync per write)",
                        Kind.WRITE, 1024, 1, Durability.ALWAYS, 0, KeyChoice.DISTINCT, o.syncOps(), syncWarm),
                new Workload("group-1kb-1t", "put 1 KB, new keys, 1 thread, durability GROUP (shared syncs)",
                        Kind.WRITE, 1024, 1, Durability.GROUP, 0, KeyChoice.DISTINCT, o.syncOps(), syncWarm),
                new Workload("group-1kb-2t", "put 1 KB, new keys, 2 threads, durability GROUP (shared syncs)",
                        Kind.WRITE, 1024, 2, Durability.GROUP, 0, KeyChoice.DISTINCT, o.syncOps(), syncWarm),
                new Workload("group-1kb-8t", "put 1 KB, new keys, 8 threads, durability GROUP (shared syncs)",
                        Kind.WRITE, 1024, 8, Durability.GROUP, 0, KeyChoice.DISTINCT, o.syncOps(), syncWarm),
                new Workload("group-1kb-32t", "put 1 KB, new keys, 32 threads, durability GROUP (shared syncs)",
                        Kind.WRITE, 1024, 32, Durability.GROUP, 0, KeyChoice.DISTINCT,
                        Math.max(o.syncOps(), 32 * SYNC_ROUNDS), Math.max(syncWarm, 32)));
        return all.stream().filter(w -> o.workloads().isEmpty() || o.workloads().contains(w.name())).toList();
    }

    private static int writeOps(BenchOptions o, int valueBytes) {
        return (int) Math.max(100, Math.min(o.ops(), o.maxBytes() / valueBytes));
    }

    private boolean run() {
        List<Workload> workloads = workloads(options);
        if (workloads.isEmpty()) {
            throw new InvalidArgumentException("--workloads " + options.workloads() + " matches no workload");
        }
        report.printHeader(out);
        try {
            Files.createDirectories(options.dir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + options.dir(), e);
        }
        report.probe("fdatasync (force(false))",
                DiskProbe.syncRate(options.dir(), false, options.syncOps(), 5_000_000_000L, options.seed()));
        report.probe("fsync (force(true))",
                DiskProbe.syncRate(options.dir(), true, options.syncOps(), 5_000_000_000L, options.seed()));

        // Writes first (each engine on its own fresh store), then reads and YCSB on one preloaded
        // store per engine, then the sync-bound writes. Within a phase engines alternate per workload.
        List<Workload> writes = workloads.stream()
                .filter(w -> w.kind() == Kind.WRITE && w.durability() == Durability.NONE).toList();
        List<Workload> readers = workloads.stream().filter(w -> w.kind() == Kind.READ_UPDATE).toList();
        List<Workload> durable = workloads.stream()
                .filter(w -> w.kind() == Kind.WRITE && w.durability() != Durability.NONE).toList();
        boolean failed = false;
        for (Workload w : writes) {
            failed |= runWrite(w);
        }
        if (!readers.isEmpty()) {
            failed |= runReaders(readers);
        }
        if (!durable.isEmpty()) {
            // The disk as the sync-bound workloads find it: after the earlier phases' writeback.
            quiesce();
            report.probe("fdatasync, before ALWAYS/GROUP",
                    DiskProbe.syncRate(options.dir(), false, options.syncOps(), 5_000_000_000L, options.seed()));
        }
        for (Workload w : durable) {
            failed |= runDurable(w);
        }
        report.printProbes(out);
        for (Workload w : workloads) {
            report.printTable(out, w);
        }
        if (durable.stream().anyMatch(w -> w.durability() == Durability.GROUP)) {
            out.println("  note: GROUP has no LMDB analogue (LMDB serialises writers, each commit syncs);"
                    + " RocksDB's is its write-group WAL sync with sync=true; the raw baseline has none.");
        }
        report.printSummary(out, workloads);
        report.printOpenClose(out);
        Optional<Workload> always = durable.stream().filter(w -> w.durability() == Durability.ALWAYS).findFirst();
        if (always.isPresent()) {
            durable.stream().filter(w -> w.durability() == Durability.GROUP)
                    .forEach(group -> report.printGroupGain(out, always.orElseThrow(), group));
        }
        out.println();
        String endLoad = MachineInfo.loadAverage();
        report.setting("load average at end", endLoad);
        out.println("load average at end: " + endLoad + "   (at start: see header)");
        String stem = "storage-" + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        List<Path> files = report.write(options.results(), stem);
        out.println();
        out.println("results: " + files.stream().map(Path::toString).toList());
        return failed;
    }

    /** What a store of workload {@code w} holds: its keys and its warm-up keys (Chronicle Map is sized by it). */
    private static StoreSizing sizing(Workload w, long keys) {
        return new StoreSizing(keys + w.warmupOps(), BenchKey.of("user", 0).bytes().length, w.valueBytes());
    }

    private boolean runWrite(Workload w) {
        BenchKey[] keys = Keys.distinct("user", w.ops(), options.seed() ^ w.name().hashCode());
        BenchKey[] warmKeys = Keys.distinct("warm", w.warmupOps(), ~options.seed());
        ValuePool values = new ValuePool(w.valueBytes(), options.seed() + w.valueBytes());
        StoreSizing sizing = sizing(w, w.ops());
        boolean failed = false;
        for (Engine engine : rotated(w)) {
            if (skipped(w, engine)) {
                continue;
            }
            progress(w.name() + " / " + engine.label());
            try {
                // Warm up on a throwaway store so the measured one holds exactly the timed writes.
                withStore(engine, w.durability(), sizing, store -> {
                    WorkloadRunner.run(store, w, warmKeys, values, options.seed() + 1, w.warmupOps());
                    return 0L;
                });
                Measurement[] m = new Measurement[1];
                long disk = withStore(engine, w.durability(), sizing, store -> {
                    m[0] = WorkloadRunner.run(store, w, keys, values, options.seed(), w.ops());
                    return -1L;
                });
                report.add(new Row(w, engine, Optional.of(m[0]), disk, engine.durabilityNote(w.durability())));
            } catch (EngineUnavailableException e) {
                unavailable(engine, e);
                report.add(new Row(w, engine, Optional.empty(), -1, unavailable.get(engine)));
            } catch (RuntimeException e) {
                failed = true;
                log.println("  FAILED " + w.name() + " / " + engine.label() + ": " + e);
                report.add(new Row(w, engine, Optional.empty(), -1, "failed: " + e));
            }
        }
        return failed;
    }

    /** Rounds of a sync-bound workload: each engine runs a quarter of the operations per round. */
    private static final int SYNC_ROUNDS = 4;

    /**
     * A sync-bound write workload: every engine warms up on a throwaway store, then all engines'
     * fresh stores stay open while {@link WorkloadRunner#runInRounds} runs the operations in
     * {@value #SYNC_ROUNDS} rounds, so disk drift hits every engine alike.
     */
    private boolean runDurable(Workload w) {
        BenchKey[] keys = Keys.distinct("user", w.ops(), options.seed() ^ w.name().hashCode());
        BenchKey[] warmKeys = Keys.distinct("warm", w.warmupOps(), ~options.seed());
        ValuePool values = new ValuePool(w.valueBytes(), options.seed() + w.valueBytes());
        StoreSizing sizing = sizing(w, w.ops());
        List<Engine> engines = new ArrayList<>();
        for (Engine engine : options.engines()) {
            if (skipped(w, engine)) {
                continue;
            }
            try {
                withStore(engine, w.durability(), sizing, store -> {
                    WorkloadRunner.run(store, w, warmKeys, values, options.seed() + 1, w.warmupOps());
                    return 0L;
                });
                engines.add(engine);
            } catch (EngineUnavailableException e) {
                unavailable(engine, e);
                report.add(new Row(w, engine, Optional.empty(), -1, unavailable.get(engine)));
            }
        }
        if (engines.isEmpty()) {
            return false;
        }
        List<Path> dirs = new ArrayList<>();
        List<KvStore> stores = new ArrayList<>();
        try {
            for (Engine engine : engines) {
                Path dir = Files.createTempDirectory(options.dir(), "syna-bench-" + engine.label() + "-");
                dirs.add(dir);
                stores.add(engine.open(dir, w.durability(), sizing));
            }
            quiesce();
            progress(w.name() + " / " + engines.stream().map(Engine::label).toList() + " in " + SYNC_ROUNDS + " rounds");
            List<Measurement> ms = WorkloadRunner.runInRounds(stores, w, keys, values, options.seed(), SYNC_ROUNDS);
            stores.forEach(KvStore::close);
            for (int i = 0; i < engines.size(); i++) {
                Engine e = engines.get(i);
                report.add(new Row(w, e, Optional.of(ms.get(i)), sizeOf(dirs.get(i)),
                        e.durabilityNote(w.durability()) + "; " + SYNC_ROUNDS + " interleaved rounds"));
            }
            return false;
        } catch (IOException | RuntimeException e) {
            log.println("  FAILED " + w.name() + ": " + e);
            engines.forEach(engine -> report.add(new Row(w, engine, Optional.empty(), -1, "failed: " + e)));
            return true;
        } finally {
            stores.forEach(KvStore::close);
            dirs.forEach(this::delete);
        }
    }

    private boolean runReaders(List<Workload> readers) {
        BenchKey[] keys = Keys.distinct("user", options.keys(), options.seed());
        ValuePool values = new ValuePool(1024, options.seed() + 1024);
        StoreSizing sizing = new StoreSizing(options.keys() + readers.stream().mapToLong(Workload::warmupOps).sum(),
                keys[0].bytes().length, 1024);
        boolean failed = false;
        for (Engine engine : options.engines()) {
            if (skipped(readers.getFirst(), engine)) {
                readers.stream().skip(1).forEach(w -> skipped(w, engine));
                continue;
            }
            progress("load " + options.keys() + " keys / " + engine.label());
            Path dir = null;
            KvStore store = null;
            try {
                dir = Files.createTempDirectory(options.dir(), "syna-bench-" + engine.label() + "-");
                store = engine.open(dir, Durability.NONE, sizing);
                try (KvSession s = store.session()) {
                    for (int i = 0; i < keys.length; i++) {
                        s.put(keys[i], values.value(i));
                    }
                }
                store.settle();
                // One untimed read of every key, so the first read workload does not pay for
                // cold caches that the later ones find warm.
                try (KvSession s = store.session()) {
                    for (BenchKey k : keys) {
                        s.get(k);
                    }
                }
                // The load left its objects (a Java engine's index and cached values) young: the
                // first collection that has to copy them would land in whichever read workload runs
                // first (read-1kb-1t measured 1.0x while read-1kb-2t, run next, measured 3.3x).
                // Settle the heap here, untimed, for every engine alike.
                settleHeap();
                for (Workload w : readers) {
                    progress(w.name() + " / " + engine.label());
                    try {
                        WorkloadRunner.run(store, w, keys, values, options.seed() + 1, w.warmupOps());
                        Measurement m = WorkloadRunner.run(store, w, keys, values, options.seed(), w.ops());
                        String how = w.readFraction() < 1 ? engine.durabilityNote(w.durability()) : "";
                        report.add(new Row(w, engine, Optional.of(m), -1, how));
                    } catch (RuntimeException e) {
                        log.println("  FAILED " + w.name() + " / " + engine.label() + ": " + e);
                        report.add(new Row(w, engine, Optional.empty(), -1, "failed: " + e));
                    }
                }
                store = closeAndReopen(engine, dir, store, sizing, keys, values);
            } catch (EngineUnavailableException e) {
                unavailable(engine, e);
                readers.forEach(w -> report.add(new Row(w, engine, Optional.empty(), -1, unavailable.get(engine))));
            } catch (IOException | RuntimeException e) {
                failed = true;
                log.println("  FAILED loading " + engine.label() + ": " + e);
                readers.forEach(w -> report.add(new Row(w, engine, Optional.empty(), -1, "failed to load: " + e)));
            } finally {
                if (store != null) {
                    store.close();
                }
                if (dir != null) {
                    delete(dir);
                }
            }
        }
        return failed || report.rows().stream().anyMatch(r -> r.note().startsWith("failed"));
    }

    /**
     * Times {@code close()} of the loaded store and the open of the same directory that follows, and
     * the first get after it; checks that reads after the reopen give the right bytes (the read
     * workloads' updates wrote values of the same pool, so each key holds one of them). Returns the
     * reopened store.
     */
    private KvStore closeAndReopen(Engine engine, Path dir, KvStore store, StoreSizing sizing, BenchKey[] keys,
            ValuePool values) {
        progress("close and reopen / " + engine.label());
        settleHeap();
        long t0 = System.nanoTime();
        store.close();
        long t1 = System.nanoTime();
        KvStore reopened = engine.open(dir, Durability.NONE, sizing);
        long t2 = System.nanoTime();
        try (KvSession s = reopened.session()) {
            byte[] first = s.get(keys[0]);
            long t3 = System.nanoTime();
            if (first.length != values.size()) {
                throw new syna.api.InternalException(engine.label() + " lost " + keys[0].text() + " over a reopen");
            }
            for (int i = 0; i < keys.length; i += Math.max(1, keys.length / 1_000)) {
                if (s.get(keys[i]).length != values.size()) {
                    throw new syna.api.InternalException(engine.label() + " lost " + keys[i].text() + " over a reopen");
                }
            }
            report.add(new Report.OpenClose(engine, keys.length, values.size(), (t1 - t0) / 1e6, (t2 - t1) / 1e6,
                    (t3 - t2) / 1e3));
        } catch (RuntimeException e) {
            reopened.close();
            throw e;
        }
        return reopened;
    }

    /** A full collection between a load and the timed reads; the peers' native memory is unaffected. */
    private static void settleHeap() {
        System.gc();
    }

    /**
     * The engines in the order {@code w} runs them: rotated by the workload's position, so no
     * engine always goes first (first after a phase change meets the most disk and JIT noise).
     */
    private List<Engine> rotated(Workload w) {
        List<Engine> engines = new ArrayList<>(options.engines());
        Collections.rotate(engines, -Math.max(0, workloads(options).indexOf(w)));
        return engines;
    }

    /** Waits (up to {@code --quiesce-ms}) until dirty pages are written back, so syncs meet an idle disk. */
    private void quiesce() {
        if (options.quiesceMillis() == 0) {
            return;
        }
        long left = DirtyPages.awaitBelow(16L << 20, options.quiesceMillis());
        if (left > 16L << 20) {
            log.println("  note: " + (left >> 20) + " MiB of the machine's page cache still dirty after "
                    + options.quiesceMillis() + " ms; sync figures may be low");
        }
    }

    /** Adds a row without figures when {@code engine} cannot run {@code w}; true if so. */
    private boolean skipped(Workload w, Engine engine) {
        if (unavailable.containsKey(engine)) {
            report.add(new Row(w, engine, Optional.empty(), -1, unavailable.get(engine)));
            return true;
        }
        if (!engine.supports(w.durability())) {
            report.add(new Row(w, engine, Optional.empty(), -1, engine.durabilityNote(w.durability())));
            return true;
        }
        return false;
    }

    private void unavailable(Engine engine, EngineUnavailableException e) {
        log.println("  SKIPPED " + engine.label() + ": " + e.getMessage());
        unavailable.put(engine, "skipped: " + e.getMessage());
    }

    /** A function of an open store. */
    private interface StoreTask {
        long apply(KvStore store);
    }

    /**
     * Opens {@code engine} in a fresh temporary directory, applies {@code task}, closes the store,
     * and returns the directory's size in bytes after close when {@code task} returns -1 (else its
     * result); deletes the directory.
     */
    private long withStore(Engine engine, Durability durability, StoreSizing sizing, StoreTask task) {
        Path dir;
        try {
            dir = Files.createTempDirectory(options.dir(), "syna-bench-" + engine.label() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory in " + options.dir(), e);
        }
        try {
            long result;
            try (KvStore store = engine.open(dir, durability, sizing)) {
                result = task.apply(store);
            }
            return result == -1 ? sizeOf(dir) : result;
        } finally {
            delete(dir);
        }
    }

    private static long sizeOf(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot size " + dir, e);
        }
    }

    private void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.println("  could not delete " + dir + ": " + e);
        }
    }

    private void progress(String what) {
        log.println("[" + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + what);
    }
}
