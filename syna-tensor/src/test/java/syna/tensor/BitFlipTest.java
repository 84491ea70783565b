package syna.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.CorruptFileException;
import syna.api.Database;
import syna.api.Durability;
import syna.api.Namespace;
import syna.api.Syna;
import syna.api.SynaException;
import syna.api.store.ChunkedBlobs;

/** Damaged chunks: each way a chunk can go bad gives a typed error that names the tensor and the chunk. */
class BitFlipTest {
    static final TensorOptions OPTIONS = TensorOptions.builder().chunkBytes(4096).inlineBytes(256).build();

    /** 64 KiB whose every 8-byte word is its own index: each chunk's bytes are unique in the file. */
    static Tensor pattern() {
        long[] v = new long[8192];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0x5A5A000000000000L | i;
        }
        return Tensor.ofLongs(v);
    }

    @Test
    void aChunkWhoseBytesChangedFailsItsCrcNamingTheChunk(@TempDir Path dir) {
        try (Database db = Syna.builder(dir).durability(Durability.NONE).open()) {
            TensorEngine engine = TensorEngine.open(db, OPTIONS);
            engine.put("p", pattern());
            // a chunk rewritten behind the engine's back (another writer, a buggy tool): same length, other bytes
            Namespace chunks = db.namespace("tensor.chunks");
            String key = chunks.keys().get(5);
            assertEquals("00000005", key.substring(key.length() - 8));
            byte[] b = chunks.getBytes(key);
            b[100] ^= 0x10;
            chunks.putBytes(key, b);
            ChunkCorruptException e = assertThrows(ChunkCorruptException.class, () -> engine.get("p"));
            assertEquals(5, e.chunk());
            assertEquals("p", e.tensor());
            assertTrue(e.getMessage().contains("chunk 5 of 16") && e.getMessage().contains("CRC32C")
                    && e.getMessage().contains("bytes 20480 to 24576"), e.getMessage());
            try (TensorReader r = engine.reader("p")) { // the chunks before it stream fine
                for (int c = 0; c < 5; c++) {
                    r.next();
                }
                assertEquals(5, assertThrows(ChunkCorruptException.class, r::next).chunk());
            }
            chunks.delete(ChunkedBlobs.chunkKey(key.substring(0, key.length() - 8), 9));
            ChunkCorruptException missing = assertThrows(ChunkCorruptException.class, () -> {
                try (TensorReader r = engine.reader("p")) {
                    r.read(9 * 4096L + 10, MemorySegment.ofArray(new byte[8]));
                }
            });
            assertEquals(9, missing.chunk());
            assertTrue(missing.getMessage().contains("is missing"), missing.getMessage());
        }
    }

    @Test
    void aBitFlippedOnDiskIsReportedAndASalvagedOpenNamesTheLostChunk(@TempDir Path dir) throws IOException {
        try (Database db = Syna.builder(dir).durability(Durability.NONE).open()) {
            TensorEngine.open(db, OPTIONS).put("p", pattern());
        }
        Path log = findLog(dir);
        byte[] file = Files.readAllBytes(log);
        long word = 0x5A5A000000000000L | (7 * 512 + 3); // chunk 7, word 3
        int at = indexOf(file, word);
        assertTrue(at > 0, "pattern found in " + log);
        file[at + 2] ^= 0x04;
        Files.write(log, file);
        SynaException open = assertThrows(SynaException.class, () -> {
            try (Database db = Syna.open(dir)) {
                TensorEngine.open(db, OPTIONS).get("p").close();
            }
        });
        assertTrue(open instanceof CorruptFileException || open instanceof ChunkCorruptException, open.toString());
        if (open instanceof ChunkCorruptException c) {
            assertEquals(7, c.chunk());
        }
        try (Database db = Syna.builder(dir).readOnly(true).salvage(true).open()) {
            ChunkCorruptException e = assertThrows(ChunkCorruptException.class,
                    () -> TensorEngine.open(db, OPTIONS).get("p"));
            assertEquals(7, e.chunk(), e.getMessage());
        }
    }

    static Path findLog(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            List<Path> logs = s.filter(p -> p.getFileName().toString().endsWith(".log")).toList();
            assertEquals(1, logs.size(), "one log in " + dir);
            return logs.getFirst();
        }
    }

    static int indexOf(byte[] file, long word) {
        outer:
        for (int i = 0; i + 8 <= file.length; i++) {
            for (int k = 0; k < 8; k++) {
                if (file[i + k] != (byte) (word >>> (8 * k))) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
