package syna.storage.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Atom;
import syna.api.Database;
import syna.api.DatabaseOptions;
import syna.api.Durability;
import syna.api.HistoryEntry;
import syna.api.HistoryRetention;
import syna.api.SynaException;
import syna.api.WriteBatch;
import syna.tests.fault.FaultInjector;

/**
 * Crash at every write of a seeded random workload, optionally followed by a power loss, then
 * reopen the real bytes: the recovered state must be exactly the state after some prefix of the
 * operations, at least every acknowledged one when the mode promises durability (and the process
 * merely died, or the mode fsyncs). Keys live in the user key space and two namespaces, batches
 * span them, namespaces are dropped, and series carry their own times. Checkpoints of the index are
 * written explicitly, every {@value #CHECKPOINT_EVERY} bytes of log and at close, so the crash also
 * falls on every write of a checkpoint; each crash image opens from its checkpoint (when one is
 * usable) and must serve exactly what a full scan of the same log serves. Set the seed with
 * {@code -Dsyna.tests.seed}.
 */
class CrashTest {
    /** User keys, and keys of namespaces "n" and "m" written as "n:key" (one model map for all). */
    private static final List<String> KEYS = List.of("a", "b", "c", "dé", "n:a", "n:b", "m:a");
    private static final int OPS = 24;
    /**
     * Periodic checkpoints this often (bytes of log), in the writing thread: with the explicit ones
     * and the one at close, the crash also hits every write of a checkpoint file.
     */
    private static final long CHECKPOINT_EVERY = 2048;

    @TempDir
    Path tmp;

    private final long seed = seed();
    private int run;

    /** The run's seed ({@code -Dsyna.tests.seed}, decimal or 0x-hex; random when unset), as the other suites take it. */
    private static long seed() {
        return syna.tests.SeededRandomExtension.runSeed();
    }

    /** The key space of a model key: "n:key" is key "key" of namespace "n". */
    private static syna.api.KeySpace space(Database db, String key) {
        int c = key.indexOf(':');
        return c < 0 ? db : db.namespace(key.substring(0, c));
    }

    private static String bare(String key) {
        return key.substring(key.indexOf(':') + 1);
    }

    private static String namespaceOf(String key) {
        int c = key.indexOf(':');
        return c < 0 ? "" : key.substring(0, c);
    }

    /** One operation of the workload: applies itself to a database and to the model. */
    private interface Op {
        void apply(Database db);

        void apply(Map<String, List<Atom>> model);
    }

    private record Put(String key, Atom value) implements Op {
        @Override
        public void apply(Database db) {
            space(db, key).put(bare(key), value);
        }

        @Override
        public void apply(Map<String, List<Atom>> model) {
            model.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
    }

    private record Delete(String key) implements Op {
        @Override
        public void apply(Database db) {
            space(db, key).delete(bare(key));
        }

        @Override
        public void apply(Map<String, List<Atom>> model) {
            List<Atom> h = model.get(key);
            if (h != null && !h.isEmpty() && !(h.getLast() instanceof Atom.Null)) {
                h.add(Atom.ofNull());
            }
        }
    }

    private record Batch(List<Put> puts) implements Op {
        @Override
        public void apply(Database db) {
            WriteBatch b = WriteBatch.create();
            for (Put p : puts) {
                String ns = namespaceOf(p.key());
                (ns.isEmpty() ? b : b.in(ns)).put(bare(p.key()), p.value());
            }
            db.write(b);
        }

        @Override
        public void apply(Map<String, List<Atom>> model) {
            puts.forEach(p -> p.apply(model));
        }
    }

    /** A series; with {@code timesFrom} >= 0 every point has its own time from there on (far in the future). */
    private record Floats(String key, double[] values, long timesFrom) implements Op {
        @Override
        public void apply(Database db) {
            if (timesFrom < 0) {
                space(db, key).putFloats(bare(key), values);
                return;
            }
            long[] t = new long[values.length];
            for (int i = 0; i < t.length; i++) {
                t[i] = timesFrom + i * 1000L;
            }
            space(db, key).putFloats(bare(key), t, values);
        }

        @Override
        public void apply(Map<String, List<Atom>> model) {
            for (double v : values) {
                model.computeIfAbsent(key, k -> new ArrayList<>()).add(Atom.of(v));
            }
        }
    }

    /** A bytes value from an off-heap segment (large ones take the direct write path). */
    private record SegmentPut(String key, byte[] bytes) implements Op {
        @Override
        public void apply(Database db) {
            try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
                java.lang.foreign.MemorySegment seg = arena.allocate(Math.max(1, bytes.length)).asSlice(0, bytes.length);
                java.lang.foreign.MemorySegment.copy(bytes, 0, seg, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes.length);
                space(db, key).putBytes(bare(key), seg);
            }
        }

        @Override
        public void apply(Map<String, List<Atom>> model) {
            model.computeIfAbsent(key, k -> new ArrayList<>()).add(Atom.of(bytes));
        }
    }

