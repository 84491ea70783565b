package syna.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Atom;
import syna.api.DatabaseOptions;
import syna.api.Durability;
import syna.api.HistoryRetention;
import syna.api.KeySpace;
import syna.api.WriteBatch;
import syna.storage.internal.EngineHooks.CompactionStep;
import syna.tests.fault.BitFlips;

/**
 * The checkpoint of the key index ({@link CheckpointFile}, {@link Checkpointer}): an open from a
 * checkpoint and the log after it serves exactly what a full scan of the same log serves (seeded
 * random workloads over every kind of write, namespaces and drops, compared dump for dump); a
 * damaged, truncated, foreign or stale checkpoint is set aside and the full scan decides; a torn tail
 * after the checkpoint is cut as without one; compaction leaves no checkpoint of the old log behind.
 * The crash at every write of a checkpoint is in {@link CrashTest}. Set the seed with
 * {@code -Dsyna.tests.seed}.
 */
class CheckpointTest {
    private static final EngineHooks INLINE = new EngineHooks(EngineHooks.NONE.opener(),
            EngineHooks.NONE.compactionSteps(), false, 0);

    @TempDir
    Path tmp;

    private final long seed = seed();
    /** Per-point times of series, far in the future and increasing over the whole test. */
    private long future = 4_000_000_000_000_000L;

    private static long seed() {
        String s = System.getProperty("syna.tests.seed", "");
        return s.isBlank() ? new Random().nextLong() : Long.parseLong(s.trim());
    }

    private String where() {
        return "seed " + seed + " (-Dsyna.tests.seed=" + seed + ")";
    }

    private static LogDatabase open(Path dir, EngineHooks hooks) {
        return LogDatabase.open(DatabaseOptions.builder(dir).durability(Durability.NONE).build(), hooks);
    }

    private static LogDatabase open(Path dir) {
        return open(dir, INLINE);
    }

    // ---- a random workload --------------------------------------------------------------------

    private static final String[] SPACES = {"", "", "n1", "n2", "n3"};

    private static KeySpace space(LogDatabase db, String ns) {
        return ns.isEmpty() ? db : db.namespace(ns);
    }

    private static Atom value(Random r) {
        return switch (r.nextInt(9)) {
            case 0 -> Atom.of(r.nextGaussian());
            case 1 -> Atom.of(r.nextLong());
            case 2 -> Atom.of("text " + r.nextInt(1000));
            case 3 -> Atom.of("L".repeat(4000 + r.nextInt(3000))); // over the 4 KiB cache limit (UTF-8 bound)
            case 4 -> {
                byte[] b = new byte[r.nextInt(40)];
                r.nextBytes(b);
                yield Atom.of(b);
            }
            case 5 -> {
                byte[] b = new byte[5000 + r.nextInt(3000)];
                r.nextBytes(b);
                yield Atom.of(b);
            }
            case 6 -> Atom.of(new float[] {r.nextFloat(), r.nextFloat(), r.nextFloat()});
            case 7 -> Atom.ofNull();
            default -> Atom.of((double) r.nextInt(100));
        };
    }

