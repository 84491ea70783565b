package syna.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Atom;
import syna.api.Database;
import syna.api.Syna;

/**
 * Opens logs written by format versions 1 and 2 (each generated once, never edited: a format never
 * changes under an existing name and version; version 2 by {@link GoldenLogV2}), and checkpoint
 * formats 1 ({@link GoldenCheckpointV1}: a small one after a crash, and one over the reader's
 * window) and 2 ({@link GoldenCheckpointV2}) over a format-2 log. A new format version adds its own golden
 * file beside them.
 */
class GoldenFormatTest {
    @Test
    void formatVersion2StillOpensAndReadsBack(@TempDir Path dir) throws IOException {
        try (InputStream in = GoldenFormatTest.class.getResourceAsStream("/golden/log-v2/data.log")) {
            Files.copy(in, dir.resolve("data.log"));
        }
        try (Database db = Syna.open(dir)) {
            assertTrue(db.verify().ok(), () -> db.verify().problems().toString());
            assertEquals(2, db.stats().formatVersion());
            assertEquals(List.of("batch/u", "sensor", "u"), db.keys());
            assertEquals("user key", db.getText("u"));
            assertEquals(List.of("gone", "mlops.registry"), db.namespaces());
            var reg = db.namespace("mlops.registry");
            assertEquals("namespace key", reg.getText("u"));
            assertEquals(1, reg.getInt("n"));
            assertEquals("both", reg.getText("batch/n"));
            assertArrayEquals(new long[] {-1, 0, 1}, reg.historyAsLongs("ints"));
            assertArrayEquals(new long[] {5, 6, 7}, reg.historyTimestamps("ints"));
            assertEquals(List.of("y"), db.namespace("gone").keys(), "the dropped namespace's x is gone");
            long[] t = db.historyTimestamps("sensor");
            double[] v = db.historyAsDoubles("sensor");
            assertEquals(100, v.length);
            for (int i = 0; i < 100; i++) {
                assertEquals(1_700_000_000_000_000L + i * 1_000_000L, t[i]);
                assertEquals(Math.round(2000 + 500 * Math.sin(i / 10.0)) / 100.0, v[i]);
            }
            assertArrayEquals(new double[] {v[10], v[11]}, db.historyAsDoubles("sensor",
                    syna.api.HistoryQuery.between(t[10], t[12])));
        }
    }

