package syna.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Atom;
import syna.api.ClosedException;
import syna.api.Database;
import syna.api.DatabaseLockedException;
import syna.api.HistoryRetention;
import syna.api.DatabaseNotFoundException;
import syna.api.DatabaseOptions;
import syna.api.DatabaseStats;
import syna.api.Durability;
import syna.api.HistoryEntry;
import syna.api.HistoryQuery;
import syna.api.InvalidArgumentException;
import syna.api.KeyNotFoundException;
import syna.api.Syna;
import syna.api.TypeMismatchException;
import syna.api.UnsupportedFeatureException;
import syna.api.WriteBatch;

class LogDatabaseTest {
    @TempDir
    Path dir;

    private Database open() {
        return open(Durability.NONE);
    }

    private Database open(Durability durability) {
        return LogDatabase.open(DatabaseOptions.builder(dir).durability(durability).build(), EngineHooks.NONE);
    }

    @Test
    void putAndGetEveryType() {
        try (Database db = open()) {
            db.putFloat("f", 1.5);
            db.putInt("i", -42);
            db.putText("t", "héllo 🌍");
            db.putBytes("b", new byte[] {1, 2, 3});
            db.putVector("v", new float[] {0.5f, -1f, 3f});
            db.put("n", Atom.ofNull());
            assertEquals(1.5, db.getFloat("f"));
            assertEquals(-42, db.getInt("i"));
            assertEquals("héllo 🌍", db.getText("t"));
            assertArrayEquals(new byte[] {1, 2, 3}, db.getBytes("b"));
            assertArrayEquals(new float[] {0.5f, -1f, 3f}, db.getVector("v"));
            assertEquals(Optional.empty(), db.get("n"));
            assertEquals(Optional.of(Atom.of(7L)), Optional.of(Atom.of(7L)));
            assertEquals(List.of("b", "f", "i", "t", "v"), db.keys());
            assertEquals(5, db.size());
        }
    }

    @Test
    void valuesSurviveReopen() {
        byte[] big = new byte[100_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        try (Database db = open()) {
            db.putFloat("f", Double.NaN);
            db.putFloat("pinf", Double.POSITIVE_INFINITY);
            db.putFloat("ninf", Double.NEGATIVE_INFINITY);
            db.putFloat("negzero", -0.0);
            db.putFloat("payload", Double.longBitsToDouble(0x7ff8_dead_beef_0001L));
            db.putInt("i", Long.MIN_VALUE);
            db.putText("t", "x".repeat(10_000));
            db.putBytes("big", big);
            db.putVector("v", new float[] {Float.NaN, 1f});
        }
        try (Database db = open()) {
            assertTrue(Double.isNaN(db.getFloat("f")));
            assertEquals(Double.POSITIVE_INFINITY, db.getFloat("pinf"));
            assertEquals(Double.NEGATIVE_INFINITY, db.getFloat("ninf"));
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(db.getFloat("negzero")));
            assertEquals(0x7ff8_dead_beef_0001L, Double.doubleToRawLongBits(db.getFloat("payload")));
            assertEquals(Long.MIN_VALUE, db.getInt("i"));
            assertEquals("x".repeat(10_000), db.getText("t"));
            assertArrayEquals(big, db.getBytes("big"));
            assertEquals(2, db.getVector("v").length);
        }
    }

    @Test
    void typeMismatchAndMissingKeyNameKeyAndTypes() {
        try (Database db = open()) {
            db.putInt("count", 3);
            TypeMismatchException e = assertThrows(TypeMismatchException.class, () -> db.getFloat("count"));
            assertTrue(e.getMessage().contains("'count'") && e.getMessage().contains("INT64")
                    && e.getMessage().contains("FLOAT64"), e.getMessage());
            KeyNotFoundException k = assertThrows(KeyNotFoundException.class, () -> db.getText("nope"));
            assertTrue(k.getMessage().contains("'nope'") && k.getMessage().contains("TEXT"), k.getMessage());
            assertThrows(KeyNotFoundException.class, () -> db.historyAsDoubles("nope"));
            assertEquals(List.of(), db.history("nope"));
        }
    }

