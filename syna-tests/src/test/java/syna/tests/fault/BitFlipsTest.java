package syna.tests.fault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BitFlipsTest {
    @TempDir
    Path dir;

    @Test
    void flipChangesExactlyOneBitAndFlippingAgainRestoresIt() throws IOException {
        Path f = Files.write(dir.resolve("f"), new byte[] {0, 1, 2, 3});
        assertEquals(2, BitFlips.flip(f, 2, 0));
        assertArrayEquals(new byte[] {0, 1, 3, 3}, Files.readAllBytes(f));
        BitFlips.flip(f, 2, 0);
        assertArrayEquals(new byte[] {0, 1, 2, 3}, Files.readAllBytes(f));
        BitFlips.flip(f, 0);
        assertArrayEquals(new byte[] {0x10, 1, 2, 3}, Files.readAllBytes(f));
        assertThrows(IllegalArgumentException.class, () -> BitFlips.flip(f, 4, 0));
        assertThrows(IllegalArgumentException.class, () -> BitFlips.flip(f, 0, 8));
    }

    @Test
    void randomFlipsStayInTheirRangeAndDifferFromTheOriginalThere() throws IOException {
        byte[] original = new byte[1000];
        new Random(1).nextBytes(original);
        Path f = Files.write(dir.resolve("r"), original);
        List<Long> at = BitFlips.flipRandom(f, 100, 200, 5, new Random(2));
        assertEquals(5, at.size());
        byte[] now = Files.readAllBytes(f);
        for (int i = 0; i < now.length; i++) {
            boolean flipped = at.contains((long) i);
            assertEquals(flipped ? 1 : 0, Integer.bitCount((now[i] ^ original[i]) & 0xFF), "byte " + i);
            if (flipped) {
                assertEquals(true, i >= 100 && i < 200, "byte " + i);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> BitFlips.flipRandom(f, 0, 3, 4, new Random(3)));
    }

    @Test
    void copyDirectoryCopiesTheTreeAndRefusesAnExistingTarget() throws IOException {
        Path src = Files.createDirectories(dir.resolve("db/indexes"));
        Files.writeString(dir.resolve("db/data.log"), "log");
        Files.writeString(src.resolve("x.hnsw"), "index");
        Path copy = BitFlips.copyDirectory(dir.resolve("db"), dir.resolve("copy"));
        assertEquals("log", Files.readString(copy.resolve("data.log")));
        assertEquals("index", Files.readString(copy.resolve("indexes/x.hnsw")));
        assertThrows(IllegalArgumentException.class, () -> BitFlips.copyDirectory(dir.resolve("db"), copy));
    }
}
