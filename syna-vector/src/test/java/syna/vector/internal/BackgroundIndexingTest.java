package syna.vector.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Database;
import syna.api.DistanceMetric;
import syna.api.Durability;
import syna.api.IndexStatus;
import syna.api.Syna;
import syna.api.VectorStore;
import syna.api.VectorStoreOptions;
import syna.api.spi.ArrayVectorSource;
import syna.api.spi.Providers;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorIndexProvider;
import syna.tests.Seeded;

/**
 * Searches never wait for an index build, the state is reported, and close saves the index as far as it is
 * built (the next open resumes from there), for both stores. The index is the {@code flat} provider behind a
 * gate ({@link AttachedIndexTest.Gated}) so the test, not the clock, decides how far a build has got.
 */
@Seeded
class BackgroundIndexingTest {
    private static final int DIM = 8;
    private static final int N = 20_000;

    private static VectorStoreOptions options() {
        return VectorStoreOptions.builder(DIM).metric(DistanceMetric.EUCLIDEAN).index("flat").indexThreshold(50)
                .initialCapacity(64).build();
    }

    private static float[] v(int i) {
        return MmapVectorStoreTest.vectorOf(i, DIM);
    }

    private static void fill(VectorStore s) {
        List<String> keys = new ArrayList<>();
        List<float[]> vs = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            keys.add("k" + i);
            vs.add(v(i));
        }
        s.insertBatch(keys, vs);
    }

    private static void assertAllFound(VectorStore s, String what) {
        for (int i = 0; i < N; i += 37) {
            assertEquals("k" + i, s.search(v(i), 1).getFirst().key(), what + ": k" + i);
        }
        assertEquals(N, s.search(v(0), Integer.MAX_VALUE).size(), what);
    }

    /** A store of either kind over the gated provider, and how to reopen it with a plain one. */
    private interface Kind {
        VectorStore open(Path dir, Optional<VectorIndexProvider> provider);
    }

    private static void searchesNeverWaitForTheBuild(Path dir, Kind kind) throws Exception {
        AttachedIndexTest.Gated gated = new AttachedIndexTest.Gated(); // its gate stays shut: no round finishes
        VectorStore s = kind.open(dir, Optional.of(gated));
        try {
            IndexStatus empty = s.indexStatus();
            assertEquals(IndexStatus.State.EXACT, empty.state(), empty.toString());
            fill(s);
            assertAllFound(s, "while nothing is indexed");
            IndexStatus building = s.indexStatus();
            assertEquals(IndexStatus.State.BUILDING, building.state(), building.toString());
            assertEquals(0, building.indexed());
            assertEquals(N, building.total());
            assertEquals(0, gated.indexed.get());
            assertEquals(false, s.awaitIndex(Duration.ofMillis(1)), "a short wait ends before the build");
        } finally {
            gated.gate.countDown();
        }
        assertTrue(s.awaitIndex(Duration.ofMinutes(2)));
        IndexStatus ready = s.indexStatus();
        assertEquals(IndexStatus.State.READY, ready.state(), ready.toString());
        assertEquals(N, ready.indexed());
        assertEquals(0, ready.remainingMillis());
        assertAllFound(s, "once indexed");
        s.close();
    }

    /**
     * Close during a build: it waits for the round in progress only, saves what is built, and the next open adopts
     * that and adds the rest in the background; no vector is lost.
     */
    private static void closeSavesWhatIsBuiltAndTheNextOpenResumes(Path dir, Kind kind, Path indexFile) throws Exception {
        AttachedIndexTest.Gated gated = new AttachedIndexTest.Gated();
        gated.gate.countDown();
        gated.passRounds = 2; // the third round waits
        VectorStore s = kind.open(dir, Optional.of(gated));
        fill(s);
        assertTrue(gated.heldRoundStarted.await(2, TimeUnit.MINUTES), "a third round started");
        CompletableFuture<Void> closing = CompletableFuture.runAsync(s::close);
        // Let one round end at a time until close returns: close stops the indexer after the round in progress
        // (rounds double from 256, so the build needs seven; close needs one or two).
        for (int i = 0; !closing.isDone(); i++) {
            assertTrue(i < 120, "close did not return");
            gated.permits.release();
            try {
                closing.get(1, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException stillClosing) {
                // another round, then look again
            }
        }
        closing.get();
        int saved;
        try (VectorIndex idx = Providers.get(VectorIndexProvider.class, "flat").load(indexFile,
                ArrayVectorSource.zeros(N, DIM, DistanceMetric.EUCLIDEAN))) {
            saved = idx.size();
        }
        assertTrue(saved > 0 && saved < N, "the index was saved as far as it was built: " + saved + " of " + N);
        try (VectorStore again = kind.open(dir, Optional.of(Providers.get(VectorIndexProvider.class, "flat")))) {
            IndexStatus st = again.indexStatus();
            assertTrue(st.indexed() >= saved, "the saved index was adopted, not rebuilt: " + st);
            assertAllFound(again, "after reopening a partly built index");
            assertTrue(again.awaitIndex(Duration.ofMinutes(2)));
            assertEquals(N, again.indexStatus().indexed());
            for (int i = 0; i < N; i += 101) {
                assertArrayEquals(v(i), again.get("k" + i).orElseThrow());
            }
        }
    }

    @Test
    void logStoreSearchesNeverWaitForTheBuild(@TempDir Path dir) throws Exception {
        try (Database db = Syna.builder(dir).durability(Durability.NONE).open()) {
            searchesNeverWaitForTheBuild(dir, (d, p) -> LogVectorStore.open(db, "bg", options(), p));
        }
    }

    @Test
    void mmapStoreSearchesNeverWaitForTheBuild(@TempDir Path dir) throws Exception {
        searchesNeverWaitForTheBuild(dir, (d, p) -> MmapVectorStoreImpl.open(d.resolve("m"), options(), p));
    }

    @Test
    void logStoreCloseSavesWhatIsBuiltAndTheNextOpenResumes(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("db");
        try (Database d = Syna.builder(db).durability(Durability.NONE).open()) {
            closeSavesWhatIsBuiltAndTheNextOpenResumes(db, (x, p) -> LogVectorStore.open(d, "bg", options(), p),
                    StoreKeys.inNamespace("bg").indexFile(db));
        }
    }

    @Test
    void mmapStoreCloseSavesWhatIsBuiltAndTheNextOpenResumes(@TempDir Path dir) throws Exception {
        Path m = dir.resolve("m");
        closeSavesWhatIsBuiltAndTheNextOpenResumes(m, (x, p) -> MmapVectorStoreImpl.open(m, options(), p),
                m.resolve("index.syna"));
    }
}
