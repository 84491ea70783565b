package syna.vector.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.CorruptFileException;
import syna.api.DistanceMetric;
import syna.api.VectorStoreOptions;
import syna.api.VerifyReport;
import syna.tests.Seeded;

/**
 * Damage in a memory-mapped store is never silent: a flipped bit in a live slot is a {@link CorruptFileException}
 * at open naming the key, one in a dead slot is reported by {@code verify()}, and a damaged newest superblock
 * opens the previous checkpoint with a report of what was dropped.
 */
@Seeded
class MmapDamageTest {
    private static final int DIM = 12;

    private static VectorStoreOptions options() {
        return VectorStoreOptions.builder(DIM).metric(DistanceMetric.COSINE).initialCapacity(64).build(); // the default metric
    }

    private static float[] v(int i) {
        return MmapVectorStoreTest.vectorOf(i, DIM);
    }

    private static long stride() {
        return (4L * DIM + 63) & ~63L;
    }

    /** k0..k39, then k5 replaced (its first slot, 5, is dead) and k9 deleted (slot 9 dead); checkpointed. */
    private static Path store(Path dir) {
        try (MmapVectorStoreImpl s = MmapVectorStoreImpl.open(dir, options())) {
            List<String> keys = new ArrayList<>();
            List<float[]> vs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                keys.add("k" + i);
                vs.add(v(i));
            }
            s.insertBatch(keys, vs);
            s.insert("k5", v(500));
            s.delete("k9");
            s.checkpoint();
        }
        return dir;
    }

    private static void flip(Path file, long at, int bit) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ (1 << bit)));
            b.rewind();
            ch.write(b, at);
        }
    }

    @Test
    void everyFlippedBitInALiveSlotIsRefusedAtOpenNamingTheKey(@TempDir Path tmp, SplittableRandom r) throws IOException {
        Path good = store(tmp.resolve("good"));
        byte[] vectors = Files.readAllBytes(good.resolve("vectors.syna"));
        int refused = 0;
        for (int trial = 0; trial < 60; trial++) {
            int slot = r.nextInt(41);
            long at = MmapVectorStoreImpl.DATA_START + slot * stride() + r.nextInt(4 * DIM);
            Path dir = tmp.resolve("d" + trial);
            Files.createDirectories(dir);
            for (String f : List.of("keys.syna", "checksums.syna")) {
                Files.copy(good.resolve(f), dir.resolve(f));
            }
            Files.write(dir.resolve("vectors.syna"), vectors);
            flip(dir.resolve("vectors.syna"), at, r.nextInt(8));
            boolean live = slot != 5 && slot != 9;
            if (live) {
                CorruptFileException e = assertThrows(CorruptFileException.class,
                        () -> MmapVectorStoreImpl.open(dir, options()).close(), "flip in live slot " + slot);
                String key = slot == 40 ? "k5" : "k" + slot;
                assertTrue(e.getMessage().contains("'" + key + "'") && e.getMessage().contains("CRC32C"), e.getMessage());
                refused++;
            } else {
                try (MmapVectorStoreImpl s = MmapVectorStoreImpl.open(dir, options())) {
                    assertArrayEquals(v(500), s.get("k5").orElseThrow(), "live vectors are intact");
                    assertFalse(s.contains("k9"));
                    VerifyReport report = s.verify();
                    assertFalse(report.ok(), "verify reports the dead slot's damage");
                    assertTrue(report.problems().getFirst().description().contains("slot " + slot), report.toString());
                }
            }
        }
        assertTrue(refused > 0);
    }

    @Test
    void verifyReadsEverySlotOfAnOpenStore(@TempDir Path tmp) throws IOException {
        Path dir = store(tmp.resolve("s"));
        try (MmapVectorStoreImpl s = MmapVectorStoreImpl.open(dir, options())) {
            VerifyReport clean = s.verify();
            assertTrue(clean.ok(), clean.problems().toString());
            assertEquals(41 + 42, clean.entriesChecked(), "41 slots and 42 key records");
            s.insert("fresh", v(900)); // not checkpointed: checked against its CRC in memory
            assertTrue(s.verify().ok());
            flip(dir.resolve("vectors.syna"), MmapVectorStoreImpl.DATA_START + 17 * stride() + 3, 2); // under the mapping
            VerifyReport damaged = s.verify();
            assertEquals(1, damaged.problems().size(), damaged.problems().toString());
            assertTrue(damaged.problems().getFirst().description().contains("key 'k17'"), damaged.toString());
            assertEquals(MmapVectorStoreImpl.DATA_START + 17 * stride(), damaged.problems().getFirst().offset());
        }
    }

    @Test
    void aDamagedNewestSuperblockOpensThePreviousCheckpointAndSaysWhatItDropped(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("s");
        try (MmapVectorStoreImpl s = MmapVectorStoreImpl.open(dir, options())) {
            s.insert("a", v(1));
            s.checkpoint(); // sequence 2, superblock B
            s.insert("b", v(2));
            s.insert("c", v(3));
            s.delete("a");
        } // close checkpoints: sequence 3, superblock A
        flip(dir.resolve("vectors.syna"), MmapVectorStoreImpl.SUPERBLOCK_A + 21, 0); // its slot count
        try (MmapVectorStoreImpl s = MmapVectorStoreImpl.open(dir, options())) {
            assertEquals(List.of("a"), s.keys(), "the state of checkpoint 2");
            VerifyReport report = s.verify();
            assertFalse(report.ok());
            VerifyReport.Problem p = report.problems().getFirst();
            assertEquals(MmapVectorStoreImpl.SUPERBLOCK_A, p.offset());
            assertTrue(p.description().contains("opened checkpoint 2"), p.description());
            assertTrue(p.description().contains("2 puts, 1 deletes") && p.description().contains("put 'b'")
                    && p.description().contains("2 checkpointed vector slots"), p.description());
        }
    }

    @Test
    void aMissingChecksumsFileIsRefused(@TempDir Path tmp) throws IOException {
        Path dir = store(tmp.resolve("s"));
        Files.delete(dir.resolve("checksums.syna"));
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> MmapVectorStoreImpl.open(dir, options()));
        assertTrue(e.getMessage().contains("checksums"), e.getMessage());
    }
}
