package syna.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Atom;
import syna.api.CorruptFileException;
import syna.api.Database;
import syna.api.DatabaseOptions;
import syna.api.Durability;
import syna.api.FormatVersionException;
import syna.api.HistoryEntry;
import syna.api.ProviderNotFoundException;
import syna.api.VerifyReport;
import syna.api.WriteBatch;
import syna.api.spi.CodecProvider;
import syna.api.spi.Providers;
import syna.api.spi.format.FileHeader;
import syna.tests.fault.BitFlips;

class RecoveryTest {
    @TempDir
    Path tmp;

    private static Database open(Path dir) {
        return LogDatabase.open(DatabaseOptions.builder(dir).durability(Durability.NONE).build(), EngineHooks.NONE);
    }

    private static Database openSalvage(Path dir) {
        return LogDatabase.open(DatabaseOptions.builder(dir).durability(Durability.NONE).salvage(true).build(),
                EngineHooks.NONE);
    }

    /** Every key's full history, without timestamps. */
    static Map<String, List<Atom>> state(Database db) {
        Map<String, List<Atom>> m = new LinkedHashMap<>();
        for (String k : allKeys(db)) {
            m.put(k, db.history(k).stream().map(HistoryEntry::value).toList());
        }
        return m;
    }

    private static List<String> allKeys(Database db) {
        List<String> keys = new ArrayList<>();
        for (String k : List.of("a", "b", "c", "s", "t", "n")) {
            if (!db.history(k).isEmpty()) {
                keys.add(k);
            }
        }
        return keys;
    }

    private static byte[] log(Path dir) throws IOException {
        return Files.readAllBytes(dir.resolve(LogFiles.LOG));
    }

