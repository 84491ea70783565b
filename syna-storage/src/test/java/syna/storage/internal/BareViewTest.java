package syna.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Atom;
import syna.api.HistoryRetention;
import syna.api.WriteBatch;

/**
 * Keys written once are held by the index as bare views, with no history object, on every path
 * that makes an index (writes, checkpoint load, full scan, compaction), and a later write to such a
 * key appends to its history as before.
 */
class BareViewTest {
    @TempDir
    Path tmp;

    private static LogDatabase open(Path dir) {
        return LogDatabase.open(syna.api.DatabaseOptions.builder(dir).durability(syna.api.Durability.NONE).build(),
                EngineHooks.NONE);
    }

    private static KeyIndex users(LogDatabase db) {
        return db.generation().spaces().user.index;
    }

    @Test
    void keysWrittenOnceAreBareViewsAfterEveryWayOfMakingTheIndex() throws Exception {
        Path dir = tmp.resolve("db");
        try (LogDatabase db = open(dir)) {
            db.putText("text", "hello");
            db.putInt("int", 42);
            db.putBytes("bytes", new byte[] {1, 2, 3});
            db.write(WriteBatch.create().putText("batch-a", "a").putFloat("batch-b", 2.5).putText("twice", "1")
                    .putText("twice", "2"));
            db.putFloats("series1", new double[] {1.0});
            db.putFloats("series", new double[] {1, 2, 3});
            db.putText("rewritten", "old");
            db.putText("rewritten", "new");
            db.putText("gone", "x");
            db.delete("gone"); // two entries: stays a history
            assertTrue(users(db).isBareView("text") && users(db).isBareView("int") && users(db).isBareView("bytes")
                    && users(db).isBareView("batch-a") && users(db).isBareView("batch-b")
                    && users(db).isBareView("series1"), "written once: bare views");
            assertFalse(users(db).isBareView("twice") || users(db).isBareView("series")
                    || users(db).isBareView("rewritten") || users(db).isBareView("gone"), "written more: histories");
            assertEquals("hello", db.getText("text"));
        }
        try (LogDatabase db = open(dir)) {
            assertTrue(db.openedFromCheckpoint() > 0);
            checkAllBare(db, "after a checkpoint load");
        }
        Files.delete(dir.resolve("data.log.ckpt"));
        try (LogDatabase db = open(dir)) {
            assertTrue(db.openedFromCheckpoint() < 0, "no checkpoint: a full scan");
            assertTrue(users(db).isBareView("text") && users(db).isBareView("batch-b"), "after a full scan");
            assertFalse(users(db).isBareView("series"), "a full scan keeps histories of several entries");
            db.compact(HistoryRetention.all());
            assertTrue(users(db).isBareView("text") && users(db).isBareView("int"), "after a compaction");
            db.compact(HistoryRetention.lastN(1));
            assertTrue(users(db).isBareView("rewritten") && users(db).isBareView("twice"),
                    "cut to one entry by a compaction");
            db.putText("text", "again");
            assertFalse(users(db).isBareView("text"));
            assertEquals(List.of(Atom.of("hello"), Atom.of("again")),
                    db.history("text").stream().map(e -> e.value()).toList());
            assertEquals(42, db.getInt("int"));
            assertEquals(2.5, db.getFloat("batch-b"));
            assertEquals("new", db.getText("rewritten"));
            assertFalse(db.exists("gone"));
        }
        try (LogDatabase db = open(dir)) {
            assertEquals(List.of(Atom.of("hello"), Atom.of("again")),
                    db.history("text").stream().map(e -> e.value()).toList());
            assertEquals(1, db.history("series").size(), "the compaction kept its last point");
            assertTrue(users(db).isBareView("series") && users(db).isBareView("int"));
        }
    }

    private static void checkAllBare(LogDatabase db, String when) {
        KeyIndex index = users(db);
        for (String k : List.of("text", "int", "bytes", "batch-a", "batch-b", "series1", "twice", "series",
                "rewritten", "gone")) {
            assertTrue(index.isBareView(k), k + " is a bare view " + when);
        }
        assertEquals("hello", db.getText("text"));
        assertEquals(3, db.history("series").size());
        assertEquals(2, db.history("rewritten").size());
    }
}
