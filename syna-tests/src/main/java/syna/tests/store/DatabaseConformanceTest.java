package syna.tests.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Atom;
import syna.api.ClosedException;
import syna.api.Database;
import syna.api.DatabaseLockedException;
import syna.api.DatabaseOptions;
import syna.api.Durability;
import syna.api.HistoryEntry;
import syna.api.HistoryRetention;
import syna.api.InvalidArgumentException;
import syna.api.KeyNotFoundException;
import syna.api.SynaException;
import syna.api.TypeMismatchException;
import syna.api.VerifyReport;
import syna.api.WriteBatch;
import syna.api.spi.StorageEngineProvider;
import syna.tests.Seeded;

/**
 * The conformance suite every {@link StorageEngineProvider} passes: a test extends it and supplies
 * {@link #provider()}. It checks the {@link Database} contract: typed values and type errors, history oldest
 * first (numeric history as primitive arrays and off-heap), deletes as tombstones, keys by prefix and glob,
 * atomic batches, durability across a reopen, compaction with a retention, verify, the file lock, typed errors
 * for bad input, use after close, and readers during writes. Randomness is seeded ({@code -Dsyna.tests.seed}).
 */
@Seeded
public abstract class DatabaseConformanceTest {

    /** The engine under test. */
    protected abstract StorageEngineProvider provider();

    /** Options for the database in {@code dir} (the engine named; subclasses may set more). */
    protected DatabaseOptions.Builder options(Path dir) {
        return DatabaseOptions.builder(dir).engine(provider().name()).durability(Durability.NONE);
    }

    private Database open(Path dir) {
        return provider().open(options(dir).build());
    }

    @Test
    void typedValuesRoundTripAndWrongTypesAreTyped(@TempDir Path dir) {
        try (Database db = open(dir)) {
            db.putFloat("f", 2.5);
            db.putInt("i", -7);
            db.putText("t", "héllo ∑");
            db.putBytes("b", new byte[] {1, 2, 3});
            db.putVector("v", new float[] {0.5f, -1f});
            assertEquals(2.5, db.getFloat("f"));
            assertEquals(-7, db.getInt("i"));
            assertEquals("héllo ∑", db.getText("t"));
            assertArrayEquals(new byte[] {1, 2, 3}, db.getBytes("b"));
            assertArrayEquals(new float[] {0.5f, -1f}, db.getVector("v"));
            assertEquals(Optional.of(Atom.of(-7L)), db.get("i"));
            assertTrue(db.exists("t"));
            assertFalse(db.exists("absent"));
            assertEquals(Optional.empty(), db.get("absent"));
            assertThrows(TypeMismatchException.class, () -> db.getInt("f"));
            assertThrows(TypeMismatchException.class, () -> db.getText("v"));
            assertThrows(KeyNotFoundException.class, () -> db.getFloat("absent"));
            byte[] b = db.getBytes("b");
            b[0] = 9;
            assertArrayEquals(new byte[] {1, 2, 3}, db.getBytes("b"), "reads return copies");
            assertEquals(5, db.size());
        }
    }

