package syna.vector.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.ClosedException;
import syna.api.CorruptFileException;
import syna.api.DatabaseLockedException;
import syna.api.DimensionMismatchException;
import syna.api.DistanceMetric;
import syna.api.InvalidArgumentException;
import syna.api.VectorMatch;
import syna.api.VectorQuery;
import syna.api.VectorStoreOptions;
import syna.api.spi.format.FileHeader;

class MmapVectorStoreTest {
    static final long SEED = Long.getLong("syna.tests.seed", 42L);

    /** The vector of key {@code i}: a deterministic function, so a reopened store can be checked. */
    static float[] vectorOf(int i, int dim) {
        SplittableRandom r = new SplittableRandom(SEED * 31 + i);
        float[] v = new float[dim];
        for (int j = 0; j < dim; j++) {
            v[j] = (float) r.nextDouble(-1, 1);
        }
        return v;
    }

    private static VectorStoreOptions options(int dim, long capacity) {
        return VectorStoreOptions.builder(dim).metric(DistanceMetric.EUCLIDEAN).initialCapacity(capacity).build();
    }

    private static void insertRange(MmapVectorStoreImpl s, int from, int to, int dim) {
        List<String> keys = new ArrayList<>();
        List<float[]> vs = new ArrayList<>();
        for (int i = from; i < to; i++) {
            keys.add("k" + i);
            vs.add(vectorOf(i, dim));
        }
        s.insertBatch(keys, vs);
    }

    @Test
    void aReopenedStoreOfEveryMetricSearchesAsBefore(@TempDir Path dir) throws IOException {
        int dim = 24;
        for (DistanceMetric metric : DistanceMetric.values()) {
            Path d = dir.resolve(metric.name());
            VectorStoreOptions o = VectorStoreOptions.builder(dim).metric(metric).initialCapacity(16).build();
            float[] q = vectorOf(7, dim);
            List<VectorMatch> before;
            try (MmapVectorStoreImpl s = MmapVectorStoreImpl.open(d, o)) {
                insertRange(s, 0, 300, dim); // several growths
                before = s.search(q, 10);
            }
            try (MmapVectorStoreImpl s = MmapVectorStoreImpl.open(d, o)) {
                assertEquals(300, s.size(), metric.name());
                List<VectorMatch> after = s.search(q, 10);
                // the same keys, the same distances up to float rounding (the kernels' summation order may differ)
                assertEquals(before.stream().map(VectorMatch::key).toList(), after.stream().map(VectorMatch::key).toList(),
                        metric.name());
                for (int i = 0; i < after.size(); i++) {
                    float was = before.get(i).distance();
                    assertEquals(was, after.get(i).distance(), 1e-5f * (1 + Math.abs(was)),
                            metric + " at " + i + " (cosine's norms rebuilt at open)");
                }
                assertEquals("k7", after.getFirst().key(), metric.name());
            }
        }
    }

    @Test
    void searchIsExactAndGrowsPastCapacity(@TempDir Path dir) {
        int dim = 19;
        try (MmapVectorStoreImpl s = MmapVectorStoreImpl.open(dir, options(dim, 10))) {
            insertRange(s, 0, 1000, dim);
            assertEquals(1000, s.size());
            float[] q = vectorOf(123, dim);
            List<VectorMatch> hits = s.search(q, 5, VectorQuery.defaults().withVectors());
            assertEquals("k123", hits.getFirst().key());
            assertEquals(0f, hits.getFirst().distance());
            assertArrayEquals(q, hits.getFirst().vector().orElseThrow());
            for (int i = 1; i < hits.size(); i++) {
                assertTrue(hits.get(i - 1).distance() <= hits.get(i).distance());
            }
            // brute force cross-check of the 5th distance
            float[] all = new float[1000];
            for (int i = 0; i < 1000; i++) {
                float[] v = vectorOf(i, dim);
                float d = 0;
                for (int j = 0; j < dim; j++) {
                    d += (q[j] - v[j]) * (q[j] - v[j]);
                }
                all[i] = d;
            }
            java.util.Arrays.sort(all);
            assertEquals(all[4], hits.get(4).distance(), 1e-4);
            List<VectorMatch> filtered = s.search(q, 10, VectorQuery.defaults().withKeyFilter(k -> k.endsWith("7")));
            assertEquals(10, filtered.size());
            assertTrue(filtered.stream().allMatch(m -> m.key().endsWith("7")));
        }
    }

