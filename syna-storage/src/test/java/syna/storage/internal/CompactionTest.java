package syna.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Atom;
import syna.api.CompactionResult;
import syna.api.Database;
import syna.api.DatabaseOptions;
import syna.api.Durability;
import syna.api.HistoryEntry;
import syna.api.HistoryRetention;
import syna.api.WriteBatch;
import syna.storage.internal.EngineHooks.CompactionStep;

class CompactionTest {
    @TempDir
    Path tmp;

    private static Database open(Path dir, EngineHooks hooks) {
        return LogDatabase.open(DatabaseOptions.builder(dir).durability(Durability.NONE).build(), hooks);
    }

    private static Map<String, List<Atom>> state(Database db, List<String> keys) {
        Map<String, List<Atom>> m = new java.util.TreeMap<>();
        for (String k : keys) {
            List<Atom> h = db.history(k).stream().map(HistoryEntry::value).toList();
            if (!h.isEmpty()) {
                m.put(k, h);
            }
        }
        return m;
    }

    private static final List<String> KEYS = List.of("f", "i", "t", "gone", "big", "v");

    private static void workload(Database db) {
        for (int i = 0; i < 50; i++) {
            db.putFloat("f", 20 + i * 0.25);
            db.putInt("i", i * 1000L);
        }
        db.putText("t", "one");
        db.putText("t", "two");
        db.putBytes("big", new byte[10_000]);
        db.putBytes("big", new byte[] {1});
        db.putInt("gone", 1);
        db.delete("gone");
        db.putVector("v", new float[] {1, 2});
        db.putFloats("f", new double[] {1, 2, 3});
        db.putText("f", "now text");
        db.putFloat("f", 9);
    }

    @Test
    void compactingBatchWrittenSeriesKeepsTheirTimesAndDoesNotGrow() {
        Path dir = tmp.resolve("series");
        try (Database db = open(dir, EngineHooks.NONE)) {
            for (int s = 0; s < 4; s++) {
                double[] points = new double[10_000];
                for (int i = 0; i < points.length; i++) {
                    points[i] = Math.round((20 + Math.sin(i / 50.0) * 3 + s) * 1000) / 1000.0;
                }
                db.putFloats("sensor/" + s, points);
            }
            List<syna.api.HistoryEntry> before = db.history("sensor/2");
            CompactionResult r = db.compact(HistoryRetention.all());
            assertTrue(r.bytesAfter() <= r.bytesBefore(), r.toString());
            assertEquals(before, db.history("sensor/2"), "values and write times survive compaction");
        }
    }

    @Test
    void retentionAllKeepsEveryEntryAndShrinksNumericHistory() {
        Path dir = tmp.resolve("db");
        Map<String, List<Atom>> before;
        CompactionResult r;
        try (Database db = open(dir, EngineHooks.NONE)) {
            workload(db);
            before = state(db, KEYS);
            r = db.compact(HistoryRetention.all());
            assertEquals(before, state(db, KEYS));
            assertEquals(r.entriesBefore(), r.entriesAfter());
            assertTrue(r.bytesAfter() < r.bytesBefore(), r.toString());
            assertEquals(r.bytesAfter(), db.stats().fileBytes());
            db.putInt("i", -1); // writes go on in the new file
        }
        try (Database db = open(dir, EngineHooks.NONE)) {
            Map<String, List<Atom>> after = state(db, KEYS);
            List<Atom> i = new ArrayList<>(before.get("i"));
            i.add(Atom.of(-1L));
            before.put("i", i);
            assertEquals(before, after);
            assertTrue(db.history("gone").size() == 2, "deleted key's history kept with retention all");
            assertTrue(db.verify().ok());
        }
    }

