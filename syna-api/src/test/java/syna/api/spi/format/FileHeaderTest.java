package syna.api.spi.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.CorruptFileException;
import syna.api.FormatVersionException;
import syna.api.InvalidArgumentException;

class FileHeaderTest {
    private static final UUID ID = UUID.fromString("00000000-0000-0001-0000-000000000002");

    @Test
    void roundTripsEveryField() {
        FileHeader h = new FileHeader("log", "log", 3, ID, 1234L);
        byte[] b = h.toBytes();
        assertEquals(FileHeader.SIZE, b.length);
        assertEquals(h, FileHeader.parse(b, Path.of("x")));
    }

    @Test
    void everySingleBitFlipIsDetected() {
        byte[] good = new FileHeader("vector-index", "hnsw", 1, ID, 99L).toBytes();
        for (int i = 0; i < good.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = good.clone();
                bad[i] ^= (byte) (1 << bit);
                int at = i;
                assertThrows(CorruptFileException.class, () -> FileHeader.parse(bad, Path.of("f")),
                        "flip at byte " + at);
            }
        }
    }

    @Test
    void truncatedOrForeignBytesAreCorrupt() {
        byte[] good = new FileHeader("log", "log", 1, ID, 1L).toBytes();
        for (int len = 0; len < good.length; len++) {
            byte[] cut = Arrays.copyOf(good, len);
            assertThrows(CorruptFileException.class, () -> FileHeader.parse(cut, Path.of("f")));
        }
        CorruptFileException e = assertThrows(CorruptFileException.class,
                () -> FileHeader.parse("hello world, this is plain text".getBytes(), Path.of("notes.txt")));
        assertTrue(e.getMessage().contains("notes.txt") && e.getMessage().contains("bad magic"), e.getMessage());
        assertEquals(0, e.offset());
    }

    @Test
    void expectChecksKindProviderAndVersion() {
        FileHeader h = new FileHeader("log", "log", 2, ID, 1L);
        Path f = Path.of("db/log");
        assertEquals(h, h.expect(f, "log", "log", 2));
        CorruptFileException kind = assertThrows(CorruptFileException.class, () -> h.expect(f, "vector-index", "log", 2));
        assertTrue(kind.getMessage().contains("expected a 'vector-index' file, found a 'log' file"), kind.getMessage());
        assertThrows(CorruptFileException.class, () -> h.expect(f, "log", "hnsw", 2));
        FormatVersionException v = assertThrows(FormatVersionException.class, () -> h.expect(f, "log", "log", 1));
        assertEquals(2, v.found());
        assertEquals(1, v.supported());
        assertTrue(v.getMessage().contains("newer release"), v.getMessage());
    }

    @Test
    void rejectsInvalidNamesAndVersions() {
        assertThrows(InvalidArgumentException.class, () -> new FileHeader("Log", "log", 1, ID, 0));
        assertThrows(InvalidArgumentException.class, () -> new FileHeader("log", "", 1, ID, 0));
        assertThrows(InvalidArgumentException.class, () -> new FileHeader("log", "log", 0, ID, 0));
    }

    @Test
    void readsFromAChannel(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("h");
        FileHeader h = FileHeader.of("log", "log", 1, ID);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            h.writeTo(ch);
            assertEquals(h, FileHeader.read(ch, f));
        }
        Files.write(f, new byte[3]);
        try (FileChannel ch = FileChannel.open(f)) {
            assertThrows(CorruptFileException.class, () -> FileHeader.read(ch, f));
        }
    }
}