    private record Drop(String namespace) implements Op {
        @Override
        public void apply(Database db) {
            db.dropNamespace(namespace);
        }

        @Override
        public void apply(Map<String, List<Atom>> model) {
            model.keySet().removeIf(k -> namespaceOf(k).equals(namespace));
        }
    }

    /** An explicit checkpoint of the index (besides the periodic ones every {@link #CHECKPOINT_EVERY} bytes). */
    private record Checkpoint() implements Op {
        @Override
        public void apply(Database db) {
            ((LogDatabase) db).checkpoint();
        }

        @Override
        public void apply(Map<String, List<Atom>> model) {}
    }

    private record Compact(int keepLast) implements Op {
        @Override
        public void apply(Database db) {
            db.compact(keepLast == 0 ? HistoryRetention.all() : HistoryRetention.lastN(keepLast));
        }

        @Override
        public void apply(Map<String, List<Atom>> model) {
            if (keepLast == 0) {
                return;
            }
            model.values().removeIf(h -> h.isEmpty() || h.getLast() instanceof Atom.Null);
            for (List<Atom> h : model.values()) {
                h.subList(0, Math.max(0, h.size() - keepLast)).clear();
            }
        }
    }

    private static Atom randomValue(Random r) {
        return switch (r.nextInt(7)) {
            case 0 -> Atom.of(r.nextInt(10) == 0 ? Double.NaN : r.nextGaussian());
            case 1 -> Atom.of(r.nextLong());
            case 2 -> Atom.of("t".repeat(r.nextInt(r.nextInt(10) == 0 ? 6000 : 40)));
            case 3 -> {
                byte[] b = new byte[r.nextInt(50)];
                r.nextBytes(b);
                yield Atom.of(b);
            }
            case 4 -> Atom.of(new float[] {r.nextFloat(), r.nextFloat(), r.nextFloat()});
            case 5 -> Atom.ofNull();
            default -> Atom.of((double) r.nextInt(100) / 4);
        };
    }