    @Test
    void lastNAndNoneDropOldEntriesAndDeletedKeys() {
        Path dir = tmp.resolve("db");
        try (Database db = open(dir, EngineHooks.NONE)) {
            workload(db);
            db.compact(HistoryRetention.lastN(2));
            assertEquals(List.of(Atom.of("now text"), Atom.of(9.0)), state(db, KEYS).get("f"));
            assertEquals(List.of(), db.history("gone"));
            assertEquals(2, db.history("i").size());
        }
        try (Database db = open(dir, EngineHooks.NONE)) {
            assertEquals(2, db.history("t").size());
            db.compact(HistoryRetention.none());
            assertEquals(1, db.history("i").size());
            assertEquals(49_000, db.getInt("i"));
            assertEquals(5, db.size());
            assertEquals(5, db.stats().entries());
        }
        try (Database db = open(dir, EngineHooks.NONE)) {
            assertEquals(List.of("big", "f", "i", "t", "v"), db.keys());
            assertEquals(5, db.stats().entries());
        }
    }

    /** A crash at every compaction step leaves a database that opens with all committed data. */
    @Test
    void crashAtEveryCompactionStepOpens() throws IOException {
        Path dir = tmp.resolve("db");
        Map<CompactionStep, Path> images = new EnumMap<>(CompactionStep.class);
        EngineHooks hooks = new EngineHooks(EngineHooks.NONE.opener(), step -> images.put(step, snapshot(dir, step)), true);
        Map<String, List<Atom>> before;
        Map<String, List<Atom>> after;
        try (Database db = open(dir, hooks)) {
            workload(db);
            before = state(db, KEYS);
            db.compact(HistoryRetention.lastN(1));
            after = state(db, KEYS);
        }
        assertEquals(CompactionStep.values().length, images.size());
        for (Map.Entry<CompactionStep, Path> e : images.entrySet()) {
            boolean committed = e.getKey().compareTo(CompactionStep.RENAMED) >= 0;
            try (Database db = open(e.getValue(), EngineHooks.NONE)) {
                assertEquals(committed ? after : before, state(db, KEYS), "crash image at " + e.getKey());
                assertTrue(db.verify().ok());
            }
            assertFalse(Files.exists(e.getValue().resolve(LogFiles.LOG + ".compacting")), "leftover removed");
        }
    }

