package syna.vector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Atom;
import syna.api.Database;
import syna.api.DistanceMetric;
import syna.api.Durability;
import syna.api.IndexStatus;
import syna.api.InternalException;
import syna.api.Syna;
import syna.api.VectorFilter;
import syna.api.VectorMatch;
import syna.api.VectorQuery;
import syna.api.VectorStoreOptions;
import syna.api.Vectors;
import syna.api.spi.Capability;
import syna.api.spi.Providers;
import syna.api.spi.SearchOptions;
import syna.api.spi.VectorHit;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorIndexConfig;
import syna.api.spi.VectorIndexProvider;
import syna.api.spi.VectorSource;
import syna.tests.Seeded;

/** The log store's deferred index (pending tail) and the filtered-search plan shared by both stores. */
@Seeded
class AttachedIndexTest {
    private static final int DIM = 8;

    private static VectorStoreOptions options() {
        return VectorStoreOptions.builder(DIM).metric(DistanceMetric.EUCLIDEAN).index("flat").indexThreshold(50).build();
    }

    private static float[] v(int i) {
        return MmapVectorStoreTest.vectorOf(i, DIM);
    }

    @Test
    void writesDoNotWaitAndThePendingTailIsFoundBeforeTheIndexCatchesUp(@TempDir Path dir) {
        Gated provider = new Gated();
        try (Database db = Syna.builder(dir).durability(Durability.NONE).open()) {
            LogVectorStore s = LogVectorStore.open(db, "t", options(), Optional.of(provider));
            try {
                List<String> keys = new ArrayList<>();
                List<float[]> vs = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    keys.add("k" + i);
                    vs.add(v(i));
                }
                s.insertBatch(keys, vs); // past the threshold: an index is attached, its drain blocks on the gate
                assertEquals("flat", s.indexName());
                for (int i = 100; i < 300; i++) {
                    s.insert("k" + i, v(i), Map.of("g", Atom.of((long) (i % 10))));
                }
                s.delete("k42");
                s.insert("k7", v(1007)); // replaced in place
                assertEquals(0, provider.indexed.get(), "the index has not caught up: every hit comes from the tail");
                for (int i = 0; i < 300; i++) {
                    String top = s.search(i == 7 ? v(1007) : v(i), 1).getFirst().key();
                    if (i == 42) {
                        assertNotEquals("k42", top, "a deleted vector is never returned");
                    } else {
                        assertEquals("k" + i, top);
                    }
                }
                List<VectorMatch> g3 = s.search(v(0), 300, VectorQuery.defaults()
                        .withFilter((k, m) -> Atom.of(3L).equals(m.get("g"))));
                assertEquals(20, g3.size(), "keys 103, 113, ..., 293");
                assertEquals(0, provider.indexed.get());
            } finally {
                provider.gate.countDown();
            }
            assertTrue(s.awaitIndex(Duration.ofMinutes(2)), "the background indexer catches up once the gate opens");
            assertEquals(299, provider.last.size(), "every live vector reached the index");
            assertEquals("k7", s.search(v(1007), 1).getFirst().key());
            assertEquals("k250", s.search(v(250), 1).getFirst().key());
            s.close();
        }
    }

    @Test
    void aFilterReachesTheIndexAsOrdinalsOfKnownCount(@TempDir Path dir, SplittableRandom random) {
        Gated provider = new Gated();
        provider.gate.countDown();
        int n = 5000;
        List<float[]> vectors = new ArrayList<>();
        try (Database db = Syna.builder(dir).durability(Durability.NONE).open();
                LogVectorStore s = LogVectorStore.open(db, "f", options(), Optional.of(provider))) {
            List<String> keys = new ArrayList<>();
            List<Map<String, Atom>> meta = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                float[] x = new float[DIM];
                for (int j = 0; j < DIM; j++) {
                    x[j] = (float) random.nextDouble(-1, 1);
                }
                vectors.add(x);
                keys.add("k" + i);
                meta.add(Map.of("bucket", Atom.of((long) (i % 100))));
            }
            s.insertBatch(keys, vectors, meta);
            assertTrue(s.awaitIndex(Duration.ofMinutes(2))); // the index holds everything: no tail
            assertEquals(n, provider.last.size());
            for (int q = 0; q < 20; q++) {
                float[] query = vectors.get(random.nextInt(n)).clone();
                query[0] += 0.01f;
                long bucket = random.nextInt(100);
                VectorFilter oneInHundred = (k, m) -> Atom.of(bucket).equals(m.get("bucket"));
                List<String> got = s.search(query, 10, VectorQuery.defaults().withFilter(oneInHundred)).stream()
                        .map(VectorMatch::key).toList();
                assertEquals(50, provider.lastFilterCardinality, "the index is told how many ordinals pass");
                List<String> exact = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (i % 100 == bucket) {
                        exact.add("k" + i);
                    }
                }
                exact.sort(Comparator.comparingDouble(
                        k -> Vectors.distance(DistanceMetric.EUCLIDEAN, query, vectors.get(Integer.parseInt(k.substring(1))))));
                assertEquals(exact.subList(0, 10), got, "bucket " + bucket);
            }
            s.search(vectors.get(0), 10);
            assertEquals(-1, provider.lastFilterCardinality, "no filter, nothing pending: the index searches unfiltered");
        }
    }

    @Test
    void storedMetadataSharesNamesAndSmallValues(@TempDir Path dir) {
        try (Database db = Syna.builder(dir).durability(Durability.NONE).open();
                LogVectorStore s = LogVectorStore.open(db, "m", options(), Optional.empty())) {
            s.insertBatch(List.of("a", "b"), List.of(v(1), v(2)), List.of(
                    Map.of(new String("group"), Atom.of(7L), "title", Atom.of("x".repeat(40))),
                    Map.of(new String("group"), Atom.of(7L), "title", Atom.of("x".repeat(40)))));
            s.insert("c", v(3), Map.of(new String("group"), Atom.of(7L)));
            Map<String, Atom> a = s.metadata("a");
            Map<String, Atom> c = s.metadata("c");
            assertSame(a.get("group"), c.get("group"), "one atom per small value");
            assertSame(a.keySet().stream().filter("group"::equals).findFirst().orElseThrow(),
                    c.keySet().stream().filter("group"::equals).findFirst().orElseThrow(), "interned names");
            assertNotSame(a.get("title"), s.metadata("b").get("title"), "long texts are not shared");
            assertEquals(a.get("title"), s.metadata("b").get("title"));
        }
    }

    @Test
    void aFailedBackgroundRoundIsReportedAndRetried(@TempDir Path dir) {
        Gated provider = new Gated();
        provider.failNext.set(Integer.MAX_VALUE); // every round fails until the test says otherwise
        provider.gate.countDown();
        try (Database db = Syna.builder(dir).durability(Durability.NONE).open();
                LogVectorStore s = LogVectorStore.open(db, "e", options(), Optional.of(provider))) {
            List<String> keys = new ArrayList<>();
            List<float[]> vs = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                keys.add("k" + i);
                vs.add(v(i));
            }
            s.insertBatch(keys, vs);
            for (int i = 0; i < 120; i++) {
                assertEquals("k" + i, s.search(v(i), 1).getFirst().key()); // exact over the tail either way
            }
            assertFalse(s.awaitIndex(Duration.ofMinutes(2)), "a failed round ends the wait");
            IndexStatus failed = s.indexStatus();
            assertEquals(IndexStatus.State.FAILED, failed.state());
            assertTrue(failed.detail().contains("injected index failure"), failed.detail());
            assertEquals(0, failed.indexed());
            for (int i = 0; i < 120; i += 7) {
                assertEquals("k" + i, s.search(v(i), 1).getFirst().key(), "searches stay exact-complete");
            }
            provider.failNext.set(0);
            assertTrue(s.awaitIndex(Duration.ofMinutes(2)), "awaitIndex retries what the failed rounds left pending");
            assertEquals(IndexStatus.State.READY, s.indexStatus().state());
            assertEquals(120, provider.last.size());
            assertEquals(120, provider.indexed.get(), "the failed rounds added nothing");
        }
    }

    /** Wraps the flat provider: adds wait for a gate, are counted, can fail once; searches can be lossy. */
    static final class Gated implements VectorIndexProvider {
        final VectorIndexProvider flat = Providers.get(VectorIndexProvider.class, "flat");
        final CountDownLatch gate = new CountDownLatch(1);
        /** Once set, adds block for good (a child process that is about to be killed). */
        volatile CountDownLatch blocked;
        final AtomicInteger indexed = new AtomicInteger();
        final AtomicInteger searches = new AtomicInteger();
        final AtomicInteger failNext = new AtomicInteger();
        volatile boolean lossy;
        volatile int lastFilterCardinality;
        /** Rounds (addAll calls) begun; past {@link #passRounds} each round takes one of {@link #permits}. */
        final AtomicInteger rounds = new AtomicInteger();
        volatile int passRounds = Integer.MAX_VALUE;
        final CountDownLatch heldRoundStarted = new CountDownLatch(1);
        final java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(0);
        volatile Wrapped last;

        void block() {
            blocked = new CountDownLatch(1);
        }

        @Override
        public String name() {
            return flat.name();
        }

        @Override
        public int formatVersion() {
            return flat.formatVersion();
        }

        @Override
        public Set<Capability> capabilities() {
            return flat.capabilities();
        }

        @Override
        public VectorIndex create(VectorIndexConfig config, VectorSource source) {
            last = new Wrapped(flat.create(config, source));
            return last;
        }

        @Override
        public VectorIndex load(Path file, VectorSource source) {
            last = new Wrapped(flat.load(file, source));
            return last;
        }

        final class Wrapped implements VectorIndex {
            private final VectorIndex in;

            Wrapped(VectorIndex in) {
                this.in = in;
            }

            @Override
            public String providerName() {
                return in.providerName();
            }

            @Override
            public VectorSource source() {
                return in.source();
            }

            @Override
            public void add(int ordinal) {
                addAll(new int[] {ordinal});
            }

            @Override
            public void addAll(int[] ordinals) {
                try {
                    gate.await();
                    CountDownLatch b = blocked;
                    if (b != null) {
                        b.await();
                    }
                    if (rounds.incrementAndGet() > passRounds) {
                        heldRoundStarted.countDown();
                        permits.acquire();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InternalException("interrupted", e);
                }
                if (failNext.getAndUpdate(x -> Math.max(0, x - 1)) > 0) {
                    throw new InternalException("injected index failure");
                }
                in.addAll(ordinals);
                indexed.addAndGet(ordinals.length);
            }

            @Override
            public boolean delete(int ordinal) {
                return in.delete(ordinal);
            }

            @Override
            public boolean contains(int ordinal) {
                return in.contains(ordinal);
            }

            @Override
            public int size() {
                return in.size();
            }

            @Override
            public List<VectorHit> search(float[] query, int k, SearchOptions options) {
                searches.incrementAndGet();
                lastFilterCardinality = options.filter().cardinality();
                List<VectorHit> hits = in.search(query, k, options);
                return lossy ? List.of() : hits;
            }

            @Override
            public void save(Path file) {
                in.save(file);
            }

            @Override
            public long memoryBytes() {
                return in.memoryBytes();
            }

            @Override
            public void close() {
                in.close();
            }
        }
    }
}
