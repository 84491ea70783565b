package syna.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
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
        MemorySegment w = map.window(offset, length);
        assertNotNull(w, offset + "+" + length + " not mapped");
        long at = offset - map.base(offset);
        for (long i = 0; i < length; i++) {
            assertEquals(at(offset + i), w.get(ValueLayout.JAVA_BYTE, at + i), "byte " + (offset + i));
        }
    }

    @Test
    void windowsServeTheFileBytesAcrossBoundariesAndGrowWithTheFile() throws IOException {
        try (FileChannel ch = FileChannel.open(tmp.resolve("log"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            LogMap map = new LogMap(ch, 4096, 512, 1024);
            append(ch, 3000);
            assertServes(map, 0, 100);
            assertServes(map, 2900, 100); // the tail window, mapped to the file's end
            assertNull(map.window(2950, 100), "past the end of the file");
            assertNull(map.window(0, 513), "longer than the slack: the caller's positional read");
            append(ch, 500); // 3500 bytes: grown less than the remap step since the last map
            assertNull(map.window(3100, 100), "remapped at most once per remap step of growth");
            append(ch, 1000); // 4500: a remap step past the last try
            assertServes(map, 3100, 100);
            assertServes(map, 4096 - 100, 400); // starts in window 0 and ends in window 1: window 0 reaches past it
            append(ch, 10_000);
            assertServes(map, 4096 + 10, 100); // window 1, full now
            assertServes(map, 3 * 4096 + 5, 300);
            MemorySegment w0 = map.window(10, 10);
            assertSame(w0, map.window(20, 10), "a full window is mapped once");
        }
    }

    @Test
    void aWindowMappedBeforeTheChannelClosesStaysReadable() throws IOException {
        FileChannel ch = FileChannel.open(tmp.resolve("log"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        LogMap map = new LogMap(ch, 4096, 512, 1024);
        append(ch, 9000);
        MemorySegment w = map.window(100, 50);
        ch.close();
        assertEquals(at(100), w.get(ValueLayout.JAVA_BYTE, 100));
        assertNull(map.window(8200, 50), "a new window after the close: the caller's read reports the close");
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
}