    @Test
    void historyKeepsEveryValueOldestFirst(@TempDir Path dir) {
        try (Database db = open(dir)) {
            for (int i = 0; i < 5; i++) {
                db.putFloat("s", i);
            }
            db.delete("s");
            db.putFloats("s", new double[] {10, 11});
            List<HistoryEntry> h = db.history("s");
            assertEquals(8, h.size());
            assertEquals(Atom.of(0.0), h.getFirst().value());
            assertEquals(Atom.ofNull(), h.get(5).value(), "the delete is in the history");
            for (int i = 1; i < h.size(); i++) {
                assertTrue(h.get(i - 1).timestampMicros() <= h.get(i).timestampMicros(), "oldest first");
            }
            assertArrayEquals(new double[] {0, 1, 2, 3, 4, 10, 11}, db.historyAsDoubles("s"), "deletes skipped");
            assertEquals(7, db.historyTimestamps("s").length);
            db.putInts("n", new long[] {3, 4, 5});
            assertArrayEquals(new long[] {3, 4, 5}, db.historyAsLongs("n"));
            assertArrayEquals(new double[] {3, 4, 5}, db.historyAsDoubles("n"), "int64 widened");
            assertThrows(TypeMismatchException.class, () -> db.historyAsLongs("s"));
            db.putText("txt", "x");
            assertThrows(TypeMismatchException.class, () -> db.historyAsDoubles("txt"));
            assertThrows(KeyNotFoundException.class, () -> db.historyAsDoubles("absent"));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment seg = db.historyAsSegment("s", arena);
                assertEquals(7 * 8, seg.byteSize());
                assertEquals(10.0, seg.getAtIndex(ValueLayout.JAVA_DOUBLE, 5));
            }
        }
    }

    @Test
    void deletesAreTombstonesAndKeysAreSortedByPrefixAndGlob(@TempDir Path dir) {
        try (Database db = open(dir)) {
            for (String k : List.of("b/2", "a/1", "b/10", "c", "b/1")) {
                db.putInt(k, 1);
            }
            assertTrue(db.delete("c"));
            assertFalse(db.delete("c"));
            assertFalse(db.delete("never"));
            assertFalse(db.exists("c"));
            assertEquals(List.of("a/1", "b/1", "b/10", "b/2"), db.keys());
            assertEquals(List.of("b/1", "b/10", "b/2"), db.keys("b/"));
            assertEquals(List.of("b/1", "b/2"), db.keysMatching("b/?"));
            assertEquals(List.of("a/1", "b/1", "b/10"), db.keysMatching("*1*"));
            assertEquals(4, db.size());
        }
    }

    @Test
    void aBatchIsAppliedAsAWholeAndSurvivesAReopen(@TempDir Path dir) {
        try (Database db = open(dir)) {
            db.putText("gone", "soon");
            db.write(WriteBatch.create().putFloat("x", 1).putText("y", "two").putVector("z", new float[] {3})
                    .delete("gone"));
            assertEquals(1.0, db.getFloat("x"));
            assertFalse(db.exists("gone"));
            assertThrows(InvalidArgumentException.class,
                    () -> db.write(WriteBatch.create().putInt("ok", 1).put("", Atom.of(1L))), "a batch with a bad key");
            assertFalse(db.exists("ok"), "a rejected batch writes nothing");
            db.sync();
        }
        try (Database db = open(dir)) {
            assertEquals("two", db.getText("y"));
            assertArrayEquals(new float[] {3}, db.getVector("z"));
            assertFalse(db.exists("gone"));
            assertEquals(2, db.history("gone").size());
        }
    }

    @Test
    void everythingSurvivesACloseAndReopen(@TempDir Path dir, SplittableRandom r) {
        List<String> keys = new ArrayList<>();
        try (Database db = open(dir)) {
            for (int i = 0; i < 500; i++) {
                String k = "k" + r.nextInt(100);
                keys.add(k);
                db.putInt(k, i);
            }
        }
        try (Database db = open(dir)) {
            for (int i = keys.size() - 1, seen = 0; i >= 0 && seen < 100; i--) {
                String k = keys.get(i);
                assertEquals(keys.lastIndexOf(k), db.getInt(k), k);
                seen++;
            }
            long writes = keys.stream().filter("k7"::equals).count();
            assertEquals(writes, db.history("k7").size());
            VerifyReport report = db.verify();
            assertTrue(report.ok(), report.problems().toString());
        }
    }

    @Test
    void compactionKeepsTheLatestValuesAndTheRetention(@TempDir Path dir) {
        try (Database db = open(dir)) {
            for (int i = 0; i < 50; i++) {
                db.putFloat("a", i);
                db.putFloat("b", -i);
            }
            db.delete("b");
            db.putText("c", "kept");
            db.compact(HistoryRetention.lastN(3));
            assertEquals(49.0, db.getFloat("a"));
            assertTrue(db.history("a").size() <= 3, "history cut to the retention: " + db.history("a").size());
            assertFalse(db.exists("b"));
            assertEquals("kept", db.getText("c"));
            assertTrue(db.verify().ok());
        }
        try (Database db = open(dir)) {
            assertEquals(49.0, db.getFloat("a"));
            assertEquals("kept", db.getText("c"));
        }
    }

    @Test
    void pagesOfKeysAreTheSortedListingInSlices(@TempDir Path dir) {
        try (Database db = open(dir)) {
            for (int i = 0; i < 500; i++) {
                db.putInt((i % 3 == 0 ? "a/" : "b/") + Integer.toHexString(i * 7919), i);
            }
            db.delete("a/0");
            db.namespace("other").putInt("a/zz", 1);
        }
        for (int round = 0; round < 2; round++) {
            // Round 0 pages a freshly opened database (before any full listing), round 1 after one.
            try (Database db = open(dir)) {
                if (round == 1) {
                    db.keys();
                }
                for (String prefix : java.util.List.of("", "a/", "b/", "c/")) {
                    java.util.List<String> paged = new java.util.ArrayList<>();
                    String after = null;
                    while (true) {
                        java.util.List<String> page = db.keys(prefix, after, 37);
                        assertTrue(page.size() <= 37);
                        paged.addAll(page);
                        if (page.size() < 37) {
                            break;
                        }
                        after = page.getLast();
                    }
                    assertEquals(db.keys(prefix), paged, "pages of '" + prefix + "' in round " + round);
                }
                assertEquals(db.keys("b/").subList(0, 1), db.keys("b/", "b/", 1));
                assertEquals(db.keys("b/").subList(1, 3), db.keys("b/", db.keys("b/").getFirst(), 2));
                assertEquals(java.util.List.of(), db.keys("a/", "a/~", 5), "nothing sorts after the last");
                assertFalse(db.keys("", null, 1000).contains("a/0"), "a deleted key is not listed");
                assertThrows(InvalidArgumentException.class, () -> db.keys("", null, 0));
                assertThrows(InvalidArgumentException.class, () -> db.keys(null, null, 5));
                assertEquals(java.util.List.of("a/zz"), db.namespace("other").keys("a/", null, 5));
            }
        }
    }

    /** Progress updates as a listener saw them: phase, done, total. */
    private record Update(String phase, long done, long total) {}

    @Test
    void verifyAndCompactReportProgressAndAThrowingListenerCancelsTheCompaction(@TempDir Path dir) {
        try (Database db = open(dir)) {
            for (int i = 0; i < 2_000; i++) {
                db.putInt("k" + (i % 300), i);
            }
            java.util.List<Update> seen = new java.util.ArrayList<>();
            syna.api.VerifyReport report = db.verify((phase, done, total) -> seen.add(new Update(phase, done, total)));
            assertTrue(report.ok());
            assertProgress(seen);
            seen.clear();
            syna.api.CompactionResult r = db.compact(HistoryRetention.lastN(2),
                    (phase, done, total) -> seen.add(new Update(phase, done, total)));
            assertProgress(seen);
            assertEquals(r.entriesBefore(), seen.getLast().total(), "a compaction counts the entries before: " + seen);
            for (int i = 0; i < 300; i++) {
                db.putInt("k" + i, -i);
            }
            long entries = db.stats().entries();
            RuntimeException stop = new IllegalStateException("stop");
            RuntimeException thrown = assertThrows(RuntimeException.class, () -> db.compact(HistoryRetention.lastN(1),
                    (phase, done, total) -> {
                        if (done > 0 || total == 0) {
                            throw stop;
                        }
                    }));
            assertSame(stop, thrown, "the listener's exception comes out of the call");
            assertEquals(entries, db.stats().entries(), "a cancelled compaction changes nothing");
            assertEquals(-7, db.getInt("k7"));
            assertTrue(db.verify().ok());
            db.putInt("after", 1);
            assertThrows(InvalidArgumentException.class, () -> db.verify(null));
            assertThrows(InvalidArgumentException.class, () -> db.compact(HistoryRetention.all(), null));
        }
        try (Database db = open(dir)) {
            assertEquals(-7, db.getInt("k7"));
            assertEquals(1, db.getInt("after"));
        }
    }

    /** Starts at 0, never goes back, keeps its total, and ends with done == total. */
    private static void assertProgress(java.util.List<Update> seen) {
        assertFalse(seen.isEmpty(), "no progress at all");
        assertEquals(0, seen.getFirst().done(), seen.toString());
        Update last = seen.getLast();
        assertEquals(last.total(), last.done(), "ends complete: " + seen);
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i).done() >= seen.get(i - 1).done(), "never goes back: " + seen);
            assertEquals(seen.get(i - 1).total(), seen.get(i).total(), "one total per phase: " + seen);
            assertFalse(seen.get(i).phase().isBlank());
        }
    }

    @Test
    void badInputIsATypedError(@TempDir Path dir) {
        try (Database db = open(dir)) {
            assertThrows(SynaException.class, () -> db.putInt(null, 1));
            assertThrows(InvalidArgumentException.class, () -> db.putInt("", 1));
            assertThrows(InvalidArgumentException.class, () -> db.putInt("bad\uDC00", 1), "unpaired surrogate");
            assertThrows(InvalidArgumentException.class, () -> db.putInt("k".repeat(DatabaseOptions.MAX_KEY_BYTES + 1), 1));
            assertThrows(SynaException.class, () -> db.put("k", null));
            assertThrows(SynaException.class, () -> db.write(null));
            assertThrows(SynaException.class, () -> db.get(null));
            assertEquals(0, db.size(), "nothing was written");
        }
        try (Database db = provider().open(options(dir).maxValueBytes(16).build())) {
            assertThrows(InvalidArgumentException.class, () -> db.putBytes("big", new byte[17]));
            assertFalse(db.exists("big"));
        }
    }

    /**
     * {@link syna.api.KeySpace#viewBytes}: the value's bytes, read-only, with their CRC32C, for values of
     * every size (on the heap, mapped, larger than a map piece) and across a reopen; typed errors as
     * for {@code getBytes}; a view keeps the value it was taken of.
     */
    @Test
    void viewedBytesAreTheValueReadOnlyWithTheirCrc(@TempDir Path dir, SplittableRandom r) {
        int[] sizes = {0, 3, 100, 5000, 70_000, 2_500_000};
        byte[][] values = new byte[sizes.length][];
        try (Database db = open(dir)) {
            for (int i = 0; i < sizes.length; i++) {
                values[i] = new byte[sizes[i]];
                r.nextBytes(values[i]);
                db.putBytes("v" + i, values[i]);
                assertView(values[i], db.viewBytes("v" + i)); // read back at once: maybe not yet in the file
            }
            syna.api.BytesView before = db.viewBytes("v5");
            db.putBytes("v5", new byte[] {9});
            assertView(values[5], before);
            assertView(new byte[] {9}, db.viewBytes("v5"));
            values[5] = new byte[] {9};
            db.putInt("n", 1);
            assertThrows(TypeMismatchException.class, () -> db.viewBytes("n"));
            assertThrows(KeyNotFoundException.class, () -> db.viewBytes("absent"));
            assertThrows(InvalidArgumentException.class, () -> db.viewBytes(""));
            db.delete("v1");
            assertThrows(KeyNotFoundException.class, () -> db.viewBytes("v1"));
        }
        try (Database db = open(dir)) {
            for (int i = 0; i < sizes.length; i++) {
                if (i != 1) {
                    assertView(values[i], db.viewBytes("v" + i));
                }
            }
        }
    }

    private static void assertView(byte[] expected, syna.api.BytesView v) {
        assertArrayEquals(expected, v.bytes().toArray(ValueLayout.JAVA_BYTE));
        assertEquals(syna.api.spi.format.Checksums.crc32c(expected, 0, expected.length), v.crc32c());
        assertTrue(v.bytes().isReadOnly());
    }

    @Test
    void closeIsIdempotentUseAfterCloseIsTypedAndASecondOpenIsLocked(@TempDir Path dir) {
        Database db = open(dir);
        db.putInt("a", 1);
        assertThrows(DatabaseLockedException.class, () -> open(dir).close(), "the database is open");
        db.close();
        db.close();
        assertThrows(ClosedException.class, () -> db.getInt("a"));
        assertThrows(ClosedException.class, () -> db.putInt("b", 2));
        try (Database again = open(dir)) {
            assertEquals(1, again.getInt("a"));
        }
    }

    @Test
    void readersNeverSeeAHalfWrittenValue(@TempDir Path dir) throws InterruptedException {
        try (Database db = open(dir)) {
            db.putBytes("v", new byte[64]);
            AtomicBoolean done = new AtomicBoolean();
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    while (!done.get()) {
                        byte[] b = db.getBytes("v");
                        for (byte x : b) {
                            if (x != b[0]) {
                                throw new AssertionError("a value mixes two writes: " + java.util.Arrays.toString(b));
                            }
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            for (int i = 0; i < 2000; i++) {
                byte[] b = new byte[64];
                java.util.Arrays.fill(b, (byte) i);
                db.putBytes("v", b);
            }
            done.set(true);
            reader.join();
            assertTrue(errors.isEmpty(), () -> "reader saw: " + errors.peek());
            assertEquals(2001, db.history("v").size());
        }
    }
}
