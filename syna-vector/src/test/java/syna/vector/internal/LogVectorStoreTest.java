package syna.vector.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Atom;
import syna.api.ClosedException;
import syna.api.Database;
import syna.api.DimensionMismatchException;
import syna.api.DistanceMetric;
import syna.api.Durability;
import syna.api.InvalidArgumentException;
import syna.api.ProviderNotFoundException;
import syna.api.Syna;
import syna.api.VectorMatch;
import syna.api.VectorQuery;
import syna.api.VectorStore;
import syna.api.VectorStoreOptions;

class LogVectorStoreTest {
    private static Database open(Path dir) {
        return Syna.builder(dir).durability(Durability.NONE).open();
    }

    private static VectorStoreOptions opts(int dim) {
        return VectorStoreOptions.builder(dim).metric(DistanceMetric.EUCLIDEAN).build();
    }

    private static float[] v(int i, int dim) {
        return MmapVectorStoreTest.vectorOf(i, dim);
    }

    @Test
    void insertSearchDeleteAndReopen(@TempDir Path dir) {
        int dim = 12;
        try (Database db = open(dir); VectorStore s = Syna.vectorStore(db, "docs", opts(dim))) {
            for (int i = 0; i < 300; i++) {
                s.insert("doc" + i, v(i, dim), Map.of("group", Atom.of((long) (i % 100)), "title", Atom.of("t" + i)));
            }
            assertEquals("flat", s.indexName());
            assertEquals(300, s.size());
            List<VectorMatch> hits = s.search(v(42, dim), 3, VectorQuery.defaults().withVectors());
            assertEquals("doc42", hits.getFirst().key());
            assertArrayEquals(v(42, dim), hits.getFirst().vector().orElseThrow());
            assertEquals(Atom.of("t42"), s.metadata("doc42").get("title"));
            // 1% selective metadata filter still returns k matches
            List<VectorMatch> group7 = s.search(v(0, dim), 3,
                    VectorQuery.defaults().withFilter((k, m) -> Atom.of(7L).equals(m.get("group"))));
            assertEquals(3, group7.size());
            assertTrue(group7.stream().allMatch(m -> s.metadata(m.key()).get("group").equals(Atom.of(7L))));
            assertTrue(s.delete("doc42"));
            assertFalse(s.delete("doc42"));
            s.insert("doc1", v(1001, dim)); // replaces the vector, keeps the metadata
            assertEquals(Atom.of("t1"), s.metadata("doc1").get("title"));
            assertTrue(db.namespace("vector.docs").keys().contains("v/doc1"),
                    "vectors are ordinary log entries, in the store's namespace");
            assertEquals(List.of(), db.keys(), "no store entry among the user keys");
        }
        try (Database db = open(dir); VectorStore s = Syna.vectorStore(db, "docs", opts(dim))) {
            assertEquals(299, s.size());
            assertFalse(s.contains("doc42"));
            assertArrayEquals(v(1001, dim), s.get("doc1").orElseThrow());
            assertEquals(Atom.of("t1"), s.metadata("doc1").get("title"));
            assertEquals("doc1", s.search(v(1001, dim), 1).getFirst().key());
            assertEquals(Map.of(), s.metadata("missing"));
        }
    }

    @Test
    void badInputIsTyped(@TempDir Path dir) {
        try (Database db = open(dir)) {
            VectorStore s = Syna.vectorStore(db, "docs", opts(4));
            assertThrows(DimensionMismatchException.class, () -> s.insert("a", new float[5]));
            assertThrows(DimensionMismatchException.class, () -> s.search(new float[3], 1));
            assertThrows(InvalidArgumentException.class, () -> s.insert("", new float[4]));
            assertThrows(InvalidArgumentException.class, () -> s.insert("x\uDC00", new float[4]));
            assertThrows(InvalidArgumentException.class,
                    () -> s.insertBatch(List.of("a", "b"), List.of(new float[4])));
            assertThrows(DimensionMismatchException.class,
                    () -> s.insertBatch(List.of("a", "b"), List.of(new float[4], new float[1])));
            assertFalse(s.contains("a"), "a rejected batch writes nothing");
            s.close();
            s.close();
            assertThrows(ClosedException.class, () -> s.size());
            assertThrows(DimensionMismatchException.class, () -> Syna.vectorStore(db, "docs", opts(8)));
            assertThrows(InvalidArgumentException.class, () -> Syna.vectorStore(db, "docs",
                    VectorStoreOptions.builder(4).metric(DistanceMetric.COSINE).build()));
            assertThrows(InvalidArgumentException.class, () -> Syna.vectorStore(db, "bad name", opts(4)));
            ProviderNotFoundException e = assertThrows(ProviderNotFoundException.class, () -> Syna.vectorStore(db,
                    "other", VectorStoreOptions.builder(4).index("gwi").build()));
            assertTrue(e.getMessage().contains("syna.index.gwi"), e.getMessage());
            assertThrows(InvalidArgumentException.class, () -> VectorStoreOptions.builder(0).build());
            assertThrows(InvalidArgumentException.class, () -> VectorStoreOptions.builder(4097).build());
        }
    }

    private static VectorStoreOptions indexed(int dim) {
        return VectorStoreOptions.builder(dim).metric(DistanceMetric.EUCLIDEAN).index("flat").indexThreshold(50).build();
    }

