package syna.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import syna.tests.Seeded;

@Seeded
class KeyIndexTest {
    @Test
    void findsEveryKeyThroughGrowthAndNoOtherKey(SplittableRandom r) {
        KeyIndex index = new KeyIndex();
        List<String> keys = new ArrayList<>();
        List<KeyHistory> histories = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            String k = "k" + r.nextInt(1_000_000) + "/" + i;
            KeyHistory h = index.getOrCreate(k);
            assertTrue(index.lastCreated());
            keys.add(k);
            histories.add(h);
        }
        assertEquals(keys.size(), index.size());
        for (int i = 0; i < keys.size(); i++) {
            String copy = new String(keys.get(i).toCharArray()); // equal, not the same instance
            assertSame(histories.get(i), index.get(copy));
            assertSame(histories.get(i), index.getOrCreate(copy));
            assertFalse(index.lastCreated());
        }
        assertNull(index.get("absent"));
        assertEquals(new HashSet<>(keys), new HashSet<>(index.keys()));
    }

    @Test
    void presizedIndexAndPutNew() {
        KeyIndex index = new KeyIndex(100);
        KeyHistory h = new KeyHistory();
        index.putNew("a", h);
        assertSame(h, index.get("a"));
        for (int i = 0; i < 1_000; i++) {
            index.putNew("x" + i, new KeyHistory());
        }
        assertSame(h, index.get("a"));
        assertEquals(1_001, index.size());
    }

    /** Readers racing one writer (which grows the table many times) find every key published before their read. */
    @Test
    void readersSeeEveryKeyInsertedBeforeTheirRead() throws Exception {
        KeyIndex index = new KeyIndex();
        int n = 100_000;
        String[] keys = new String[n];
        for (int i = 0; i < n; i++) {
            keys[i] = "key-" + i;
        }
        AtomicInteger published = new AtomicInteger();
        AtomicReference<Throwable> error = new AtomicReference<>();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int seed = t;
            readers.add(Thread.ofPlatform().start(() -> {
                SplittableRandom r = new SplittableRandom(seed);
                try {
                    while (published.get() < n) {
                        int upTo = published.get();
                        if (upTo > 0) {
                            String k = keys[r.nextInt(upTo)];
                            if (index.get(k) == null) {
                                throw new AssertionError("key " + k + " inserted before the read is missing");
                            }
                        }
                        if (index.get("never") != null) {
                            throw new AssertionError("found a key never inserted");
                        }
                    }
                } catch (Throwable e) {
                    error.compareAndSet(null, e);
                }
            }));
        }
        for (int i = 0; i < n; i++) {
            index.getOrCreate(keys[i]);
            published.set(i + 1);
        }
        for (Thread t : readers) {
            t.join();
        }
        if (error.get() != null) {
            throw new AssertionError(error.get());
        }
        assertEquals(n, index.size());
    }
}
