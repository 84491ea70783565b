package syna.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Atom;
import syna.api.ClosedException;
import syna.api.CorruptFileException;
import syna.api.Database;
import syna.api.DatabaseOptions;
import syna.api.Durability;
import syna.api.InvalidArgumentException;
import syna.api.KeyNotFoundException;
import syna.api.Namespace;
import syna.api.UnsupportedFeatureException;
import syna.api.WriteBatch;
import syna.api.spi.format.FileHeader;

/** Namespaces of the log engine: isolation, atomic batches across them, drop, reopen, compaction, format 1. */
class NamespaceTest {
    @TempDir
    Path dir;

    private Database open() {
        return open(dir);
    }

    private static Database open(Path dir) {
        return LogDatabase.open(DatabaseOptions.builder(dir).durability(Durability.NONE).build(), EngineHooks.NONE);
    }

    private static int headerVersion(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir.resolve("data.log"), StandardOpenOption.READ)) {
            return FileHeader.read(ch, dir.resolve("data.log")).formatVersion();
        }
    }

    @Test
    void namespaceKeysNeitherReachNorCollideWithUserKeys() {
        try (Database db = open()) {
            Namespace ns = db.namespace("mlops.registry");
            db.putText("_models/m/seq", "user's own key");
            ns.putInt("_models/m/seq", 3);
            ns.putText("a", "x");
            assertEquals("user's own key", db.getText("_models/m/seq"));
            assertEquals(3, ns.getInt("_models/m/seq"));
            assertEquals(List.of("_models/m/seq"), db.keys());
            assertEquals(1, db.size());
            assertEquals(List.of("_models/m/seq", "a"), ns.keys());
            assertEquals(2, ns.size());
            assertFalse(db.exists("a"));
            assertEquals(Optional.empty(), db.get("a"));
            assertThrows(KeyNotFoundException.class, () -> db.getText("a"));
            assertEquals(List.of(), db.keysMatching("a*"));
            assertEquals(List.of("a"), ns.keysMatching("a*"));
            assertEquals(List.of("mlops.registry"), db.namespaces());
            assertSame(ns, db.namespace("mlops.registry"));
            assertSame(db, ns.database());
            assertEquals(1, db.stats().liveKeys());
            assertEquals(2, db.stats().namespaceLiveKeys());
            assertEquals(1, db.stats().namespaces());
            assertEquals(2, db.stats().formatVersion());
        }
    }

    @Test
    void namespacesSurviveReopenAndCompactionWithTheirHistory() throws IOException {
        try (Database db = open()) {
            Namespace a = db.namespace("a");
            Namespace b = db.namespace("b");
            db.namespace("empty");
            for (int i = 0; i < 20; i++) {
                a.putFloat("x", i);
                b.putInt("x", i);
                db.putText("x", "u" + i);
            }
            a.putFloats("s", new long[] {1, 2, 3}, new double[] {1.5, 2.5, 3.5});
            b.putBytes("big", new byte[10_000]);
            b.delete("x");
        }
        try (Database db = open()) {
            assertEquals(List.of("a", "b", "empty"), db.namespaces());
            Namespace a = db.namespace("a");
            assertEquals(20, a.historyAsDoubles("x").length);
            assertArrayEquals(new long[] {1, 2, 3}, a.historyTimestamps("s"));
            assertFalse(db.namespace("b").exists("x"));
            assertEquals(10_000, db.namespace("b").getBytes("big").length);
            assertEquals("u19", db.getText("x"));
            db.compact();
            assertSame(a, db.namespace("a"), "handles stay valid across compaction");
            assertEquals(20, a.historyAsDoubles("x").length);
            assertEquals(21, db.namespace("b").history("x").size());
            a.putFloat("x", 99);
        }
        try (Database db = open()) {
            assertEquals(List.of("a", "b", "empty"), db.namespaces());
            assertEquals(99, db.namespace("a").getFloat("x"));
            assertEquals(List.of(), db.namespace("empty").keys());
            assertTrue(db.verify().ok());
        }
    }

    @Test
    void aBatchAcrossNamespacesIsOneAtomicUnitEvenWhenTornAtEveryByte() throws IOException {
        Path src = dir.resolve("src");
        long before;
        try (Database db = open(src)) {
            db.namespace("n");
            db.putInt("before", 1);
            db.sync();
            before = Files.size(src.resolve("data.log"));
            WriteBatch batch = WriteBatch.create().putInt("u", 1);
            batch.in("n").putInt("k", 2).putText("t", "x");
            batch.in("fresh").putInt("k", 3); // created by the batch
            batch.putInt("u2", 4);
            db.write(batch);
            assertEquals(List.of("before", "u", "u2"), db.keys());
            assertEquals(List.of("fresh", "n"), db.namespaces());
        }
        byte[] full = Files.readAllBytes(src.resolve("data.log"));
        for (int len = (int) before; len <= full.length; len++) {
            Path d = dir.resolve("cut" + len);
            Files.createDirectories(d);
            Files.write(d.resolve("data.log"), java.util.Arrays.copyOf(full, len));
            try (Database db = open(d)) {
                boolean all = db.exists("u");
                assertEquals(all, db.exists("u2"), "cut at " + len);
                Namespace n = db.namespace("n");
                assertEquals(all, n.exists("k"), "cut at " + len);
                assertEquals(all, n.exists("t"), "cut at " + len);
                if (all) {
                    assertEquals(3, db.namespace("fresh").getInt("k"));
                }
                assertTrue(db.exists("before"));
            }
        }
    }

    @Test
    void droppingANamespaceRemovesEveryKeyAtomicallyAndInvalidatesHandles() throws IOException {
        try (Database db = open()) {
            Namespace ns = db.namespace("tmp");
            for (int i = 0; i < 1000; i++) {
                ns.putBytes("chunk/" + i, new byte[100]);
            }
            db.putInt("keep", 1);
            Object state = ns.attachment(StringBuilder.class, StringBuilder::new);
            assertTrue(db.dropNamespace("tmp"));
            assertFalse(db.dropNamespace("tmp"));
            assertEquals(List.of(), db.namespaces());
            assertThrows(ClosedException.class, () -> ns.get("chunk/1"));
            assertThrows(ClosedException.class, () -> ns.putInt("x", 1));
            assertThrows(ClosedException.class, () -> ns.attachment(StringBuilder.class, StringBuilder::new));
            Namespace again = db.namespace("tmp");
            assertNotSame(ns, again);
            assertEquals(List.of(), again.keys());
            assertNotSame(state, again.attachment(StringBuilder.class, StringBuilder::new));
            again.putInt("new", 1);
            assertThrows(ClosedException.class, () -> ns.get("new"), "an old handle never sees the new namespace");
        }
        long size;
        try (Database db = open()) {
            assertEquals(List.of("tmp"), db.namespaces());
            assertEquals(List.of("new"), db.namespace("tmp").keys());
            assertEquals(1, db.getInt("keep"));
            size = Files.size(dir.resolve("data.log"));
            db.compact();
            assertTrue(Files.size(dir.resolve("data.log")) < size / 10, "the dropped keys' bytes left the file");
        }
    }

    @Test
    void attachmentsAreOnePerTypeAndOpenDatabase() {
        try (Database db = open()) {
            AtomicInteger made = new AtomicInteger();
            Namespace ns = db.namespace("x");
            Object first = ns.attachment(AtomicInteger.class, () -> {
                made.incrementAndGet();
                return new AtomicInteger();
            });
            assertSame(first, db.namespace("x").attachment(AtomicInteger.class, AtomicInteger::new));
            assertEquals(1, made.get());
            assertThrows(InvalidArgumentException.class, () -> ns.attachment(String.class, () -> null));
        }
        try (Database db = open()) {
            Object fresh = db.namespace("x").attachment(AtomicInteger.class, AtomicInteger::new);
            assertEquals(0, ((AtomicInteger) fresh).get(), "a new open database, new state");
        }
    }

    @Test
    void namesAndKeysAreValidated() {
        try (Database db = open()) {
            for (String bad : new String[] {"", "a\nb", "x".repeat(256), "\uD800"}) {
                assertThrows(InvalidArgumentException.class, () -> db.namespace(bad), bad);
            }
            assertThrows(InvalidArgumentException.class, () -> db.namespace(null));
            assertThrows(InvalidArgumentException.class, () -> WriteBatch.create().in(""));
            Namespace ns = db.namespace("ünï/cödé.名前");
            ns.putText("k".repeat(Namespace.MAX_KEY_BYTES), "longest");
            assertThrows(InvalidArgumentException.class, () -> ns.putText("k".repeat(Namespace.MAX_KEY_BYTES + 1), "x"));
            db.putText("k".repeat(DatabaseOptions.MAX_KEY_BYTES), "user keys keep their limit");
        }
        try (Database db = open()) {
            assertEquals("longest", db.namespace("ünï/cödé.名前").getText("k".repeat(Namespace.MAX_KEY_BYTES)));
        }
    }

    @Test
    void aReadOnlyDatabaseReadsAMissingNamespaceAsEmpty() {
        try (Database db = open()) {
            db.namespace("there").putInt("k", 1);
        }
        try (Database db = LogDatabase.open(DatabaseOptions.builder(dir).readOnly(true).build(), EngineHooks.NONE)) {
            assertEquals(1, db.namespace("there").getInt("k"));
            Namespace missing = db.namespace("missing");
            assertEquals(List.of(), missing.keys());
            assertEquals(0, missing.size());
            assertThrows(UnsupportedFeatureException.class, () -> missing.putInt("k", 1));
            assertEquals(List.of("there"), db.namespaces());
        }
    }

    @Test
    void formatOneFilesOpenStayInFormatOneAndAreUpgradedOnlyByCompaction() throws IOException {
        try (InputStream in = NamespaceTest.class.getResourceAsStream("/golden/log-v1/data.log")) {
            Files.copy(in, dir.resolve("data.log"));
        }
        try (Database db = open()) {
            assertEquals(1, db.stats().formatVersion());
            db.putInt("added", 7);
            db.putFloats("s2", new long[] {10, 20}, new double[] {1, 2});
            UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> db.namespace("x"));
            assertTrue(e.getMessage().contains("compact"), e.getMessage());
            assertThrows(UnsupportedFeatureException.class,
                    () -> db.write(WriteBatch.create().in("x").putInt("k", 1)));
            assertEquals(List.of(), db.namespaces());
        }
        assertEquals(1, headerVersion(dir), "writes do not upgrade the file");
        try (Database db = open()) {
            assertEquals(7, db.getInt("added"));
            assertArrayEquals(new long[] {10, 20}, db.historyTimestamps("s2"));
            db.compact();
            assertEquals(2, db.stats().formatVersion());
            db.namespace("x").putInt("k", 1);
        }
        assertEquals(2, headerVersion(dir));
        try (Database db = open()) {
            assertEquals(1, db.namespace("x").getInt("k"));
            assertEquals(42, db.getInt("i"));
            assertEquals(100, db.historyAsDoubles("s").length);
        }
    }

    @Test
    void aRecordOfAnUndefinedNamespaceIsCorruption() throws IOException {
        try (Database db = open()) {
            db.namespace("n").putInt("k", 1);
            db.putInt("after", 2);
        }
        // drop the namespace record (the first record after the header) by overwriting its id with 9
        byte[] b = Files.readAllBytes(dir.resolve("data.log"));
        int rec = FileHeader.SIZE;
        assertEquals(RecordFormat.KIND_NAMESPACE, b[rec + 8]);
        int keyLen = b[rec + 10] & 0xFF;
        b[rec + RecordFormat.HEADER + keyLen] = 9;
        RecordBuffer.INT.set(b, rec, syna.api.spi.format.Checksums.crc32c(b, rec + 4,
                (int) RecordBuffer.INT.get(b, rec + 4) - 4));
        Files.write(dir.resolve("data.log"), b);
        CorruptFileException e = assertThrows(CorruptFileException.class, this::open);
        assertTrue(e.getMessage().contains("namespace id 1"), e.getMessage());
    }

    @Test
    void userKeyListingsDoNotVisitNamespaceKeys() {
        try (Database db = open()) {
            Namespace big = db.namespace("vector.docs");
            List<String> user = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                db.putInt("doc/" + i, i);
                user.add("doc/" + i);
            }
            WriteBatch b = WriteBatch.create();
            for (int i = 0; i < 24_000; i++) {
                b.in(big).putInt("_vs/docs/v/" + i, i);
            }
            db.write(b);
            assertEquals(user, db.keys());
            assertEquals(5, db.size());
            assertEquals(24_000, big.size());
            assertEquals(Map.of(), Map.of());
            assertEquals(List.of(), db.keys("_vs/"));
            assertEquals(24_000, big.keys("_vs/docs/v/").size());
            assertEquals(Atom.of(5L), big.get("_vs/docs/v/5").orElseThrow());
        }
    }
}