    private Path snapshot(Path dir, CompactionStep step) {
        Path image = tmp.resolve("image-" + step);
        try {
            Files.createDirectories(image);
            for (String name : List.of(LogFiles.LOG, LogFiles.LOG + ".compacting")) {
                if (Files.exists(dir.resolve(name))) {
                    Files.copy(dir.resolve(name), image.resolve(name));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return image;
    }

    /**
     * Readers running against a writer and repeated compactions only ever see committed values:
     * never older than what was acknowledged before the read, never newer than what was started.
     */
    @Test
    void readersSeeCommittedValuesDuringWritesAndCompaction() throws Exception {
        int keys = 8;
        int writes = 20_000;
        AtomicLongArray acked = new AtomicLongArray(keys);
        AtomicLongArray started = new AtomicLongArray(keys);
        AtomicReference<Throwable> error = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch writerDone = new CountDownLatch(1);
        try (Database db = open(tmp.resolve("db"), EngineHooks.NONE)) {
            for (int k = 0; k < keys; k++) {
                db.putInt("k" + k, 0);
            }
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    for (int i = 1; i <= writes; i++) {
                        int k = i % keys;
                        started.set(k, i);
                        if (i % 3 == 0) {
                            db.write(WriteBatch.create().putInt("k" + k, i).putInt("pair/" + k, i));
                        } else {
                            db.putInt("k" + k, i);
                        }
                        acked.set(k, i);
                        if (i % 4000 == 0) {
                            db.compact(i % 8000 == 0 ? HistoryRetention.lastN(3) : HistoryRetention.all());
                        }
                    }
                } catch (Throwable t) {
                    error.compareAndSet(null, t);
                } finally {
                    writerDone.countDown();
                }
            });
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                        while (writerDone.getCount() > 0) {
                            for (int k = 0; k < keys; k++) {
                                long low = acked.get(k);
                                long v = db.getInt("k" + k);
                                long high = started.get(k);
                                if (v < low || v > high) {
                                    throw new AssertionError("k" + k + " = " + v + " outside [" + low + ", " + high + "]");
                                }
                                db.history("k" + k);
                            }
                        }
                    } catch (Throwable t) {
                        error.compareAndSet(null, t);
                    }
                }));
            }
            go.countDown();
            assertTrue(writerDone.await(30, TimeUnit.SECONDS), "writer finished");
            writer.join();
            for (Thread t : readers) {
                t.join();
            }
            if (error.get() != null) {
                throw new AssertionError("concurrent access failed", error.get());
            }
            assertNull(error.get());
            assertTrue(db.verify().ok());
        }
    }

    /** Values of every key of {@code ks}, oldest first (deleted keys too: a delete is a NULL entry). */
    private static Map<String, List<Atom>> values(syna.api.KeySpace ks, List<String> keys) {
        Map<String, List<Atom>> m = new java.util.TreeMap<>();
        for (String k : keys) {
            List<Atom> h = ks.history(k).stream().map(HistoryEntry::value).collect(java.util.stream.Collectors.toList());
            if (!h.isEmpty()) {
                m.put(k, h);
            }
        }
        return m;
    }

    @Test
    void writesGoOnWhileACompactionCopiesAndItKeepsThemAll() throws Exception {
        Path dir = tmp.resolve("concurrent");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            keys.add("k" + i);
        }
        keys.addAll(List.of("series", "batch/a", "batch/b", "fresh"));
        AtomicReference<Runnable> atCopy = new AtomicReference<>(() -> {});
        EngineHooks hooks = new EngineHooks(java.nio.channels.FileChannel::open, step -> {
            if (step == CompactionStep.TEMP_CREATED) {
                atCopy.get().run();
            }
        }, true);
        Map<String, Object> dump;
        Map<String, List<Atom>> expected;
        try (LogDatabase db = (LogDatabase) open(dir, hooks)) {
            for (int i = 0; i < 20_000; i++) {
                db.putInt("k" + i, i);
                if (i % 3 == 0) {
                    db.putText("k" + i, "second " + i);
                }
            }
            db.putFloats("series", new double[] {1, 2, 3});
            db.namespace("ns").putText("a", "in ns");
            db.namespace("doomed").putInt("x", 1);
            expected = values(db, keys);
            // What the writer adds while the compaction copies; applied to the expectation as well.
            Runnable writes = () -> {
                for (int i = 0; i < 20_000; i += 7) {
                    db.putInt("k" + i, -i);
                }
                db.delete("k5");
                db.putFloats("series", new double[] {4, 5});
                db.write(WriteBatch.create().put("batch/a", Atom.of("A")).put("batch/b", Atom.of(2L)));
                db.putText("fresh", "new key");
                db.namespace("later").putText("b", "namespace made during the copy");
                db.namespace("ns").putText("a", "ns again");
                db.dropNamespace("doomed");
            };
            for (int i = 0; i < 20_000; i += 7) {
                expected.get("k" + i).add(Atom.of((long) -i));
            }
            expected.get("k5").add(Atom.ofNull());
            expected.get("series").addAll(List.of(Atom.of(4.0), Atom.of(5.0)));
            expected.put("batch/a", new ArrayList<>(List.of(Atom.of("A"))));
            expected.put("batch/b", new ArrayList<>(List.of(Atom.of(2L))));
            expected.put("fresh", new ArrayList<>(List.of(Atom.of("new key"))));
            AtomicReference<Throwable> failed = new AtomicReference<>();
            CountDownLatch wrote = new CountDownLatch(1);
            atCopy.set(() -> { // in the compacting thread, as the copy starts
                Thread writer = Thread.ofPlatform().start(() -> {
                    try {
                        writes.run();
                    } catch (Throwable t) {
                        failed.set(t);
                    }
                });
                try {
                    // Under a compaction that held the writer lock while it copied, this would wait in vain.
                    writer.join(TimeUnit.SECONDS.toMillis(60));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                assertFalse(writer.isAlive(), "writes waited for the compaction's copy");
                wrote.countDown();
            });
            CompactionResult r = db.compact(HistoryRetention.all());
            atCopy.set(() -> {});
            assertEquals(0, wrote.getCount(), "the writes never ran during the copy");
            assertNull(failed.get());
            Map<String, List<Atom>> after = values(db, keys);
            assertEquals(expected, after);
            assertEquals("ns again", db.namespace("ns").getText("a"));
            assertEquals("namespace made during the copy", db.namespace("later").getText("b"));
            assertFalse(db.namespaces().contains("doomed"));
            assertTrue(r.bytesAfter() < r.bytesBefore() + 1_000_000);
            assertTrue(db.verify().ok(), () -> db.verify().toString());
            db.putText("after", "a write after the swap");
            dump = StateDump.of(db);
        }
        try (LogDatabase re = (LogDatabase) open(dir, EngineHooks.NONE)) { // from the closing checkpoint
            assertEquals(dump, StateDump.of(re));
        }
        Files.delete(dir.resolve(LogFiles.LOG + ".ckpt"));
        try (LogDatabase re = (LogDatabase) open(dir, EngineHooks.NONE)) { // the whole log scanned
            assertEquals(dump, StateDump.of(re));
            assertEquals(expected.keySet(), values(re, keys).keySet());
            assertTrue(re.verify().ok());
        }
    }

    @Test
    void aWriterRunningThroughoutACompactionLosesNothing() throws Exception {
        Path dir = tmp.resolve("busy");
        int keys = 50_000;
        Map<String, Object> dump;
        Map<String, Atom> last = new java.util.HashMap<>();
        try (LogDatabase db = (LogDatabase) open(dir, EngineHooks.NONE)) {
            for (int v = 0; v < 3; v++) {
                for (int i = 0; i < keys; i++) {
                    db.putText("k" + i, "v" + v + "-" + i);
                }
            }
            db.namespace("ns").putInt("n", 0);
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
            Map<String, Atom> acknowledged = new java.util.concurrent.ConcurrentHashMap<>();
            Thread writer = Thread.ofPlatform().start(() -> {
                java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
                byte[] blob = new byte[64 * 1024];
                try {
                    for (long n = 0; !stop.get() || n < 2_000; n++) {
                        String k = "k" + rnd.nextInt(keys + 1_000); // some keys are new
                        switch (rnd.nextInt(10)) {
                            case 0 -> {
                                if (db.delete(k)) {
                                    acknowledged.put(k, Atom.ofNull());
                                }
                            }
                            case 1 -> {
                                db.namespace("ns").putInt("n", n);
                                acknowledged.put("ns:n", Atom.of(n));
                            }
                            case 2 -> {
                                blob[0] = (byte) n; // large values make the tail grow past a round's threshold
                                db.putBytes(k, blob);
                                acknowledged.put(k, Atom.of(blob.clone()));
                            }
                            default -> {
                                db.putText(k, "w" + n);
                                acknowledged.put(k, Atom.of("w" + n));
                            }
                        }
                        writes.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failed.set(t);
                }
            });
            while (writes.get() < 1_000) {
                Thread.onSpinWait();
            }
            db.compact(HistoryRetention.lastN(1));
            long duringCompaction = writes.get();
            stop.set(true);
            writer.join();
            assertNull(failed.get());
            assertTrue(duringCompaction > 1_000, "the writer made no progress during the compaction");
            for (Map.Entry<String, Atom> e : acknowledged.entrySet()) {
                String k = e.getKey();
                Atom got = k.startsWith("ns:") ? db.namespace("ns").get(k.substring(3)).orElseThrow()
                        : db.get(k).orElse(Atom.ofNull());
                assertEquals(e.getValue(), got, k);
            }
            last.putAll(acknowledged);
            assertTrue(db.verify().ok(), () -> db.verify().toString());
            dump = StateDump.of(db);
        }
        try (LogDatabase re = (LogDatabase) open(dir, EngineHooks.NONE)) {
            assertEquals(dump, StateDump.of(re));
        }
        Files.delete(dir.resolve(LogFiles.LOG + ".ckpt"));
        try (LogDatabase re = (LogDatabase) open(dir, EngineHooks.NONE)) {
            assertEquals(dump, StateDump.of(re));
            for (Map.Entry<String, Atom> e : last.entrySet()) {
                if (!e.getKey().startsWith("ns:")) {
                    assertEquals(e.getValue(), re.get(e.getKey()).orElse(Atom.ofNull()), e.getKey());
                }
            }
        }
    }
}