    @Test
    void duplicatesUpdateAndDeletesStickAcrossReopen(@TempDir Path dir) {
        int dim = 8;
        try (MmapVectorStoreImpl s = MmapVectorStoreImpl.open(dir, options(dim, 100))) {
            insertRange(s, 0, 50, dim);
            s.insert("k3", vectorOf(1003, dim));
            assertTrue(s.delete("k4"));
            assertFalse(s.delete("k4"));
            assertEquals(49, s.size());
        }
        try (MmapVectorStoreImpl s = MmapVectorStoreImpl.open(dir, options(dim, 100))) {
            assertEquals(49, s.size());
            assertArrayEquals(vectorOf(1003, dim), s.get("k3").orElseThrow());
            assertEquals(Optional.empty(), s.get("k4"));
            assertFalse(s.contains("k4"));
            assertArrayEquals(vectorOf(49, dim), s.get("k49").orElseThrow());
            assertEquals("k3", s.search(vectorOf(1003, dim), 1).getFirst().key());
            List<String> keys = s.keys();
            assertEquals(49, keys.size());
            assertFalse(keys.contains("k4"));
            assertEquals(keys.stream().sorted().toList(), keys, "keys() is sorted");
            assertEquals(2, s.deleteBatch(List.of("k5", "k6", "k4"))); // the interface's default, one by one
            assertEquals(47, s.size());
        }
    }

    @Test
    void badInputIsTyped(@TempDir Path dir) {
        try (MmapVectorStoreImpl s = MmapVectorStoreImpl.open(dir, options(4, 10))) {
            assertThrows(DimensionMismatchException.class, () -> s.insert("a", new float[3]));
            assertThrows(DimensionMismatchException.class, () -> s.search(new float[5], 1));
            assertThrows(InvalidArgumentException.class, () -> s.insert("", new float[4]));
            assertThrows(InvalidArgumentException.class, () -> s.insert("bad\uD800", new float[4]));
            assertThrows(InvalidArgumentException.class, () -> s.search(new float[4], 0));
            assertThrows(DimensionMismatchException.class,
                    () -> s.insertBatch(List.of("x", "y"), List.of(new float[4], new float[2])));
            assertFalse(s.contains("x"), "a batch with one bad vector writes nothing");
            assertThrows(DatabaseLockedException.class, () -> MmapVectorStoreImpl.open(dir, options(4, 10)));
        }
        assertThrows(DimensionMismatchException.class, () -> MmapVectorStoreImpl.open(dir, options(5, 10)));
        MmapVectorStoreImpl s = MmapVectorStoreImpl.open(dir, options(4, 10));
        s.close();
        s.close();
        assertThrows(ClosedException.class, () -> s.size());
    }

    /** Copies the files as the disk holds them now (what a killed process leaves behind). */
    private static Path snapshot(Path dir, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("lock")) {
                    Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return to;
    }

    @Test
    void aCrashBeforeCheckpointLeavesExactlyTheLastCheckpoint(@TempDir Path tmp) throws IOException {
        int dim = 16;
        Path dir = tmp.resolve("store");
        Path crashed;
        try (MmapVectorStoreImpl s = MmapVectorStoreImpl.open(dir, options(dim, 64))) {
            insertRange(s, 0, 100, dim);
            s.checkpoint();
            insertRange(s, 100, 300, dim); // grows the file and writes slots, never checkpointed
            s.insert("k5", vectorOf(999, dim)); // an update after the checkpoint
            s.delete("k6");
            crashed = snapshot(dir, tmp.resolve("crashed"));
        }
        try (MmapVectorStoreImpl s = MmapVectorStoreImpl.open(crashed, options(dim, 64))) {
            assertEquals(100, s.size());
            for (int i = 0; i < 100; i++) {
                assertArrayEquals(vectorOf(i, dim), s.get("k" + i).orElseThrow(), "k" + i);
            }
            assertFalse(s.contains("k100"));
            insertRange(s, 100, 110, dim); // and it keeps working
            assertEquals(110, s.size());
        }
    }