    @Test
    void attachedIndexIsSavedLoadedAndRebuiltWhenStaleOrCorrupt(@TempDir Path dir) throws IOException {
        int dim = 6;
        Path indexFile = dir.resolve("indexes").resolve("emb.index");
        try (Database db = open(dir); VectorStore s = Syna.vectorStore(db, "emb", indexed(dim))) {
            List<String> keys = new ArrayList<>();
            List<float[]> vs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                keys.add("k" + i);
                vs.add(v(i, dim));
            }
            s.insertBatch(keys, vs);
            assertEquals("flat", s.indexName());
            s.delete("k5");
            assertEquals("k7", s.search(v(7, dim), 1).getFirst().key());
            assertTrue(s.awaitIndex(java.time.Duration.ofMinutes(2)), "the index catches up in the background");
        }
        assertTrue(Files.exists(indexFile));
        long saved = Files.getLastModifiedTime(indexFile).toMillis();
        try (Database db = open(dir); VectorStore s = Syna.vectorStore(db, "emb", indexed(dim))) {
            assertEquals(199, s.size());
            assertEquals("k9", s.search(v(9, dim), 1).getFirst().key());
            assertFalse(s.contains("k5"));
            // the index came from the file: nothing changed, so closing does not rewrite it
        }
        assertEquals(saved, Files.getLastModifiedTime(indexFile).toMillis());
        // Change the data behind the index's back: the saved index is stale and must not be trusted.
        try (Database db = open(dir)) {
            db.namespace("vector.emb").putVector("v/k9", v(5000, dim));
        }
        try (Database db = open(dir); VectorStore s = Syna.vectorStore(db, "emb", indexed(dim))) {
            assertEquals("k9", s.search(v(5000, dim), 1).getFirst().key());
        }
        // A corrupt index file is rebuilt too.
        byte[] bytes = Files.readAllBytes(indexFile);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(indexFile, bytes);
        try (Database db = open(dir); VectorStore s = Syna.vectorStore(db, "emb", indexed(dim))) {
            assertEquals("k3", s.search(v(3, dim), 1).getFirst().key());
            assertEquals(199, s.size());
        }
    }

    @Test
    void concurrentWritersAndSearchersAgreeWithTheLogAfterReopen(@TempDir Path dir) throws Exception {
        int dim = 8;
        int threads = 4;
        int perThread = 300;
        try (Database db = Syna.builder(dir).durability(Durability.GROUP).open();
                VectorStore s = Syna.vectorStore(db, "c", opts(dim))) {
            java.util.concurrent.ConcurrentLinkedQueue<Throwable> errors = new java.util.concurrent.ConcurrentLinkedQueue<>();
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                ts.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < perThread; i++) {
                            // every thread also rewrites a shared key: the last write must win everywhere
                            s.insert("t" + id + "-" + i, v(id * 10_000 + i, dim));
                            s.insert("shared" + (i % 10), v(id * 10_000 + i, dim));
                            if (i % 7 == 0) {
                                s.delete("t" + id + "-" + (i / 2));
                            }
                            assertTrue(s.search(v(i, dim), 3).size() <= 3);
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }));
            }
            go.countDown();
            for (Thread t : ts) {
                t.join();
            }
            assertTrue(errors.isEmpty(), () -> "worker failed: " + errors.peek());
            for (int i = 0; i < 10; i++) {
                assertArrayEquals(db.namespace("vector.c").getVector("v/shared" + i), s.get("shared" + i).orElseThrow(),
                        "memory and log agree on shared" + i);
            }
        }
        try (Database db = open(dir); VectorStore s = Syna.vectorStore(db, "c", opts(dim))) {
            var space = db.namespace("vector.c");
            assertEquals(space.keys("v/").size(), s.size());
            for (String k : space.keys("v/")) {
                assertArrayEquals(space.getVector(k), s.get(k.substring("v/".length())).orElseThrow());
            }
        }
    }

    @Test
    void batchWithMetadataKeysAndBatchDeleteSurviveReopen(@TempDir Path dir) {
        int dim = 5;
        try (Database db = open(dir); VectorStore s = Syna.vectorStore(db, "b", opts(dim))) {
            s.insertBatch(List.of("b", "a", "c"), List.of(v(2, dim), v(1, dim), v(3, dim)),
                    List.of(Map.of("n", Atom.of(2L)), Map.of(), Map.of("n", Atom.of(3L))));
            assertEquals(List.of("a", "b", "c"), s.keys());
            assertEquals(Atom.of(2L), s.metadata("b").get("n"));
            assertEquals(Map.of(), s.metadata("a"));
            assertThrows(InvalidArgumentException.class,
                    () -> s.insertBatch(List.of("x"), List.of(v(9, dim)), List.of()));
            assertEquals(2, s.deleteBatch(List.of("a", "c", "a", "missing")));
            assertEquals(0, s.deleteBatch(List.of()));
            assertEquals(List.of("b"), s.keys());
        }
        try (Database db = open(dir); VectorStore s = Syna.vectorStore(db, "b", opts(dim))) {
            assertEquals(List.of("b"), s.keys());
            assertEquals(Atom.of(2L), s.metadata("b").get("n"));
            assertFalse(s.contains("c"));
        }
    }
}
