package syna.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
        assertTrue(index.growing(), "5,000 keys: the growth at 4,096 is still moving keys, found in the old slots");
        for (int i = 0; i < keys.size(); i++) {
            String copy = new String(keys.get(i).toCharArray()); // equal, not the same instance
            assertSame(histories.get(i).view(), index.view(copy));
            assertSame(histories.get(i), index.getOrCreate(copy));
            assertFalse(index.lastCreated());
        }
        assertNull(index.view("absent"));
        assertEquals(new HashSet<>(keys), new HashSet<>(index.keys()));
        for (int i = 0; index.growing(); i++) {
            index.getOrCreate("more" + i);
        }
        for (String k : keys) {
            assertNotNull(index.view(k), k + " after the growth ended");
        }
    }

    @Test
    void presizedIndexAndPutNew() {
        KeyIndex index = new KeyIndex(100);
        KeyHistory h = new KeyHistory();
        index.putNew("a", h);
        assertSame(h, index.getOrCreate("a"));
        for (int i = 0; i < 1_000; i++) {
            index.putNew("x" + i, new KeyHistory());
        }
        assertSame(h, index.getOrCreate("a"));
        assertFalse(index.lastCreated());
        assertEquals(1_001, index.size());
        KeyIndex big = new KeyIndex(150_000); // three pages of columns from the start
        for (int i = 0; i < 200_000; i++) {
            big.putNew("y" + i, new KeyHistory());
        }
        for (int i = 0; i < 200_000; i += 7) {
            assertNotNull(big.view("y" + i), "y" + i);
        }
        assertNull(big.view("y200000"));
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
                            if (index.view(k) == null) {
                                throw new AssertionError("key " + k + " inserted before the read is missing");
                            }
                        }
                        if (index.view("never") != null) {
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

    /**
     * A key held as a bare view becomes a history when written again and a bare view again when a
     * history holds one entry; readers get the same published state either way.
     */
    @Test
    void bareViewsBecomeHistoriesWhenWrittenAndBackWithOneEntry() {
        KeyIndex index = new KeyIndex();
        HistoryView one = new HistoryView(5, (byte) syna.api.ValueType.INT64.tag(), 7, 100, syna.api.Atom.of(7L));
        index.putNew("a", one);
        assertTrue(index.isBareView("a"));
        assertSameEntry(one, index.view("a"));
        assertEquals(syna.api.Atom.of(7L), index.cachedLatest("a"));

        KeyHistory h = index.writable("a");
        assertFalse(index.isBareView("a"));
        assertSameEntry(one, index.view("a")); // turning it into a history publishes nothing new
        assertSame(h, index.getOrCreate("a"));
        assertEquals(5, h.lastTimestamp());
        h.appendNumeric(6, syna.api.ValueType.INT64, 8, 120);
        h.publish();
        index.settle("a", h);
        assertFalse(index.isBareView("a"), "two entries stay a history");
        assertEquals(2, index.view("a").count());
        assertEquals(100, index.view("a").offset(0));
        assertEquals(syna.api.Atom.of(8L), index.view("a").latest());

        KeyHistory fresh = index.getOrCreate("b");
        assertTrue(index.lastCreated());
        fresh.appendStored(9, syna.api.ValueType.TEXT, 200, null);
        fresh.publish();
        index.settle("b", fresh);
        assertTrue(index.isBareView("b"));
        HistoryView b = index.view("b");
        assertSameEntry(fresh.view(), b);
        assertNull(b.latest());
        assertNull(index.cachedLatest("b"), "text read from the file");
        index.fillLatest("b", b, syna.api.Atom.of("x"));
        assertEquals(syna.api.Atom.of("x"), index.view("b").latest(), "a reader's read-back is kept");
        index.fillLatest("b", b, syna.api.Atom.of("stale"));
        assertEquals(syna.api.Atom.of("x"), index.view("b").latest(), "only over the view it read");
        assertEquals(syna.api.Atom.of("x"), index.cachedLatest("b"));
        assertNull(index.writable("absent"));
        assertNull(index.cachedLatest("absent"));
        assertEquals(2, index.size());
    }

    private static void assertSameEntry(HistoryView expected, HistoryView actual) {
        assertEquals(1, actual.count());
        assertEquals(expected.count(), actual.count());
        assertEquals(expected.time(0), actual.time(0));
        assertEquals(expected.tagAt(0), actual.tagAt(0));
        assertEquals(expected.bitsAt(0), actual.bitsAt(0));
        assertEquals(expected.offset(0), actual.offset(0));
        assertEquals(expected.latest(), actual.latest());
    }

    /** A history made from a checkpoint's array view appends past it and leaves the view as it was. */
    @Test
    void historyFromAnArrayViewLeavesTheViewAlone() {
        KeyIndex index = new KeyIndex();
        byte f = (byte) syna.api.ValueType.FLOAT64.tag();
        HistoryView v = new HistoryView(2, new long[] {1, 2}, new byte[] {f, f},
                new long[] {Double.doubleToRawLongBits(1.5), Double.doubleToRawLongBits(2.5)}, new long[] {10, 20},
                syna.api.Atom.of(2.5), true);
        index.putNew("s", v);
        KeyHistory h = index.getOrCreate("s");
        h.appendNumeric(3, syna.api.ValueType.FLOAT64, Double.doubleToRawLongBits(3.5), 30);
        h.publish();
        assertEquals(2, v.count());
        assertEquals(3, index.view("s").count());
        assertEquals(3.5, Double.longBitsToDouble(index.view("s").bitsAt(2)));
        assertEquals(2.5, Double.longBitsToDouble(index.view("s").bitsAt(1)));
    }

    /** Readers racing a writer that rewrites bare keys (bare view, history, view again) never see a key vanish or go back. */
    @Test
    void readersRacingRewritesSeeEveryKeyAndNoOlderState(SplittableRandom r) throws Exception {
        KeyIndex index = new KeyIndex();
        int n = 2_000;
        byte i64 = (byte) syna.api.ValueType.INT64.tag();
        for (int i = 0; i < n; i++) {
            index.putNew("k" + i, new HistoryView(0, i64, 0, i, syna.api.Atom.of(0L)));
        }
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicReference<Throwable> error = new AtomicReference<>();
        int[] written = new int[n];
        Thread reader = Thread.ofPlatform().start(() -> {
            SplittableRandom rr = new SplittableRandom(1);
            int[] seen = new int[n];
            try {
                while (!done.get()) {
                    int i = rr.nextInt(n);
                    HistoryView v = index.view("k" + i);
                    if (v == null || v.count() < seen[i]) {
                        throw new AssertionError("key k" + i + " went back to " + v + " after " + seen[i] + " entries");
                    }
                    seen[i] = v.count();
                }
            } catch (Throwable e) {
                error.compareAndSet(null, e);
            }
        });
        for (int round = 0; round < 20_000; round++) {
            int i = r.nextInt(n);
            KeyHistory h = index.getOrCreate("k" + i);
            h.appendNumeric(round + 1, syna.api.ValueType.INT64, round, n + round);
            h.publish();
            index.settle("k" + i, h);
            written[i]++;
            if (round % 97 == 0) {
                index.putNew("new" + round, new HistoryView(0, i64, 0, 0, null)); // growth beside the rewrites
            }
        }
        done.set(true);
        reader.join();
        if (error.get() != null) {
            throw new AssertionError(error.get());
        }
        for (int i = 0; i < n; i++) {
            assertEquals(1 + written[i], index.view("k" + i).count());
        }
    }

    /** A bulk load enters every key in the table at once, finds each, and reports a key loaded twice. */
    @Test
    void bulkLoadIndexesEveryKeyAndFindsDuplicates(SplittableRandom r) {
        KeyIndex index = new KeyIndex(10); // grows past its presize while loading
        byte i64 = (byte) syna.api.ValueType.INT64.tag();
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            load(index, "k" + i, i, i64, i * 3L, i * 10L);
        }
        assertNull(index.index());
        for (int j = 0; j < 2_000; j++) {
            int i = r.nextInt(n);
            HistoryView v = index.view("k" + i);
            assertEquals(i * 10L, v.offset(0));
            assertEquals(syna.api.Atom.of(i * 3L), index.cachedLatest("k" + i));
        }
        assertNull(index.view("k" + n));
        KeyHistory h = index.getOrCreate("new");
        assertTrue(index.lastCreated());
        assertSame(h, index.getOrCreate("new"));
        assertEquals(n + 1, index.size());

        KeyIndex dup = new KeyIndex(4);
        load(dup, "a", 1, i64, 1, 1);
        load(dup, "b", 1, i64, 2, 2);
        load(dup, "a", 1, i64, 3, 3);
        assertEquals("a", dup.index());
    }

    /**
     * Loaded keys are held as UTF-8 bytes in pages, written keys as their strings: ASCII and not,
     * across page boundaries (1,000-byte keys, pages up to 1 MiB), each found by an equal string,
     * listed back as the same string, and no other string matches.
     */
    @Test
    void loadedKeysAreBytesInPagesBesideWrittenStrings() {
        KeyIndex index = new KeyIndex();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            keys.add(switch (i % 4) {
                case 0 -> "k" + i;
                case 1 -> "ключ " + i;
                case 2 -> i + " \uD83D\uDE00";
                default -> i + "x".repeat(1_000);
            });
        }
        byte i64 = (byte) syna.api.ValueType.INT64.tag();
        int loaded = 3_000;
        for (int i = 0; i < loaded; i++) {
            load(index, keys.get(i), i, i64, i, 100 + i);
        }
        assertNull(index.index());
        for (int i = loaded; i < keys.size(); i++) {
            index.getOrCreate(keys.get(i));
            assertTrue(index.lastCreated(), keys.get(i));
        }
        for (int i = 0; i < keys.size(); i++) {
            String copy = new String(keys.get(i).toCharArray()); // not the same string object
            assertNotNull(index.view(copy), copy);
            if (i < loaded) {
                assertEquals(100 + i, index.view(copy).offset(0));
            }
            index.getOrCreate(copy);
            assertFalse(index.lastCreated(), copy);
            assertEquals(keys.get(i).hashCode(), index.keyHash(i));
            assertEquals(keys.get(i), index.key(i));
            assertEquals(keys.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8).length, index.keyLength(i));
        }
        assertEquals(keys, index.keys());
        assertNull(index.view("k"));
        assertNull(index.view("k00"));
        assertNull(index.view("ключ"));
        assertNull(index.view("2 \uD83D"), "half a surrogate pair");
        assertNull(index.view("3" + "x".repeat(999)));
        load(index, "é?", 1, i64, 1, 1);
        assertNull(index.index());
        assertNotNull(index.view("é?"));
        assertNull(index.view("é\uD800"), "an unpaired surrogate is not the '?' it would encode as");
    }

    /** The check of a hash table loaded from a file: the right size, every key in one slot, no entry past the keys. */
    @Test
    void checkSlotsFindsTablesThatDoNotFit() {
        int n = 1_000;
        int[] slots = new int[KeyIndex.slotCapacity(n)];
        for (int e = 0; e < n; e++) {
            KeyIndex.enter(slots, e, ("k" + e).hashCode());
        }
        assertNull(KeyIndex.checkSlots(slots, n));
        assertTrue(KeyIndex.checkSlots(java.util.Arrays.copyOf(slots, slots.length / 2), n).contains("slots for"));
        assertTrue(KeyIndex.checkSlots(slots, n + 1).contains("used"));
        int[] past = slots.clone();
        int free = 0;
        while (past[free] != 0) {
            free++;
        }
        past[free] = n + 5;
        assertTrue(KeyIndex.checkSlots(past, n).contains("names entry"), KeyIndex.checkSlots(past, n));
        int[] tagOnly = slots.clone();
        tagOnly[free] = 1 << 30; // hash bits, no entry
        assertTrue(KeyIndex.checkSlots(tagOnly, n).contains("names entry"));
    }

    /** The live table is handed to a checkpoint only when it holds exactly the keys asked for and is not growing. */
    @Test
    void slotsOfCopiesTheTableOnlyWhenItHoldsExactlyTheKeys() {
        KeyIndex index = new KeyIndex();
        int n = 0;
        boolean sawGrowing = false;
        while (n < 5_000) {
            index.putNew("k" + n, new KeyHistory());
            n++;
            if (index.growing()) {
                sawGrowing = true;
                assertNull(index.slotsOf(n), "growing at " + n);
            } else {
                int[] slots = index.slotsOf(n);
                assertTrue(slots != null, "not growing at " + n);
                assertNull(KeyIndex.checkSlots(slots, n));
                assertNull(index.slotsOf(n - 1), "a key more than asked for");
                assertNull(index.slotsOf(n + 1), "more keys than the index has");
            }
        }
        assertTrue(sawGrowing);
    }

    /** The table built by ranges of home slots finds every entry along its probe sequence, as one built entry by entry. */
    @Test
    void builtSlotsFindEveryEntry() throws java.io.IOException {
        for (int n : new int[] {0, 1, 7, 1_000, 100_000}) {
            int[] hashes = new int[n];
            for (int e = 0; e < n; e++) {
                hashes[e] = e % 3 == 0 ? 42 : ("k" + e).hashCode(); // a third collide: long probe runs
            }
            int[] slots = KeyIndex.buildSlots(n, each -> {
                for (int h : hashes) {
                    each.accept(h);
                }
            });
            assertNull(KeyIndex.checkSlots(slots, n), "n = " + n);
            int mask = slots.length - 1;
            for (int e = 0; e < n; e++) {
                int i = KeyIndex.home(hashes[e], mask);
                while (slots[i] != 0 && (slots[i] & mask) != e + 1) {
                    i = (i + 1) & mask;
                }
                assertEquals(e + 1, slots[i] & mask, "entry " + e + " of " + n + " on its probe sequence");
            }
        }
        int[] calls = new int[1];
        assertThrows(IllegalStateException.class, () -> KeyIndex.buildSlots(3, each -> {
            for (int i = 0; i < 3; i++) {
                each.accept(calls[0] == 0 ? 1 : i << 28); // other hashes the second time
            }
            calls[0]++;
        }));
    }

    private static void load(KeyIndex index, String key, long time, byte tag, long bits, long offset) {
        byte[] b = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        index.load(b, 0, b.length, time, tag, bits, offset);
    }
}