    /**
     * A random workload; with {@code compactions}, some operations compact the log (left out of
     * power-loss runs: the injector's power-loss model follows paths, not renamed files).
     */
    private static List<Op> workload(long seed, boolean compactions) {
        Random r = new Random(seed);
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < OPS; i++) {
            String key = KEYS.get(r.nextInt(KEYS.size()));
            if (compactions && r.nextInt(10) == 0) {
                ops.add(new Compact(r.nextBoolean() ? 0 : 1 + r.nextInt(3)));
                continue;
            }
            if (r.nextInt(8) == 0) {
                ops.add(new Checkpoint());
                continue;
            }
            ops.add(switch (r.nextInt(8)) {
                case 0 -> r.nextInt(3) == 0 ? new Drop(r.nextBoolean() ? "n" : "m") : new Delete(key);
                case 3 -> {
                    byte[] b = new byte[r.nextBoolean() ? 70_000 : r.nextInt(100)];
                    r.nextBytes(b);
                    yield new SegmentPut(key, b);
                }
                case 1 -> {
                    List<Put> puts = new ArrayList<>();
                    for (int j = 0; j < 2 + r.nextInt(3); j++) {
                        puts.add(new Put(KEYS.get(r.nextInt(KEYS.size())), randomValue(r)));
                    }
                    yield new Batch(puts);
                }
                case 2 -> {
                    double[] v = new double[1 + r.nextInt(30)];
                    for (int j = 0; j < v.length; j++) {
                        v[j] = 20 + Math.round(r.nextGaussian() * 100) / 100.0;
                    }
                    // per-point times far in the future, increasing with the op index (later clock writes clamp to them)
                    yield new Floats(key, v, r.nextBoolean() ? -1 : 4_000_000_000_000_000L + i * 1_000_000L);
                }
                default -> new Put(key, randomValue(r));
            });
        }
        // Every seed's workload checkpoints at least once with no compaction right after it (a compaction
        // deletes the checkpoint), so some crash images must open from a checkpoint.
        int at = OPS / 3;
        ops.add(at, new Checkpoint());
        for (int i = at + 1; i < Math.min(ops.size(), at + 4); i++) {
            if (ops.get(i) instanceof Compact) {
                ops.set(i, new Put(KEYS.get(i % KEYS.size()), Atom.of((long) i)));
            }
        }
        return ops;
    }

    private static Map<String, List<Atom>> model(List<Op> ops, int prefix) {
        Map<String, List<Atom>> m = new HashMap<>();
        for (int i = 0; i < prefix; i++) {
            ops.get(i).apply(m);
        }
        m.values().removeIf(List::isEmpty);
        return new TreeMap<>(m);
    }

    private static Map<String, List<Atom>> recovered(Database db) {
        Map<String, List<Atom>> m = new TreeMap<>();
        List<String> namespaces = db.namespaces();
        for (String k : KEYS) {
            if (!namespaceOf(k).isEmpty() && !namespaces.contains(namespaceOf(k))) {
                continue; // never created, or dropped: opening it would create it
            }
            List<Atom> h = space(db, k).history(bare(k)).stream().map(HistoryEntry::value).toList();
            if (!h.isEmpty()) {
                m.put(k, h);
            }
        }
        return m;
    }

    /** Runs the workload until the injected crash; returns how many operations were acknowledged. */
    private int runUntilCrash(Path dir, Durability durability, FaultInjector injector, List<Op> ops) {
        int acked = 0;
        Database db = null;
        try {
            db = LogDatabase.open(DatabaseOptions.builder(dir).durability(durability).build(),
                    new EngineHooks(injector::open, EngineHooks.NONE.compactionSteps(), false, CHECKPOINT_EVERY));
            for (Op op : ops) {
                op.apply(db);
                acked++;
            }
        } catch (SynaException e) {
            if (!injector.crashed()) {
                throw e;
            }
        } finally {
            if (db != null) {
                db.close(); // must release the lock even after the crash
            }
        }
        return acked;
    }

    private void crashEverywhere(Durability durability, boolean powerLoss) throws IOException {
        List<Op> ops = workload(seed, !powerLoss);
        FaultInjector dry = FaultInjector.create();
        runUntilCrash(tmp.resolve("dry-" + durability + powerLoss), durability, dry, ops);
        long writes = dry.writes();
        Random r = new Random(seed ^ 0x5EED);
        int opensFromCheckpoint = 0;
        for (long n = 1; n <= writes; n++) {
            Path dir = tmp.resolve("run-" + run++);
            FaultInjector injector = FaultInjector.create().crashAtWrite(n, r.nextInt(3) == 0 ? 0 : r.nextInt(64));
            int acked = runUntilCrash(dir, durability, injector, ops);
            assertTrue(injector.crashed(), "crash at write " + n + " of " + writes);
            if (powerLoss) {
                injector.powerLoss();
            }
            int lowest = durability == Durability.NONE ? 0 : acked; // NONE buffers a few ms in the process
            int highest = Math.min(acked + 1, ops.size());
            // The same bytes without the checkpoint: the full scan must serve exactly what the checkpoint and
            // its tail serve.
            Path scanned = tmp.resolve("scan-" + run);
            Files.createDirectories(scanned);
            if (Files.exists(dir.resolve("data.log"))) { // else the crash hit the creation of the log
                Files.copy(dir.resolve("data.log"), scanned.resolve("data.log"));
            }
            Map<String, Object> fullScan;
            try (LogDatabase db = LogDatabase.open(DatabaseOptions.builder(scanned).build(), EngineHooks.NONE)) {
                fullScan = StateDump.of(db);
            }
            Map<String, List<Atom>> state;
            try (LogDatabase db = LogDatabase.open(DatabaseOptions.builder(dir).build(), EngineHooks.NONE)) {
                if (!StateDump.of(db).equals(fullScan)) {
                    fail("seed " + seed + " (-Dsyna.tests.seed=" + seed + "), " + durability
                            + (powerLoss ? " + power loss" : "") + ", crash at write " + n + ": the open from the"
                            + " checkpoint (end " + db.openedFromCheckpoint() + ") differs from the full scan");
                }
                opensFromCheckpoint += db.openedFromCheckpoint() >= 0 ? 1 : 0;
                state = recovered(db);
                assertTrue(db.verify().ok(), "verify after recovery");
            }
            deleteTree(scanned);
            boolean matched = false;
            for (int k = highest; k >= lowest && !matched; k--) {
                matched = model(ops, k).equals(state);
            }
            if (!matched) {
                fail("seed " + seed + " (-Dsyna.tests.seed=" + seed + "), " + durability + (powerLoss ? " + power loss" : "")
                        + ", crash at write " + n + ": " + acked + " ops acknowledged; recovered state " + state
                        + " is not the state after any of ops [" + lowest + ", " + highest + "]");
            }
            deleteTree(dir);
        }
        assertTrue(opensFromCheckpoint > 0, "seed " + seed + " (-Dsyna.tests.seed=" + seed + "), " + durability
                + ": none of " + writes + " crash images opened from a checkpoint");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void processCrashWithoutFsyncKeepsAPrefix() throws IOException {
        crashEverywhere(Durability.NONE, false);
    }

    @Test
    void processCrashWithGroupCommitLosesNothingAcknowledged() throws IOException {
        crashEverywhere(Durability.GROUP, false);
    }

    @Test
    void powerLossWithoutFsyncKeepsAPrefix() throws IOException {
        crashEverywhere(Durability.NONE, true);
    }

    @Test
    void powerLossLosesNothingAcknowledgedWithGroupCommit() throws IOException {
        crashEverywhere(Durability.GROUP, true);
    }

    @Test
    void powerLossLosesNothingAcknowledgedWithAlways() throws IOException {
        crashEverywhere(Durability.ALWAYS, true);
    }
}
