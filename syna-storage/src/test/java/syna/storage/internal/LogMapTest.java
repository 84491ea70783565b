package syna.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.CorruptFileException;
import syna.api.Database;
import syna.api.DatabaseOptions;
import syna.api.Durability;
import syna.tests.fault.BitFlips;

/** The read-only maps of the log that gets read text and bytes values from (issue 15). */
class LogMapTest {
    @TempDir
    Path tmp;

    private static byte at(long offset) {
        return (byte) (offset * 31 + (offset >>> 8));
    }

    private static void append(FileChannel ch, long bytes) throws IOException {
        long from = ch.size();
        ByteBuffer b = ByteBuffer.allocate((int) bytes);
        for (int i = 0; i < bytes; i++) {
            b.put(at(from + i));
        }
        b.flip();
        while (b.hasRemaining()) {
            ch.write(b, from + b.position());
        }
    }

    private static void assertServes(LogMap map, long offset, long length) {
        MemorySegment w = map.at(offset, length);
        assertNotNull(w, offset + "+" + length + " not mapped");
        assertTrue(w.byteSize() >= length);
        for (long i = 0; i < length; i++) {
            assertEquals(at(offset + i), w.get(ValueLayout.JAVA_BYTE, i), "byte " + (offset + i));
        }
    }