    /**
     * Checkpoint formats 1 and 2 over a format-2 log, left as a crash leaves it: the open loads the
     * checkpoint, scans the records after its end, and serves exactly what a full scan serves.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"log-v2-checkpoint", "log-v2-checkpoint-v2"})
    void checkpointFormatsStillLoad(String golden, @TempDir Path dir) throws IOException {
        Path scan = dir.resolve("scan");
        Path ckpt = dir.resolve("ckpt");
        for (Path d : List.of(scan, ckpt)) {
            Files.createDirectories(d);
            try (InputStream in = GoldenFormatTest.class.getResourceAsStream("/golden/" + golden + "/data.log")) {
                Files.copy(in, d.resolve("data.log"));
            }
        }
        try (InputStream in = GoldenFormatTest.class.getResourceAsStream("/golden/" + golden + "/data.log.ckpt")) {
            Files.copy(in, ckpt.resolve("data.log.ckpt"));
        }
        java.util.Map<String, Object> scanned;
        try (LogDatabase db = LogDatabase.open(syna.api.DatabaseOptions.builder(scan).build(), EngineHooks.NONE)) {
            scanned = StateDump.of(db);
        }
        long size = Files.size(ckpt.resolve("data.log"));
        try (LogDatabase db = LogDatabase.open(syna.api.DatabaseOptions.builder(ckpt).build(), EngineHooks.NONE)) {
            long end = db.openedFromCheckpoint();
            assertTrue(end > 128 && end < size, "opened from the checkpoint, end " + end + " of " + size);
            assertEquals(scanned, StateDump.of(db));
            assertEquals("after the checkpoint", db.getText("u"));
            assertEquals("L".repeat(5000), db.getText("long"));
            assertArrayEquals(new byte[] {1, 2, 3}, db.getBytes("b"));
            assertArrayEquals(new float[] {1f, -2.5f}, db.getVector("v"));
            assertFalse(db.exists("d"));
            assertEquals(2, db.history("d").size());
            assertEquals(List.of("mlops.registry"), db.namespaces(), "gone and dropped-later were dropped");
            var reg = db.namespace("mlops.registry");
            assertEquals("namespace key", reg.getText("u"));
            assertEquals("both", reg.getText("batch/n"));
            assertArrayEquals(new long[] {-1, 0, 1}, reg.historyAsLongs("ints"));
            assertEquals(1, db.getInt("batch/u"));
            double[] v = db.historyAsDoubles("sensor");
            assertEquals(101, v.length);
            assertEquals(99.5, v[100]);
            assertEquals(Math.round(2000 + 500 * Math.sin(0.5)) / 100.0, v[5]);
        }
    }

    /**
     * A format-1 checkpoint of 1.3 MB, more than the reader's window: keys that straddle a refill
     * of the window load whole, and the open serves what a full scan serves.
     */
    @Test
    void largeCheckpointVersion1Loads(@TempDir Path dir) throws IOException {
        Path scan = dir.resolve("scan");
        Path ckpt = dir.resolve("ckpt");
        for (Path d : List.of(scan, ckpt)) {
            Files.createDirectories(d);
            try (InputStream in = GoldenFormatTest.class.getResourceAsStream("/golden/log-v2-checkpoint-large/data.log")) {
                Files.copy(in, d.resolve("data.log"));
            }
        }
        try (InputStream in = GoldenFormatTest.class.getResourceAsStream(
                "/golden/log-v2-checkpoint-large/data.log.ckpt")) {
            Files.copy(in, ckpt.resolve("data.log.ckpt"));
        }
        assertTrue(Files.size(ckpt.resolve("data.log.ckpt")) > 1 << 20);
        java.util.Map<String, Object> scanned;
        try (LogDatabase db = LogDatabase.open(syna.api.DatabaseOptions.builder(scan).build(), EngineHooks.NONE)) {
            scanned = StateDump.of(db);
        }
        try (LogDatabase db = LogDatabase.open(syna.api.DatabaseOptions.builder(ckpt).build(), EngineHooks.NONE)) {
            assertEquals(Files.size(ckpt.resolve("data.log")), db.openedFromCheckpoint());
            assertEquals(scanned, StateDump.of(db));
            assertEquals(3001, db.keys().size());
            for (int i = 0; i < 3000; i++) {
                String key = String.format("%05d", i) + "k".repeat(395);
                if (i % 10 == 0) {
                    assertEquals(i / 2.0, db.getFloat(key), key);
                    assertEquals(3, db.history(key).size());
                } else {
                    assertEquals(i, db.getInt(key), key);
                }
            }
            assertEquals(1999, db.getInt("many"));
            assertEquals(2000, db.history("many").size());
        }
    }

    @Test
    void formatVersion1StillOpensAndReadsBack(@TempDir Path dir) throws IOException {
        try (InputStream in = GoldenFormatTest.class.getResourceAsStream("/golden/log-v1/data.log")) {
            Files.copy(in, dir.resolve("data.log"));
        }
        try (Database db = Syna.open(dir)) {
            assertTrue(db.verify().ok(), () -> db.verify().problems().toString());
            assertEquals(List.of(Atom.of(1.5), Atom.of(Double.NaN)), db.history("f").stream().map(h -> h.value()).toList());
            assertEquals(42, db.getInt("i"));
            assertEquals("h\u00e9llo \uD83D\uDE00", db.getText("t"));
            assertArrayEquals(new byte[] {1, 2, 3}, db.getBytes("b"));
            assertArrayEquals(new float[] {1f, -2.5f}, db.getVector("v"));
            double[] s = db.historyAsDoubles("s");
            assertEquals(100, s.length);
            for (int k = 0; k < 100; k++) {
                assertEquals(20 + k / 100.0, s[k]);
            }
            assertArrayEquals(new long[] {5, 7, 9}, db.historyAsLongs("n"));
            assertFalse(db.exists("d"));
            assertEquals(2, db.history("d").size());
            assertEquals("x", db.getText("batch/a"));
            assertEquals(2, db.getInt("batch/b"));
        }
    }
}