    /**
     * {@code ops} random writes to {@code db}: every value type, deletes, float and int series with and
     * without their own times, batches across namespaces, namespace drops, compactions (when asked)
     * and, with probability {@code checkpointChance}, explicit checkpoints.
     */
    private void workload(LogDatabase db, Random r, int ops, double checkpointChance, boolean compactions) {
        for (int i = 0; i < ops; i++) {
            String ns = SPACES[r.nextInt(SPACES.length)];
            String key = "k" + r.nextInt(40);
            if (r.nextDouble() < checkpointChance) {
                db.checkpoint();
                continue;
            }
            switch (r.nextInt(12)) {
                case 0 -> space(db, ns).delete(key);
                case 1 -> {
                    double[] v = new double[1 + r.nextInt(50)];
                    for (int j = 0; j < v.length; j++) {
                        v[j] = Math.round(r.nextGaussian() * 100) / 100.0;
                    }
                    if (r.nextBoolean()) {
                        space(db, ns).putFloats(key, v);
                    } else {
                        long[] t = new long[v.length];
                        for (int j = 0; j < t.length; j++) {
                            t[j] = future + j * 1000L;
                        }
                        future = t[t.length - 1] + 1_000_000L;
                        space(db, ns).putFloats(key, t, v);
                    }
                }
                case 2 -> {
                    long[] v = new long[1 + r.nextInt(20)];
                    for (int j = 0; j < v.length; j++) {
                        v[j] = r.nextInt(1000) - 500;
                    }
                    space(db, ns).putInts(key, v);
                }
                case 3 -> {
                    WriteBatch b = WriteBatch.create();
                    for (int j = 0; j < 2 + r.nextInt(4); j++) {
                        String bns = SPACES[r.nextInt(SPACES.length)];
                        (bns.isEmpty() ? b : b.in(bns)).put("k" + r.nextInt(40), value(r));
                    }
                    db.write(b);
                }
                case 4 -> {
                    if (r.nextInt(4) == 0 && !ns.isEmpty()) {
                        db.dropNamespace(ns);
                    } else {
                        space(db, ns).put(key, value(r));
                    }
                }
                case 5 -> {
                    if (compactions && r.nextInt(6) == 0) {
                        db.compact(r.nextBoolean() ? HistoryRetention.all() : HistoryRetention.lastN(1 + r.nextInt(3)));
                    } else {
                        space(db, ns).put(key, value(r));
                    }
                }
                default -> space(db, ns).put(key, value(r));
            }
        }
    }

    // ---- files --------------------------------------------------------------------------------