    @Test
    void aTornSuperblockFallsBackToThePreviousCheckpoint(@TempDir Path dir) throws IOException {
        int dim = 4;
        long newest;
        try (MmapVectorStoreImpl s = MmapVectorStoreImpl.open(dir, options(dim, 16))) {
            insertRange(s, 0, 10, dim);
            s.checkpoint();
            insertRange(s, 10, 20, dim);
            s.checkpoint();
        }
        // Sequence 1 (create) in A, 2 in B, 3 in A: close wrote nothing new. Tear A.
        Path data = dir.resolve("vectors.syna");
        byte[] bytes = Files.readAllBytes(data);
        newest = MmapVectorStoreImpl.SUPERBLOCK_A;
        bytes[(int) newest + 21] ^= 0x5A;
        Files.write(data, bytes);
        try (MmapVectorStoreImpl s = MmapVectorStoreImpl.open(dir, options(dim, 16))) {
            assertEquals(10, s.size(), "state of the checkpoint before the torn one");
            assertTrue(s.contains("k9"));
            assertFalse(s.contains("k10"));
        }
    }

    @Test
    void damagedFilesAreCorruptNotWrong(@TempDir Path dir) throws IOException {
        try (MmapVectorStoreImpl s = MmapVectorStoreImpl.open(dir, options(4, 16))) {
            insertRange(s, 0, 10, 4);
        }
        Path keys = dir.resolve("keys.syna");
        byte[] good = Files.readAllBytes(keys);
        byte[] bad = good.clone();
        bad[FileHeader.SIZE + 20] ^= 1;
        Files.write(keys, bad);
        CorruptFileException e = assertThrows(CorruptFileException.class,
                () -> MmapVectorStoreImpl.open(dir, options(4, 16)));
        assertTrue(e.getMessage().contains("keys.syna"), e.getMessage());
        Files.write(keys, good);
        Path data = dir.resolve("vectors.syna");
        byte[] d = Files.readAllBytes(data);
        d[3] = 'X';
        Files.write(data, d);
        assertThrows(CorruptFileException.class, () -> MmapVectorStoreImpl.open(dir, options(4, 16)));
    }

    private static VectorStoreOptions indexed(int dim) {
        return VectorStoreOptions.builder(dim).metric(DistanceMetric.EUCLIDEAN).initialCapacity(64).index("flat")
                .indexThreshold(50).build();
    }

    @Test
    void attachedIndexFollowsCheckpointsAndIsRebuiltWhenItCannotBeTrusted(@TempDir Path tmp) throws IOException {
        int dim = 5;
        Path dir = tmp.resolve("store");
        Path crashed;
        try (MmapVectorStoreImpl s = MmapVectorStoreImpl.open(dir, indexed(dim))) {
            insertRange(s, 0, 40, dim);
            assertEquals("flat", s.indexName());
            insertRange(s, 40, 120, dim); // crosses the threshold: the index is built
            s.insert("k3", vectorOf(5003, dim));
            s.delete("k4");
            assertEquals("k3", s.search(vectorOf(5003, dim), 1).getFirst().key());
            assertTrue(s.search(vectorOf(4, dim), 5).stream().noneMatch(m -> m.key().equals("k4")));
            assertTrue(s.awaitIndex(java.time.Duration.ofMinutes(2)));
            s.checkpoint(); // the index covers every vector: saved with the checkpoint
            insertRange(s, 120, 150, dim);
            crashed = snapshot(dir, tmp.resolve("crashed"));
            assertTrue(s.awaitIndex(java.time.Duration.ofMinutes(2)));
        }
        Path meta = dir.resolve("index.meta");
        long saved = Files.getLastModifiedTime(meta).toMillis();
        try (MmapVectorStoreImpl s = MmapVectorStoreImpl.open(dir, indexed(dim))) {
            assertEquals(149, s.size());
            assertEquals("k149", s.search(vectorOf(149, dim), 1).getFirst().key());
        }
        assertEquals(saved, Files.getLastModifiedTime(meta).toMillis(), "an unchanged store does not rewrite its index");
        try (MmapVectorStoreImpl s = MmapVectorStoreImpl.open(crashed, indexed(dim))) {
            assertEquals(119, s.size(), "the crash image holds the checkpoint, and its index matches it");
            assertEquals("k100", s.search(vectorOf(100, dim), 1).getFirst().key());
            assertFalse(s.contains("k130"));
        }
        Path index = dir.resolve("index.syna");
        byte[] b = Files.readAllBytes(index);
        b[b.length - 30] ^= 1;
        Files.write(index, b);
        try (MmapVectorStoreImpl s = MmapVectorStoreImpl.open(dir, indexed(dim))) {
            assertEquals("k77", s.search(vectorOf(77, dim), 1).getFirst().key());
        }
    }
}