    @Test
    void piecesThenWindowsServeTheFileBytesAcrossBoundariesAndGrowWithTheFile() throws IOException {
        try (FileChannel ch = FileChannel.open(tmp.resolve("log"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            LogMap map = new LogMap(ch, 4096, 1024, 256, Long.MAX_VALUE); // a partial piece is never remapped
            append(ch, 3000);
            assertServes(map, 0, 100); // piece 0, whole
            assertServes(map, 1000, 200); // starts in piece 0, ends in piece 1: piece 0 reaches past it
            assertServes(map, 2900, 100); // piece 2, partial: mapped to the file's end
            assertNull(map.at(2950, 100), "past the end of the file");
            assertNull(map.at(0, 257), "longer than the slack: the caller's positional read");
            assertEquals(2, map.piecesMapped());
            append(ch, 500);
            assertNull(map.at(2990, 50), "a partial piece is mapped again only after the retry interval");
            assertServes(map, 3300, 50); // piece 3: its first map
            append(ch, 10_000);
            assertNull(map.at(4096 - 100, 200), "in partial piece 3, which waits out the retry interval");
            assertServes(map, 1500, 100); // piece 1 was never mapped: window 0 is whole now and mapped
            assertEquals(0, map.piecesMapped(), "window 0 is whole: its pieces are dropped");
            assertServes(map, 4096 - 100, 200); // window 0 reaches past its end by the slack
        }
    }

    @Test
    void aPartialPieceIsMappedAgainAfterTheRetryIntervalAndAWholeWindowOnce() throws IOException {
        try (FileChannel ch = FileChannel.open(tmp.resolve("log"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            LogMap map = new LogMap(ch, 4096, 1024, 256, 0);
            append(ch, 1500);
            assertServes(map, 1400, 100);
            append(ch, 100);
            assertServes(map, 1500, 100); // remapped at once: no retry interval
            append(ch, 3 * 4096);
            MemorySegment w0 = map.at(10, 10);
            assertServes(map, 4000, 256);
            assertEquals(0, map.piecesMapped(), "window 0 is whole: its pieces are dropped");
            assertEquals(w0.address() - 10, map.at(20, 10).address() - 20, "a whole window is mapped once");
            assertServes(map, 2 * 4096 + 5, 256);
        }
    }

    /**
     * Readers racing a writer that appends (and the maps that pieces, remaps and whole windows
     * replace under them) read exactly the bytes the file holds, or are told to read the file.
     */
    @Test
    void readersRacingAppendsReadTheFileBytes() throws Exception {
        try (FileChannel ch = FileChannel.open(tmp.resolve("log"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            LogMap map = new LogMap(ch, 8192, 1024, 256, 0); // remapped as often as reads ask
            java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicReference<Throwable> error = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.atomic.AtomicLong mapped = new java.util.concurrent.atomic.AtomicLong();
            long total = 2_000_000;
            java.util.List<Thread> readers = new java.util.ArrayList<>();
            for (int t = 0; t < 2; t++) {
                SplittableRandom r = new SplittableRandom(t);
                readers.add(Thread.ofPlatform().start(() -> {
                    try {
                        while (written.get() < total) {
                            long upTo = written.get();
                            if (upTo < 300) {
                                continue;
                            }
                            long len = 1 + r.nextInt(256);
                            long span = r.nextBoolean() ? upTo - len : Math.min(upTo - len, 3000); // half near the end
                            long offset = upTo - len - 1 - r.nextLong(span);
                            MemorySegment w = map.at(offset, len);
                            if (w != null) {
                                mapped.incrementAndGet();
                                for (long i = 0; i < len; i++) {
                                    if (w.get(ValueLayout.JAVA_BYTE, i) != at(offset + i)) {
                                        throw new AssertionError("byte " + (offset + i) + " read wrong");
                                    }
                                }
                            }
                        }
                    } catch (Throwable e) {
                        error.compareAndSet(null, e);
                    }
                }));
            }
            SplittableRandom r = new SplittableRandom(9);
            while (written.get() < total) {
                append(ch, 1 + r.nextInt(700));
                written.set(ch.size());
            }
            for (Thread t : readers) {
                t.join();
            }
            if (error.get() != null) {
                throw new AssertionError(error.get());
            }
            assertTrue(mapped.get() > 0, "no read was served by a map");
        }
    }

    @Test
    void aMapMadeBeforeTheChannelClosesStaysReadable() throws IOException {
        FileChannel ch = FileChannel.open(tmp.resolve("log"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        LogMap map = new LogMap(ch, 4096, 1024, 256, 0);
        append(ch, 9000);
        MemorySegment w = map.at(100, 50);
        ch.close();
        assertEquals(at(100), w.get(ValueLayout.JAVA_BYTE, 0));
        assertNull(map.at(8200, 50), "a new map after the close: the caller's read reports the close");
    }

    private static Database open(Path dir) {
        return LogDatabase.open(DatabaseOptions.builder(dir).durability(Durability.NONE).build(), EngineHooks.NONE);
    }

    @Test
    void mappedGetsReturnWhatWasWrittenAndReportDamageWithItsOffset() throws IOException {
        Path dir = tmp.resolve("db");
        SplittableRandom r = new SplittableRandom(7);
        byte[][] values = new byte[300][];
        long[] offsets = new long[values.length];
        try (Database db = open(dir)) {
            for (int i = 0; i < values.length; i++) {
                values[i] = new byte[40 + r.nextInt(3000)]; // over the heap limit: read from the maps
                r.nextBytes(values[i]);
                offsets[i] = db.stats().fileBytes();
                if (i % 2 == 0) {
                    db.putBytes("b" + i, values[i]);
                } else {
                    db.putText("t" + i, new String(values[i], StandardCharsets.ISO_8859_1));
                }
                int j = r.nextInt(i + 1); // read back at once: the buffered record is flushed for the read
                assertValue(db, j, values[j]);
            }
            for (int i = 0; i < values.length; i++) {
                assertValue(db, i, values[i]);
            }
        }
        // damage one record of the closed file: the open trusts its checkpoint, the get finds the damage
        BitFlips.flip(dir.resolve(LogFiles.LOG), offsets[100] + RecordFormat.HEADER + 6);
        try (Database db = open(dir)) {
            assertValue(db, 99, values[99]);
            CorruptFileException e = assertThrows(CorruptFileException.class, () -> db.getBytes("b100"));
            assertEquals(offsets[100], e.offset());
            assertTrue(e.getMessage().contains("CRC32C"), e.getMessage());
            assertValue(db, 101, values[101]);
        }
    }

    private static void assertValue(Database db, int i, byte[] value) {
        if (i % 2 == 0) {
            assertArrayEquals(value, db.getBytes("b" + i), "b" + i);
        } else {
            assertEquals(new String(value, StandardCharsets.ISO_8859_1), db.getText("t" + i), "t" + i);
        }
    }

    private static void assertSpan(LogMap map, long offset, long length) {
        MemorySegment w = map.span(offset, length);
        assertNotNull(w, offset + "+" + length + " not spanned");
        assertEquals(length, w.byteSize());
        for (long i = 0; i < length; i++) {
            assertEquals(at(offset + i), w.get(ValueLayout.JAVA_BYTE, i), "byte " + (offset + i));
        }
    }

    @Test
    void spansOfAnyLengthComeFromTheWindowOrItsWrittenTail() throws IOException {
        try (FileChannel ch = FileChannel.open(tmp.resolve("log"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            LogMap map = new LogMap(ch, 4096, 1024, 256, Long.MAX_VALUE); // a tail is mapped once
            append(ch, 3000);
            assertSpan(map, 100, 2800); // longer than the slack and a piece: the tail of window 0
            assertNull(map.span(100, 2901), "past the end of the file");
            append(ch, 500);
            assertNull(map.span(3100, 300), "the tail is mapped again only after the retry interval");
            assertSpan(map, 0, 3000); // still in the old tail
            append(ch, 10_000);
            assertSpan(map, 10, 4096 + 256 - 10); // window 0 is whole now: it reaches its slack past its end
            assertNull(map.span(4000, 400), "crosses window 0's slack into window 1: no single map");
            assertSpan(map, 4096 + 7, 4000); // window 1, whole
            assertSpan(map, 0, 0);
        }
    }

    @Test
    void viewedBytesAreTheValueAndItsCrcWithoutACopyAndReportDamage() throws IOException {
        Path dir = tmp.resolve("db");
        SplittableRandom r = new SplittableRandom(11);
        byte[] big = new byte[3 << 20]; // over the slack: the span path
        r.nextBytes(big);
        byte[] small = new byte[500];
        r.nextBytes(small);
        long bigAt;
        try (Database db = open(dir)) {
            db.putBytes("small", small);
            bigAt = db.stats().fileBytes();
            db.putBytes("big", big);
            db.putBytes("tiny", new byte[] {1, 2, 3}); // on the heap
            for (String k : new String[] {"small", "big", "tiny"}) {
                syna.api.BytesView v = db.viewBytes(k);
                byte[] expect = db.getBytes(k);
                assertArrayEquals(expect, v.bytes().toArray(ValueLayout.JAVA_BYTE), k);
                assertEquals(syna.api.spi.format.Checksums.crc32c(expect, 0, expect.length), v.crc32c(), k);
                assertTrue(v.bytes().isReadOnly(), k);
            }
            syna.api.BytesView kept = db.viewBytes("big");
            assertTrue(kept.bytes().isMapped(), "a large stored value is a slice of a map, not a copy");
            db.putBytes("big", small);
            db.compact();
            assertArrayEquals(small, db.getBytes("big"));
            assertArrayEquals(big, kept.bytes().toArray(ValueLayout.JAVA_BYTE), "a view outlives overwrite and compaction");
            db.putInt("n", 1);
            assertThrows(syna.api.TypeMismatchException.class, () -> db.viewBytes("n"));
            assertThrows(syna.api.KeyNotFoundException.class, () -> db.viewBytes("absent"));
            assertThrows(syna.api.InvalidArgumentException.class, () -> db.viewBytes(""));
        }
        Path dir2 = tmp.resolve("db2");
        try (Database db = open(dir2)) {
            bigAt = db.stats().fileBytes();
            db.putBytes("big", big);
        }
        BitFlips.flip(dir2.resolve(LogFiles.LOG), bigAt + RecordFormat.HEADER + 3 + 2_000_000);
        try (Database db = open(dir2)) {
            CorruptFileException e = assertThrows(CorruptFileException.class, () -> db.viewBytes("big"));
            assertEquals(bigAt, e.offset());
            assertTrue(e.getMessage().contains("CRC32C"), e.getMessage());
        }
    }
}