    /** Copies the database files of {@code from} (an open database's crash image, or a closed one). */
    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String f : List.of("data.log", "data.log.ckpt")) {
            if (Files.exists(from.resolve(f))) {
                Files.copy(from.resolve(f), to.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return to;
    }

    private static Path ckpt(Path dir) {
        return dir.resolve("data.log.ckpt");
    }

    private static void flip(Path file, long offset) {
        BitFlips.flip(file, offset);
    }

    private static void cut(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    /** Opens {@code dir} from its checkpoint and a copy of it without one; asserts both serve the same. */
    private Map<String, Object> bothPaths(Path dir, boolean expectCheckpoint, String what) throws IOException {
        Path full = copy(dir, tmp.resolve("full-" + System.nanoTime()));
        Files.deleteIfExists(ckpt(full));
        Map<String, Object> scanned;
        try (LogDatabase db = open(full)) {
            assertEquals(-1, db.openedFromCheckpoint());
            scanned = StateDump.of(db);
        }
        try (LogDatabase db = open(dir)) {
            assertEquals(expectCheckpoint, db.openedFromCheckpoint() >= 0, what + ": opened from the checkpoint");
            assertEquals(scanned, StateDump.of(db), what + ": checkpoint + tail vs full scan, " + where());
            assertTrue(db.verify().ok(), what);
        }
        return scanned;
    }

    /** Opens {@code dir}, whose checkpoint must be rejected, and a copy without one: they serve the same. */
    private void sameAsFullScan(Path dir, String what) throws IOException {
        Path scanned = copy(dir, tmp.resolve("scan-" + System.nanoTime()));
        Files.delete(ckpt(scanned));
        try (LogDatabase a = open(dir); LogDatabase b = open(scanned)) {
            assertEquals(-1, a.openedFromCheckpoint(), what);
            assertFalse(Files.exists(ckpt(dir)), what + ": the rejected checkpoint is deleted");
            assertEquals(StateDump.of(b), StateDump.of(a), what + ", " + where());
        }
    }

    // ---- tests --------------------------------------------------------------------------------

    /** Random workloads, checkpoints at random points, clean close or crash image: both open paths agree. */
    @Test
    void checkpointAndFullScanServeTheSameDatabase() throws IOException {
        Random seeds = new Random(seed);
        for (int round = 0; round < 12; round++) {
            Random r = new Random(seeds.nextLong());
            Path dir = tmp.resolve("db-" + round);
            boolean crash = round % 2 == 1;
            Map<String, Object> live;
            Path image;
            try (LogDatabase db = open(dir)) {
                workload(db, r, 150 + r.nextInt(150), 0.03, true);
                db.checkpoint();
                workload(db, r, r.nextInt(60), 0, false); // the tail after the last checkpoint
                db.sync();
                live = StateDump.of(db);
                image = crash ? copy(dir, tmp.resolve("image-" + round)) : null;
            }
            Path opened = crash ? image : dir;
            String what = "round " + round + (crash ? " (crash image)" : " (clean close)");
            assertEquals(live, bothPaths(opened, true, what), what + ": live state vs reopened, " + where());
            // A reopen after the reopen: the close rewrote the checkpoint, nothing is left to scan.
            try (LogDatabase db = open(opened)) {
                assertEquals(Files.size(opened.resolve("data.log")), db.openedFromCheckpoint(), what);
                assertEquals(live, StateDump.of(db), what);
            }
        }
    }

    /** Updates, new keys, new and dropped namespaces after the checkpoint come from the tail scan. */
    @Test
    void writesAfterTheCheckpointAreRecoveredFromTheTail() throws IOException {
        Path dir = tmp.resolve("tail");
        long end;
        Map<String, Object> live;
        Path image;
        try (LogDatabase db = open(dir)) {
            db.putText("a", "one");
            db.putText("big", "B".repeat(9000));
            db.putFloats("s", new double[] {1, 2, 3});
            db.namespace("old").putInt("x", 1);
            db.namespace("keep").putInt("y", 1);
            db.delete("gone");
            db.putInt("gone", 5);
            db.delete("gone");
            assertTrue(db.checkpoint());
            end = db.checkpointer().coveredEnd();
            db.putText("a", "two");
            db.putFloats("s", new double[] {4, 5});
            db.putInt("new", 7);
            db.dropNamespace("old");
            db.namespace("fresh").putText("z", "zz");
            db.namespace("keep").putInt("y", 2);
            db.putInt("gone", 6);
            db.write(WriteBatch.create().putInt("b1", 1).in("keep").putInt("b2", 2));
            db.sync();
            live = StateDump.of(db);
            image = copy(dir, tmp.resolve("tail-image"));
        }
        try (LogDatabase db = open(image)) {
            assertEquals(end, db.openedFromCheckpoint());
            assertEquals(live, StateDump.of(db));
            assertEquals("two", db.getText("a"));
            assertEquals("B".repeat(9000), db.getText("big"));
            assertEquals(List.of("fresh", "keep"), db.namespaces());
            assertEquals(6, db.getInt("gone"));
        }
        assertEquals(live, bothPaths(image, true, "tail"));
    }

    /**
     * A key loaded from a checkpoint reads its small latest value from the log on the first get and
     * keeps it in its view; a later write replaces it, and large values are never kept.
     */
    @Test
    void smallLatestValuesAreReadOnceAfterALoad() throws IOException {
        Path dir = tmp.resolve("lazy");
        try (LogDatabase db = open(dir)) {
            db.putText("t", "small");
            db.putBytes("b", new byte[] {4, 5});
            db.putText("big", "G".repeat(6000));
            db.putInt("i", 3);
        }
        try (LogDatabase db = open(dir)) {
            assertTrue(db.openedFromCheckpoint() > 0);
            KeyIndex index = db.generation().spaces().user.index;
            assertEquals(null, index.view("t").latest(), "not read at open");
            assertEquals("small", db.getText("t"));
            assertEquals(Atom.of("small"), index.view("t").latest(), "kept after the first read");
            assertEquals("small", db.getText("t"));
            assertEquals(Atom.of(new byte[] {4, 5}), db.get("b").orElseThrow());
            assertEquals(Atom.of(new byte[] {4, 5}), index.view("b").latest());
            assertEquals("G".repeat(6000), db.getText("big"));
            assertEquals(null, index.view("big").latest(), "large values are read each time");
            assertEquals(Atom.of(3L), index.view("i").latest(), "numbers come from the checkpoint");
            db.putText("t", "newer");
            assertEquals("newer", db.getText("t"));
            assertEquals(2, db.history("t").size());
        }
    }

    /** A checkpoint of several MiB (many keys, one history of 200,000 points) is read across its 1 MiB window. */
    @Test
    void checkpointLargerThanTheReadWindow() throws IOException {
        Path dir = tmp.resolve("large");
        Random r = new Random(seed);
        try (LogDatabase db = open(dir)) {
            WriteBatch b = WriteBatch.create();
            for (int i = 0; i < 40_000; i++) {
                b.putInt("a-rather-long-key-name-" + i, r.nextLong());
                if (b.size() == 1000) {
                    db.write(b);
                    b = WriteBatch.create();
                }
            }
            double[] v = new double[200_000];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextInt(1 << 20) / 8.0;
            }
            db.putFloats("series", v);
            db.namespace("ns").putText("k", "v");
        }
        assertTrue(Files.size(ckpt(dir)) > 3 << 20, "checkpoint of " + Files.size(ckpt(dir)) + " bytes");
        bothPaths(dir, true, "large checkpoint");
    }

    /** A log cut anywhere after the checkpoint's end: the torn tail goes, as in a full scan of the same bytes. */
    @Test
    void tornTailAfterTheCheckpointIsCutAsWithoutOne() throws IOException {
        Path dir = tmp.resolve("torn");
        Random r = new Random(seed);
        long end;
        try (LogDatabase db = open(dir)) {
            workload(db, r, 60, 0, false);
            assertTrue(db.checkpoint());
            end = db.checkpointer().coveredEnd();
            db.write(WriteBatch.create().putText("t1", "x".repeat(100)).in("n1").putInt("t2", 3));
            db.putFloats("series", new double[] {1.5, 2.5, 3.5});
            db.putText("last", "y".repeat(300));
            db.sync();
            copy(dir, tmp.resolve("torn-image"));
        }
        Path image = tmp.resolve("torn-image");
        long size = Files.size(image.resolve("data.log"));
        for (long at = end; at < size; at += 1 + r.nextInt(15)) {
            Path d = copy(image, tmp.resolve("torn-" + at));
            cut(d.resolve("data.log"), at);
            bothPaths(d, true, "log cut at " + at + " (checkpoint end " + end + ", size " + size + ")");
        }
    }

    /** Every kind of damage to the checkpoint, or to the log under it: the full scan decides, the checkpoint goes. */
    @Test
    void damagedForeignOrStaleCheckpointFallsBackToTheFullScan() throws IOException {
        Path dir = tmp.resolve("base");
        Random r = new Random(seed);
        try (LogDatabase db = open(dir)) {
            workload(db, r, 120, 0, false);
        }
        long ckptSize = Files.size(ckpt(dir));
        long logSize = Files.size(dir.resolve("data.log"));
        Map<String, Object> expected = bothPaths(copy(dir, tmp.resolve("pristine")), true, "pristine");

        List<String> cases = new ArrayList<>();
        for (long at : new long[] {0, 40, 130, ckptSize / 2, ckptSize - 30, ckptSize - 1}) {
            Path d = copy(dir, tmp.resolve("flip-" + at));
            flip(ckpt(d), at);
            cases.add(d.toString());
        }
        for (int i = 0; i < 5; i++) { // random bit flips of the body
            Path d = copy(dir, tmp.resolve("rflip-" + i));
            flip(ckpt(d), 128 + r.nextLong(ckptSize - 128 - 24));
            cases.add(d.toString());
        }
        for (long len : new long[] {0, 100, ckptSize / 2, ckptSize - 1}) {
            Path d = copy(dir, tmp.resolve("cut-" + len));
            cut(ckpt(d), len);
            cases.add(d.toString());
        }
        { // a checkpoint of another database
            Path other = tmp.resolve("other");
            try (LogDatabase db = open(other)) {
                workload(db, new Random(seed + 1), 50, 0, false);
            }
            Path d = copy(dir, tmp.resolve("foreign"));
            Files.copy(ckpt(other), ckpt(d), StandardCopyOption.REPLACE_EXISTING);
            cases.add(d.toString());
        }
        for (String c : cases) {
            Path d = Path.of(c);
            try (LogDatabase db = open(d)) {
                assertEquals(-1, db.openedFromCheckpoint(), c);
                assertFalse(Files.exists(ckpt(d)), c + ": the rejected checkpoint is deleted");
                assertEquals(expected, StateDump.of(db), c + ", " + where());
            }
        }
        { // the log under the checkpoint changed: a byte in its last 4 KiB, or cut below the checkpoint's end
            Path flipped = copy(dir, tmp.resolve("log-flip"));
            flip(flipped.resolve("data.log"), logSize - 10);
            sameAsFullScan(flipped, "a byte of the log's last record flipped");
            for (long at : new long[] {logSize - 1, logSize - 4096, logSize / 2}) {
                Path cutLog = copy(dir, tmp.resolve("log-cut-" + at));
                cut(cutLog.resolve("data.log"), at);
                sameAsFullScan(cutLog, "log cut to " + at + " bytes, below the checkpoint's end " + logSize);
            }
        }
        { // read-only: the checkpoint is ignored but left in place
            Path d = copy(dir, tmp.resolve("ro"));
            flip(ckpt(d), ckptSize / 2);
            try (LogDatabase db = LogDatabase.open(DatabaseOptions.builder(d).readOnly(true).build(), INLINE)) {
                assertEquals(-1, db.openedFromCheckpoint());
                assertEquals(expected, StateDump.of(db));
            }
            assertTrue(Files.exists(ckpt(d)));
            Path ok = copy(dir, tmp.resolve("ro-ok"));
            try (LogDatabase db = LogDatabase.open(DatabaseOptions.builder(ok).readOnly(true).build(), INLINE)) {
                assertEquals(logSize, db.openedFromCheckpoint(), "read-only opens use a good checkpoint");
                assertEquals(expected, StateDump.of(db));
            }
        }
    }

    /**
     * Keys as the index holds them, bytes in pages: non-ASCII and surrogate-pair keys, keys of the
     * most bytes a key may have, more key bytes than a page holds, keys with one entry and with
     * several, in the user space and a namespace; the checkpoint (format 2, columns copied as they
     * are) serves what the full scan serves, and a key of other bytes but the same characters
     * modulo an unpaired surrogate is not found.
     */
    @Test
    void keysOfEveryShapeSurviveTheCheckpoint() throws IOException {
        Path dir = tmp.resolve("shapes");
        List<String> keys = new ArrayList<>(List.of("é", "日本語のキー", "emoji \uD83D\uDE00 key", "a", "é?",
                "x".repeat(DatabaseOptions.MAX_KEY_BYTES), "é".repeat(DatabaseOptions.MAX_KEY_BYTES / 2)));
        for (int i = 0; i < 3_000; i++) {
            keys.add("long key " + i + " " + "k".repeat(400)); // 1.2 MB of keys: several pages
        }
        for (int i = 0; i < 300; i++) {
            keys.add(i + " " + "w".repeat(60_000)); // 18 MB in the first block: more than a block gathers
        }
        for (int i = 0; i < 2 * KeyIndex.PAGE + 5_000; i++) {
            keys.add("n" + i); // blocks of keys: three, the last one short
        }
        try (LogDatabase db = open(dir)) {
            for (int i = 0; i < keys.size(); i++) {
                db.putInt(keys.get(i), i);
                if (i % 7 == 0) {
                    db.putText(keys.get(i), "again " + i); // several entries
                }
            }
            db.namespace("ns").putText("ключ", "значение");
            db.namespace("ns").putText("ключ", "второе");
        }
        bothPaths(dir, true, "keys of every shape");
        try (LogDatabase db = open(dir)) {
            assertTrue(db.openedFromCheckpoint() >= 0);
            for (int i = 0; i < keys.size(); i++) {
                Atom expected = i % 7 == 0 ? Atom.of("again " + i) : Atom.of((long) i);
                assertEquals(expected, db.get(keys.get(i)).orElseThrow(), "key " + i);
            }
            assertEquals("второе", db.namespace("ns").getText("ключ"));
            assertEquals(2, db.namespace("ns").history("ключ").size());
            assertFalse(db.exists("é\uD800"), "an unpaired surrogate is not the '?' of a stored key");
            assertFalse(db.exists("ab"));
            assertFalse(db.exists("x".repeat(DatabaseOptions.MAX_KEY_BYTES - 1)));
            assertEquals(keys.size(), db.keys().size());
            assertTrue(new java.util.HashSet<>(db.keys()).containsAll(keys));
            db.putText("é", "after the load"); // the writer goes on in pages of its own
            db.putText("new ключ", "new");
            assertEquals("after the load", db.getText("é"));
            assertEquals("new", db.getText("new ключ"));
        }
    }

    /**
     * Histories stored as varints: times from 0 to {@link Long#MAX_VALUE} (deltas of ten-byte varints),
     * extreme values, and enough keys with several entries that entries straddle the reader's 1 MiB
     * window; the checkpoint serves what the full scan serves.
     */
    @Test
    void historiesOfExtremeTimesAndValuesAcrossReadWindows() throws IOException {
        Path dir = tmp.resolve("extreme");
        // the third delta is over 2^62: its zigzag needs all 64 bits, a varint of ten bytes
        long[] times = {0, 1, 1L << 35, (1L << 35) + (1L << 62) + 10, Long.MAX_VALUE - 1, Long.MAX_VALUE};
        long[] values = {Long.MIN_VALUE, -1, 0, 1, 1L << 40, Long.MAX_VALUE};
        try (LogDatabase db = open(dir)) {
            db.putInts("extreme", times, values);
            for (int i = 0; i < 60_000; i++) { // about 3 MB of several lists
                long base = (long) i * 1_000_003L;
                db.putFloats("s" + i, new long[] {base, base + 1, base + (1L << 50)},
                        new double[] {i, -i, Double.NaN});
            }
        }
        bothPaths(dir, true, "extreme histories");
        try (LogDatabase db = open(dir)) {
            assertArrayEquals(times, db.historyTimestamps("extreme"));
            assertArrayEquals(values, db.historyAsLongs("extreme"));
            assertEquals(1L << 50, db.historyTimestamps("s59999")[2] - db.historyTimestamps("s59999")[0]);
        }
    }

    /**
     * A checkpoint whose CRC holds but whose hash table does not fit its keys (written by a bug, or
     * edited) is rejected and the full scan serves; one without a stored table (as past {@link
     * CheckpointFile#MAX_STORED_SLOTS}) is loaded and its table built by the open.
     */
    @Test
    void storedHashTableIsCheckedOrBuiltWhenAbsent() throws IOException {
        Path dir = tmp.resolve("table");
        try (LogDatabase db = open(dir)) {
            workload(db, new Random(seed), 200, 0, false);
            db.namespace("zz").putText("only", "one key: the last space"); // the body ends with its table
        }
        Map<String, Object> expected = bothPaths(copy(dir, tmp.resolve("pristine-table")), true, "pristine");

        Path bad = copy(dir, tmp.resolve("bad-slot"));
        reseal(ckpt(bad), body -> {
            int table = lastSpaceTable(body);
            java.nio.ByteBuffer.wrap(body).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(table + 4, 0x7FFF_FFFF);
            return body; // a slot naming an entry past the keys
        });
        sameAsFullScan(bad, "a stored table naming an entry past the keys");

        Path none = copy(dir, tmp.resolve("no-table"));
        reseal(ckpt(none), body -> {
            int table = lastSpaceTable(body);
            int cap = java.nio.ByteBuffer.wrap(body).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(table);
            byte[] cut = new byte[body.length - 4 * cap];
            System.arraycopy(body, 0, cut, 0, table); // the slot count becomes 0, the slots go
            System.arraycopy(body, table + 4 + 4 * cap, cut, table + 4, body.length - table - 4 - 4 * cap);
            return cut;
        });
        try (LogDatabase db = open(none)) {
            assertTrue(db.openedFromCheckpoint() >= 0, "loaded without a stored table");
            assertEquals(expected, StateDump.of(db), where());
        }
    }

    /** Where the slot count of the last key space (namespace "zz", one key) is in a checkpoint body. */
    private static int lastSpaceTable(byte[] body) {
        byte[] head = {2, 0, 'z', 'z', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0}; // name, 1 key, blocks of 65,536
        for (int i = body.length - head.length; i >= 0; i--) {
            if (java.util.Arrays.equals(body, i, i + head.length, head, 0, head.length)) {
                assertEquals(KeyIndex.PAGE, 1 << 16);
                return i + head.length;
            }
        }
        throw new AssertionError("no space zz in the checkpoint");
    }

    /** Rewrites the body of sealed file {@code file} with {@code edit}, sealing it again (header, footer, CRCs). */
    private static void reseal(Path file, java.util.function.UnaryOperator<byte[]> edit) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int footer = syna.api.spi.format.SealedFiles.FOOTER_SIZE;
        java.nio.ByteBuffer f = java.nio.ByteBuffer.wrap(all, all.length - footer, footer).slice()
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int bodyLength = (int) f.getLong(8);
        int headerLength = all.length - footer - bodyLength;
        byte[] body = edit.apply(java.util.Arrays.copyOfRange(all, headerLength, headerLength + bodyLength));
        byte[] foot = java.util.Arrays.copyOfRange(all, all.length - footer, all.length);
        java.nio.ByteBuffer nf = java.nio.ByteBuffer.wrap(foot).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        nf.putLong(8, body.length);
        nf.putInt(16, syna.api.spi.format.Checksums.crc32c(body, 0, body.length));
        nf.putInt(20, syna.api.spi.format.Checksums.crc32c(foot, 0, 20));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(all, 0, headerLength);
        out.write(body);
        out.write(foot);
        Files.write(file, out.toByteArray());
    }

    /**
     * Compaction deletes the checkpoint before its rename: a crash image at every step opens to the
     * old or the new log, never the old checkpoint over the new log; an old checkpoint put back
     * next to the compacted log is rejected (the log's header differs).
     */
    @Test
    void compactionLeavesNoCheckpointOfTheOldLog() throws IOException {
        Path dir = tmp.resolve("compact");
        Map<CompactionStep, Path> images = new EnumMap<>(CompactionStep.class);
        AtomicReference<Path> dirRef = new AtomicReference<>(dir);
        EngineHooks hooks = new EngineHooks(EngineHooks.NONE.opener(), step -> {
            try {
                images.put(step, copy(dirRef.get(), tmp.resolve("step-" + step)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, false, 0);
        Map<String, Object> live;
        Path oldCheckpoint = tmp.resolve("old.ckpt");
        long oldEnd;
        try (LogDatabase db = open(dir, hooks)) {
            workload(db, new Random(seed), 100, 0, false);
            assertTrue(db.checkpoint());
            oldEnd = db.checkpointer().coveredEnd();
            Files.copy(ckpt(dir), oldCheckpoint);
            db.compact(HistoryRetention.all());
            assertFalse(Files.exists(ckpt(dir)), "compaction deleted the checkpoint");
            live = StateDump.of(db);
        }
        assertEquals(CompactionStep.values().length, images.size());
        for (Map.Entry<CompactionStep, Path> e : images.entrySet()) {
            boolean before = e.getKey().compareTo(CompactionStep.CHECKPOINT_DELETED) < 0;
            assertEquals(before, Files.exists(ckpt(e.getValue())), e.getKey().toString());
            try (LogDatabase db = open(e.getValue())) {
                assertEquals(before, db.openedFromCheckpoint() >= 0, e.getKey().toString());
                Map<String, Object> state = StateDump.of(db);
                state.remove("stats");
                Map<String, Object> want = new java.util.TreeMap<>(live);
                want.remove("stats"); // file size and format may differ before the rename
                assertEquals(want, state, e.getKey() + ", " + where());
            }
        }
        try (LogDatabase db = open(dir)) { // the new log grows past the old checkpoint's end
            workload(db, new Random(seed + 7), 300, 0, false);
            live = StateDump.of(db);
        }
        Files.copy(oldCheckpoint, ckpt(dir), StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel ch = FileChannel.open(dir.resolve("data.log"), StandardOpenOption.READ)) {
            var header = syna.api.spi.format.FileHeader.read(ch, dir.resolve("data.log"));
            long size = ch.size();
            assertTrue(size > oldEnd, "the log is long enough that only its identity tells");
            CheckpointFile.Rejected e = org.junit.jupiter.api.Assertions.assertThrows(CheckpointFile.Rejected.class,
                    () -> CheckpointFile.load(new LogFiles(dir), ch, header.databaseId(), header.formatVersion(),
                            CheckpointFile.headerCrc(ch, 128), 128, size));
            assertTrue(e.getMessage().contains("another log file"), e.getMessage());
        }
        try (LogDatabase db = open(dir)) {
            assertEquals(-1, db.openedFromCheckpoint(), "a checkpoint of the log before the compaction");
            assertEquals(live, StateDump.of(db));
        }
    }

    /** Periodic checkpoints follow the log: after enough writes the tail left to scan is bounded. */
    @Test
    void periodicCheckpointsBoundTheTail() throws IOException {
        Path dir = tmp.resolve("periodic");
        EngineHooks hooks = INLINE.withCheckpointEvery(64 << 10);
        Path image;
        Map<String, Object> live;
        long covered;
        try (LogDatabase db = open(dir, hooks)) {
            for (int i = 0; i < 3000; i++) {
                db.putBytes("k" + (i % 700), new byte[200 + i % 300]);
            }
            db.sync();
            assertTrue(db.checkpointer().written() >= 3, "checkpoints written: " + db.checkpointer().written());
            covered = db.checkpointer().coveredEnd();
            long tail = db.stats().fileBytes() - covered;
            assertTrue(tail < Math.max(64 << 10, 4 * Files.size(ckpt(dir))) + 1024, "tail " + tail);
            live = StateDump.of(db);
            image = copy(dir, tmp.resolve("periodic-image"));
        }
        try (LogDatabase db = open(image)) {
            assertEquals(covered, db.openedFromCheckpoint());
            assertEquals(live, StateDump.of(db));
        }
    }

    /**
     * Background checkpoints beside two writers and a compaction: nothing stalls for good, and the
     * database reopens to what the writers wrote (a checkpoint of the replaced log is never applied).
     */
    @Test
    void backgroundCheckpointsBesideWritersAndCompaction() throws Exception {
        Path dir = tmp.resolve("background");
        EngineHooks hooks = EngineHooks.NONE.withCheckpointEvery(16 << 10);
        Map<String, Object> live;
        try (LogDatabase db = open(dir, hooks)) {
            List<Thread> threads = new ArrayList<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int t = 0; t < 2; t++) {
                int id = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (int i = 0; i < 4000; i++) {
                            (id == 0 ? db : db.namespace("w")).putText("k" + (i % 500), "v" + i + "-".repeat(i % 90));
                            if (id == 1 && i == 2000) {
                                db.compact(HistoryRetention.lastN(3));
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            db.sync();
            live = StateDump.of(db);
        }
        assertEquals(live, bothPaths(dir, true, "background"));
    }
}
