package syna.api.spi.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.ClosedException;
import syna.api.CorruptFileException;
import syna.api.FormatVersionException;

class SealedFilesTest {
    private static final FileHeader HEADER = FileHeader.of("vector-index", "flat", 1, new UUID(1, 2));

    private static Path write(Path dir) {
        Path f = dir.resolve("idx");
        float[] floats = new float[1000];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = i * 0.5f;
        }
        SealedFiles.write(f, HEADER, out -> out.writeInt(42).writeLong(-7).writeFloats(floats, 0, floats.length));
        return f;
    }

    @Test
    void writesAndMapsTheBody(@TempDir Path dir) {
        Path f = write(dir);
        assertFalse(Files.exists(dir.resolve("idx.tmp")));
        SealedFile s = SealedFiles.open(f, "vector-index", "flat", 1);
        var le = ByteOrder.LITTLE_ENDIAN;
        assertEquals(42, s.body().get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(le), 0));
        assertEquals(-7, s.body().get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(le), 4));
        assertEquals(499.5f, s.body().get(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(le), 12 + 4 * 999));
        assertEquals(HEADER, s.header());
        s.close();
        s.close();
        assertThrows(ClosedException.class, s::body);
    }

    @Test
    void everyTruncationIsCorrupt(@TempDir Path dir) throws IOException {
        Path f = write(dir);
        byte[] all = Files.readAllBytes(f);
        for (int len = 0; len < all.length; len += (len < 200 || len > all.length - 64 ? 1 : 97)) {
            Files.write(f, Arrays.copyOf(all, len));
            assertThrows(CorruptFileException.class, () -> SealedFiles.open(f, "vector-index", "flat", 1).close(),
                    "length " + len);
        }
    }

    @Test
    void bitFlipsInBodyOrFooterAreCorrupt(@TempDir Path dir) throws IOException {
        Path f = write(dir);
        byte[] all = Files.readAllBytes(f);
        for (int i = FileHeader.SIZE; i < all.length; i += 37) {
            byte[] bad = all.clone();
            bad[i] ^= 0x10;
            Files.write(f, bad);
            assertThrows(CorruptFileException.class, () -> SealedFiles.open(f, "vector-index", "flat", 1).close());
        }
    }

    @Test
    void newerVersionsAndOtherProvidersAreRefused(@TempDir Path dir) {
        Path f = write(dir);
        assertThrows(CorruptFileException.class, () -> SealedFiles.open(f, "vector-index", "hnsw", 1));
        SealedFiles.write(f, FileHeader.of("vector-index", "flat", 9, new UUID(1, 2)), out -> out.writeInt(1));
        assertThrows(FormatVersionException.class, () -> SealedFiles.open(f, "vector-index", "flat", 1));
    }
}