    @Test
    void deletesKeepHistory() {
        try (Database db = open()) {
            db.putFloat("k", 1);
            db.putInt("k", 2);
            assertTrue(db.delete("k"));
            assertFalse(db.delete("k"));
            assertFalse(db.delete("never"));
            assertFalse(db.exists("k"));
            assertThrows(KeyNotFoundException.class, () -> db.getInt("k"));
            db.putFloat("k", 3);
            assertTrue(db.exists("k"));
        }
        try (Database db = open()) {
            List<HistoryEntry> h = db.history("k");
            assertEquals(List.of(Atom.of(1.0), Atom.of(2L), Atom.ofNull(), Atom.of(3.0)),
                    h.stream().map(HistoryEntry::value).toList());
            for (int i = 1; i < h.size(); i++) {
                assertTrue(h.get(i).timestampMicros() >= h.get(i - 1).timestampMicros());
            }
            assertArrayEquals(new double[] {1, 2, 3}, db.historyAsDoubles("k"));
            assertEquals(3, db.historyTimestamps("k").length);
            assertThrows(TypeMismatchException.class, () -> db.historyAsLongs("k"));
            assertEquals(1, db.size());
        }
    }

    @Test
    void textHistoryIsReadBack() {
        try (Database db = open()) {
            db.putText("t", "a");
            db.putText("t", "b".repeat(5000));
            db.putText("t", "c");
            assertThrows(TypeMismatchException.class, () -> db.historyAsDoubles("t"));
        }
        try (Database db = open()) {
            assertEquals(List.of(Atom.of("a"), Atom.of("b".repeat(5000)), Atom.of("c")),
                    db.history("t").stream().map(HistoryEntry::value).toList());
        }
    }

    @Test
    void noneBuffersUntilSyncAndServesBufferedHistory() throws java.io.IOException {
        Path log = dir.resolve(LogFiles.LOG);
        try (Database db = open(Durability.NONE)) {
            long empty = java.nio.file.Files.size(log);
            db.putText("t", "first");
            db.putText("t", "second");
            // the older entry is read from the log: the reader hands the buffer to the OS first
            assertEquals(List.of(Atom.of("first"), Atom.of("second")),
                    db.history("t").stream().map(HistoryEntry::value).toList());
            db.putInt("i", 1);
            db.sync();
            assertEquals(db.stats().fileBytes(), java.nio.file.Files.size(log));
            assertTrue(db.stats().fileBytes() > empty);
        }
    }

    @Test
    void largeValuesAreReadFromTheLog() {
        byte[] big = new byte[RecordFormat.CACHE_LIMIT * 3];
        big[7] = 7;
        try (Database db = open(Durability.NONE)) {
            db.putBytes("big", big);
            assertArrayEquals(big, db.getBytes("big"));
            float[] vec = new float[2000];
            vec[1999] = 1f;
            db.putVector("vec", vec);
            assertArrayEquals(vec, db.getVector("vec"));
            db.putVector("vec", new float[] {1});
            assertEquals(2000, ((Atom.Vector) db.history("vec").get(0).value()).dimension());
        }
    }

    @Test
    void serviceFileMatchesModuleDescriptor() throws java.io.IOException {
        Module m = LogStorageEngineProvider.class.getModule();
        assertTrue(m.isNamed(), "tests run on the module path");
        List<String> declared = m.getDescriptor().provides().stream()
                .filter(p -> p.service().equals("syna.api.spi.StorageEngineProvider"))
                .flatMap(p -> p.providers().stream())
                .toList();
        String services;
        try (var in = m.getResourceAsStream("META-INF/services/syna.api.spi.StorageEngineProvider")) {
            services = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        }
        assertEquals(List.of(LogStorageEngineProvider.class.getName()), declared);
        assertEquals(LogStorageEngineProvider.class.getName(), services);
        assertEquals("log", new LogStorageEngineProvider().name());
    }

    @Test
    void prefixAndGlob() {
        try (Database db = open()) {
            for (String k : List.of("sensor/1", "sensor/2", "sensor/10", "sensorx", "other/1", "a*b")) {
                db.putInt(k, 1);
            }
            db.delete("sensor/2");
            assertEquals(List.of("sensor/1", "sensor/10"), db.keys("sensor/"));
            assertEquals(List.of("sensor/1", "sensor/10"), db.keysMatching("sensor/*"));
            assertEquals(List.of("sensor/1"), db.keysMatching("sensor/?"));
            assertEquals(List.of("other/1", "sensor/1"), db.keysMatching("[os]*/1"));
            assertEquals(List.of("sensorx"), db.keysMatching("sensor[!/]*"));
            assertEquals(List.of("sensor/10"), db.keysMatching("sensor*0"));
            assertEquals(List.of("other/1", "sensor/1"), db.keysMatching("*[0-9]").subList(0, 2));
            assertEquals(List.of("a*b"), db.keysMatching("a\\*b"));
            assertThrows(InvalidArgumentException.class, () -> db.keysMatching("[abc"));
        }
    }