    private static Path withLog(Path dir, byte[] bytes, int length) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(LogFiles.LOG), java.util.Arrays.copyOf(bytes, length));
        return dir;
    }

    private void tornAtEveryByte(java.util.function.Consumer<Database> lastWrite) throws IOException {
        Path dir = tmp.resolve("orig");
        Map<String, List<Atom>> before;
        long committed;
        try (Database db = open(dir)) {
            db.putInt("a", 1);
            db.putText("b", "bee");
            db.putFloats("s", new double[] {1.5, 2.5});
            db.delete("a");
            before = state(db);
            committed = db.stats().fileBytes();
            lastWrite.accept(db);
        }
        byte[] full = log(dir);
        assertTrue(full.length > committed);
        for (int cut = (int) committed; cut < full.length; cut++) {
            Path copy = withLog(tmp.resolve("cut-" + cut), full, cut);
            try (Database db = open(copy)) {
                assertEquals(before, state(db), "cut at " + cut);
                assertEquals(committed, db.stats().fileBytes(), "torn tail truncated, cut at " + cut);
                db.putInt("c", cut); // append after a torn tail, then reopen
            }
            assertEquals(committed, Files.size(copy.resolve(LogFiles.LOG)) - recordSize("c", 8));
            try (Database db = open(copy)) {
                assertEquals(cut, db.getInt("c"));
                assertTrue(db.verify().ok());
            }
        }
    }

    private static long recordSize(String key, int valueBytes) {
        return RecordFormat.HEADER + key.getBytes(StandardCharsets.UTF_8).length + valueBytes;
    }

    @Test
    void truncatedLastRecordAtEveryOffsetGivesPriorState() throws IOException {
        tornAtEveryByte(db -> db.putText("t", "the last record, torn at every byte"));
    }

    @Test
    void truncatedBatchAtEveryOffsetGivesPriorState() throws IOException {
        tornAtEveryByte(db -> db.write(WriteBatch.create().putInt("n", 1).putText("t", "x").putFloat("n", 2)));
    }

    @Test
    void readOnlyOpenLeavesATornTailInPlace() throws IOException {
        Path dir = tmp.resolve("ro");
        try (Database db = open(dir)) {
            db.putInt("a", 1);
            db.putText("b", "torn");
        }
        byte[] full = log(dir);
        withLog(dir, full, full.length - 2);
        try (Database db = LogDatabase.open(DatabaseOptions.builder(dir).readOnly(true).build(), EngineHooks.NONE)) {
            assertEquals(1, db.getInt("a"));
            assertFalse(db.exists("b"));
            assertTrue(db.verify().ok());
        }
        assertEquals(full.length - 2, Files.size(dir.resolve(LogFiles.LOG)), "read-only open never writes");
        try (Database db = open(dir)) {
            assertFalse(db.exists("b"));
        }
        assertEquals(full.length - recordSize("b", 4), Files.size(dir.resolve(LogFiles.LOG)));
    }

    @Test
    void truncatedMultiRecordSeriesGivesPriorState() throws IOException {
        Path dir = tmp.resolve("orig");
        long committed;
        try (Database db = open(dir)) {
            db.putInt("a", 1);
            committed = db.stats().fileBytes();
            db.putFloats("s", new double[RecordFormat.SERIES_CHUNK + 10]);
        }
        byte[] full = log(dir);
        // cut just after the first chunk record (a whole record, but its unit is unfinished), and mid-way
        for (int cut : new int[] {full.length - 1, full.length - 30, (int) committed + 40}) {
            try (Database db = open(withLog(tmp.resolve("cut-" + cut), full, cut))) {
                assertEquals(List.of(), db.history("s"), "cut at " + cut);
                assertEquals(committed, db.stats().fileBytes());
            }
        }
    }

    private record Written(Path dir, List<Long> offsets) {}

    private Written tenRecords() {
        Path dir = tmp.resolve("db");
        List<Long> offsets = new ArrayList<>();
        try (Database db = open(dir)) {
            for (int i = 0; i < 10; i++) {
                offsets.add(db.stats().fileBytes());
                db.putText("t", "value number " + i);
            }
        }
        return new Written(dir, offsets);
    }

    private static void flip(Path dir, long offset) {
        BitFlips.flip(dir.resolve(LogFiles.LOG), offset);
    }

    @Test
    void bitFlipInTheMiddleIsCorruptionWithOffset() throws IOException {
        Written w = tenRecords();
        long bad = w.offsets().get(3);
        flip(w.dir(), bad + RecordFormat.HEADER + 3);
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> open(w.dir()));
        assertEquals(bad, e.offset());
        assertEquals(w.dir().resolve(LogFiles.LOG), e.file().orElseThrow());
        assertTrue(e.getMessage().contains("CRC32C"), e.getMessage());
    }

    @Test
    void verifyReportsAdjacentDamagedRecordsEachAtItsOffset() throws IOException {
        Written w = tenRecords();
        List<Long> o = w.offsets();
        flip(w.dir(), o.get(3) + RecordFormat.HEADER + 3);
        flip(w.dir(), o.get(4) + RecordFormat.HEADER + 3); // right after another damaged record
        flip(w.dir(), o.get(7) + 7); // a huge length: resynchronised on the next valid record
        Path log = w.dir().resolve(LogFiles.LOG);
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
            VerifyReport r = Verifier.verify(ch, log, ch.size(), syna.api.Progress.NONE);
            assertEquals(List.of(o.get(3), o.get(4), o.get(7)),
                    r.problems().stream().map(VerifyReport.Problem::offset).toList(), r::toString);
        }
    }

    @Test
    void corruptLengthInTheMiddleIsCorruption() throws IOException {
        Written w = tenRecords();
        long bad = w.offsets().get(5);
        flip(w.dir(), bad + 7); // top byte of the length field: a huge length
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> open(w.dir()));
        assertEquals(bad, e.offset());
    }

    @Test
    void salvageKeepsValidRecordsAndACopy() throws IOException {
        Written w = tenRecords();
        flip(w.dir(), w.offsets().get(3) + RecordFormat.HEADER + 3);
        try (Database db = openSalvage(w.dir())) {
            List<Atom> h = db.history("t").stream().map(HistoryEntry::value).toList();
            assertEquals(9, h.size());
            assertFalse(h.contains(Atom.of("value number 3")));
            assertEquals("value number 9", db.getText("t"));
        }
        try (Stream<Path> files = Files.list(w.dir())) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("data.log.damaged-")).count());
        }
        try (Database db = open(w.dir())) { // the log was rewritten: no salvage needed any more
            assertEquals(9, db.history("t").size());
            assertTrue(db.verify().ok());
        }
    }

    @Test
    void verifyReportsEveryDamagedRecord() throws IOException {
        Written w = tenRecords();
        try (Database db = open(w.dir())) {
            flip(w.dir(), w.offsets().get(2) + RecordFormat.HEADER + 1);
            flip(w.dir(), w.offsets().get(7) + RecordFormat.HEADER + 1);
            VerifyReport r = db.verify();
            assertEquals(List.of(w.offsets().get(2), w.offsets().get(7)),
                    r.problems().stream().map(VerifyReport.Problem::offset).toList(), r.problems().toString());
            assertEquals(10, r.entriesChecked());
            assertEquals("value number 9", db.getText("t")); // reads go on
        }
    }

    /** Records larger than the scan buffer are checked chunk by chunk, never allocated whole. */
    @Test
    void recordsLargerThanTheScanBufferAreStreamed() throws IOException {
        Path dir = tmp.resolve("large");
        byte[] big = new byte[(8 << 20) + 4096]; // just over the 8 MiB scan buffer
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + (i >>> 11));
        }
        long bigAt;
        try (Database db = open(dir)) {
            db.putInt("a", 1);
            bigAt = db.stats().fileBytes();
            db.putBytes("b", big);
            db.putInt("a", 2);
        }
        try (Database db = open(dir)) {
            assertArrayEquals(big, db.getBytes("b"));
            assertEquals(2, db.getInt("a"));
        }
        flip(dir, bigAt + (5 << 20));
        flip(dir, bigAt + (5 << 20) + 1);
        // The close left a checkpoint: the open trusts the covered log (its last 4 KiB are intact) and
        // the damage shows in verify, which reads every byte; without the checkpoint the scan finds it.
        try (Database db = open(dir)) {
            assertFalse(db.verify().ok());
        }
        Files.delete(dir.resolve("data.log.ckpt"));
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> open(dir));
        assertEquals(bigAt, e.offset());
    }

    @Test
    void verifyReportsADamagedHeader() throws IOException {
        Written w = tenRecords();
        try (Database db = open(w.dir())) {
            flip(w.dir(), 40); // inside the header: its CRC no longer matches
            VerifyReport r = db.verify();
            assertFalse(r.ok());
            assertEquals(w.dir().resolve(LogFiles.LOG), r.problems().getFirst().file());
            assertTrue(r.problems().getFirst().description().contains("header"), r.problems().toString());
        }
    }

    private static void writeHeaderOnly(Path dir, FileHeader header) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(LogFiles.LOG), header.toBytes());
    }

    @Test
    void fileOfAnotherKindIsRejected() throws IOException {
        Path dir = tmp.resolve("other");
        writeHeaderOnly(dir, FileHeader.of("vector-index", "hnsw", 1, UUID.randomUUID()));
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> open(dir));
        assertTrue(e.getMessage().contains("vector-index"), e.getMessage());
    }

    @Test
    void newerFormatVersionIsRejected() throws IOException {
        Path dir = tmp.resolve("newer");
        writeHeaderOnly(dir, FileHeader.of("log", "log", RecordFormat.FORMAT_VERSION + 1, UUID.randomUUID()));
        FormatVersionException e = assertThrows(FormatVersionException.class, () -> open(dir));
        assertEquals(RecordFormat.FORMAT_VERSION + 1, e.found());
    }

    @Test
    void garbageFileIsCorruptNotACrash() throws IOException {
        Path dir = tmp.resolve("garbage");
        Files.createDirectories(dir);
        Files.write(dir.resolve(LogFiles.LOG), "this is not a database at all".getBytes(StandardCharsets.UTF_8));
        assertThrows(CorruptFileException.class, () -> open(dir));
    }

    @Test
    void logNamingAMissingCodecNeedsItsPlugin() throws IOException {
        Path dir = tmp.resolve("zstd");
        Files.createDirectories(dir);
        RecordBuffer out = new RecordBuffer(256);
        int start = out.beginRecord(RecordFormat.KIND_CODEC, 0, "zstd".getBytes(StandardCharsets.US_ASCII), 1);
        out.putByte(0);
        out.endRecord(start);
        start = out.beginRecord(syna.api.ValueType.TEXT.tag(), RecordFormat.FLAG_COMPRESSED,
                "k".getBytes(StandardCharsets.UTF_8), 2);
        out.putByte(0);
        out.putByte(3);
        out.putBytes(new byte[] {9, 9, 9}, 0, 3);
        out.endRecord(start);
        byte[] header = FileHeader.of("log", "log", 1, UUID.randomUUID()).toBytes();
        byte[] file = new byte[header.length + out.size()];
        System.arraycopy(header, 0, file, 0, header.length);
        System.arraycopy(out.array(), 0, file, header.length, out.size());
        Files.write(dir.resolve(LogFiles.LOG), file);
        ProviderNotFoundException e = assertThrows(ProviderNotFoundException.class, () -> open(dir));
        assertEquals(Providers.notFound(CodecProvider.class, "zstd").getMessage(), e.getMessage());
        assertEquals("zstd", e.providerName());
    }

    @Test
    void headerOnlyCrashDuringCreateLeavesNoDatabase() throws IOException {
        Path dir = tmp.resolve("creating");
        Files.createDirectories(dir);
        Files.write(dir.resolve(LogFiles.LOG + ".new"), new byte[] {1, 2, 3});
        try (Database db = open(dir)) {
            db.putBytes("b", new byte[] {4});
        }
        assertFalse(Files.exists(dir.resolve(LogFiles.LOG + ".new")));
        try (Database db = open(dir)) {
            assertArrayEquals(new byte[] {4}, db.getBytes("b"));
        }
    }
}