    @Test
    void batchesAndSeriesAreAtomicAndReopen() {
        try (Database db = open()) {
            db.write(WriteBatch.create().putInt("a", 1).putText("b", "two").delete("c").putFloat("a", 1.5));
            db.putFloats("s", new double[] {1.25, 2.5, Double.NaN});
            db.putInts("n", new long[] {5, -7, Long.MAX_VALUE});
            db.write(WriteBatch.create());
            db.putFloats("s", new double[0]);
        }
        try (Database db = open()) {
            assertEquals(1.5, db.getFloat("a"));
            assertEquals("two", db.getText("b"));
            assertFalse(db.exists("c"));
            double[] s = db.historyAsDoubles("s");
            assertEquals(3, s.length);
            assertEquals(2.5, s[1]);
            assertTrue(Double.isNaN(s[2]));
            assertArrayEquals(new long[] {5, -7, Long.MAX_VALUE}, db.historyAsLongs("n"));
            assertEquals(Long.MAX_VALUE, db.getInt("n"));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment seg = db.historyAsSegment("s", arena);
                assertEquals(3 * 8, seg.byteSize());
                assertEquals(1.25, seg.getAtIndex(ValueLayout.JAVA_DOUBLE, 0));
            }
        }
    }

    @Test
    void historySegmentsMatchTheDoublesOfEveryShapeOfHistory() {
        try (Database db = Syna.open(dir)) {
            db.putFloats("f", new double[] {1.5, Double.NaN, -0.0, Double.NEGATIVE_INFINITY, 7}); // all float64: bulk copy
            db.putFloats("m", new double[] {2.5, 3.5});
            db.putInt("m", 9); // mixed: int64 widened
            db.delete("m"); // a delete is skipped
            db.putFloat("m", 4.5);
            for (String key : List.of("f", "m")) {
                double[] want = db.historyAsDoubles(key);
                try (Arena arena = Arena.ofConfined()) {
                    double[] got = db.historyAsSegment(key, arena).toArray(ValueLayout.JAVA_DOUBLE);
                    assertEquals(want.length, got.length, key);
                    for (int i = 0; i < want.length; i++) {
                        assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]), key + " " + i);
                    }
                    double[] last = db.historyAsSegment(key, HistoryQuery.last(2), arena).toArray(ValueLayout.JAVA_DOUBLE);
                    assertEquals(Double.doubleToRawLongBits(want[want.length - 1]), Double.doubleToRawLongBits(last[1]), key);
                }
            }
            assertEquals(List.of(2.5, 3.5, 9.0, 4.5), java.util.Arrays.stream(db.historyAsDoubles("m")).boxed().toList());
        }
    }

    @Test
    void millionPointFloatHistory() {
        int n = 1_000_000;
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = Math.sin(i * 0.001) * 100;
        }
        try (Database db = open()) {
            db.putFloats("series", values);
        }
        try (Database db = open()) {
            assertArrayEquals(values, db.historyAsDoubles("series"));
            assertEquals(n, db.historyTimestamps("series").length);
            assertEquals(values[n - 1], db.getFloat("series"));
        }
    }

    @Test
    void rejectsBadInput() {
        try (Database db = LogDatabase.open(DatabaseOptions.builder(dir).durability(Durability.NONE)
                .maxValueBytes(1000).build(), EngineHooks.NONE)) {
            assertThrows(InvalidArgumentException.class, () -> db.putInt("", 1));
            assertThrows(InvalidArgumentException.class, () -> db.putInt(null, 1));
            assertThrows(InvalidArgumentException.class, () -> db.putInt("k".repeat(DatabaseOptions.MAX_KEY_BYTES + 1), 1));
            db.putInt("é".repeat(DatabaseOptions.MAX_KEY_BYTES / 2), 1); // 65534 bytes: fits
            assertThrows(InvalidArgumentException.class, () -> db.putInt("é".repeat(DatabaseOptions.MAX_KEY_BYTES / 2 + 1), 1));
            InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> db.putInt("bad\uD800key", 1));
            assertTrue(e.getMessage().contains("surrogate"), e.getMessage());
            assertThrows(InvalidArgumentException.class, () -> db.putText("k", "x\uDC00"));
            assertThrows(InvalidArgumentException.class,
                    () -> db.write(WriteBatch.create().putInt("ok", 1).putText("k", "\uD83D")));
            assertFalse(db.exists("ok"));
            db.putText("pair", "\uD83D\uDE00");
            InvalidArgumentException big = assertThrows(InvalidArgumentException.class, () -> db.putBytes("k", new byte[1001]));
            assertTrue(big.getMessage().contains("1001") && big.getMessage().contains("1000"), big.getMessage());
            db.putBytes("k", new byte[1000]);
            assertThrows(InvalidArgumentException.class, () -> db.getInt(""));
        }
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseThrows() {
        Database db = open();
        db.putInt("k", 1);
        db.close();
        db.close();
        assertThrows(ClosedException.class, () -> db.getInt("k"));
        assertThrows(ClosedException.class, () -> db.putInt("k", 2));
        assertThrows(ClosedException.class, db::keys);
        assertThrows(ClosedException.class, db::stats);
    }

    @Test
    void secondOpenIsLocked() {
        try (Database db = open()) {
            db.putInt("k", 1);
            DatabaseLockedException e = assertThrows(DatabaseLockedException.class, this::open);
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        }
        try (Database db = open()) {
            assertEquals(1, db.getInt("k"));
        }
    }

    @Test
    void prefixListingsStaySortedAndCompleteAsKeysArriveAndAfterCompaction() {
        try (Database db = open()) {
            db.putInt("b/2", 2);
            db.putInt("a/1", 1);
            assertEquals(List.of("a/1", "b/2"), db.keys()); // first listing builds the sorted view
            db.putInt("b/1", 1); // later keys enter it
            db.putInt("c", 3);
            db.delete("a/1");
            assertEquals(List.of("b/1", "b/2"), db.keys("b/"));
            assertEquals(List.of("b/1", "b/2", "c"), db.keys());
            assertEquals(List.of("b/1"), db.keysMatching("*/1"));
            assertEquals(List.of("b/1", "b/2"), db.keysMatching("b/?"));
            db.compact(HistoryRetention.lastN(1));
            db.putInt("a/0", 0);
            assertEquals(List.of("a/0", "b/1", "b/2", "c"), db.keys());
            assertEquals(List.of(), db.keys("zz"));
        }
    }

    @Test
    void readOnlySnapshotsOpenBesideAWriter() {
        try (Database writer = Syna.builder(dir).durability(Durability.GROUP).open()) {
            writer.putInt("k", 1);
            try (Database reader = LogDatabase.open(DatabaseOptions.builder(dir).readOnly(true).build(), EngineHooks.NONE)) {
                assertEquals(1, reader.getInt("k"));
                writer.putInt("k", 2); // the reader keeps its snapshot
                assertEquals(1, reader.getInt("k"));
                assertThrows(UnsupportedFeatureException.class, () -> reader.putInt("k", 3));
            }
            assertEquals(2, writer.getInt("k"));
        }
    }

    @Test
    void missingDatabaseAndReadOnly() {
        Path missing = dir.resolve("missing");
        assertThrows(DatabaseNotFoundException.class, () -> LogDatabase.open(
                DatabaseOptions.builder(missing).createIfMissing(false).build(), EngineHooks.NONE));
        try (Database db = open()) {
            db.putInt("k", 1);
        }
        try (Database db = LogDatabase.open(DatabaseOptions.builder(dir).readOnly(true).build(), EngineHooks.NONE)) {
            assertEquals(1, db.getInt("k"));
            assertThrows(UnsupportedFeatureException.class, () -> db.putInt("k", 2));
        }
    }

    @Test
    void statsAndProviderLookup() {
        try (Database db = Syna.builder(dir).durability(Durability.ALWAYS).open()) {
            assertEquals(LogDatabase.class, db.getClass());
            db.putInt("a", 1);
            db.putInt("a", 2);
            db.putInt("b", 1);
            db.delete("b");
            DatabaseStats s = db.stats();
            assertEquals(1, s.liveKeys());
            assertEquals(2, s.totalKeys());
            assertEquals(4, s.entries());
            assertNotEquals(0, s.fileBytes());
            assertEquals("log", s.engine());
            assertEquals(Durability.ALWAYS, s.durability());
            assertTrue(db.verify().ok(), db.verify().toString());
        }
    }
}
