package syna.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.DatabaseOptions;
import syna.api.Durability;

/** The sorted key view of a key space: built once, complete for every reader, kept up to date by the writer. */
class SpaceTest {
    @Test
    void readersRacingTheFirstBuildEachSeeEveryKeyInOrder() throws Exception {
        Space s = new Space(Space.USER, "", new KeyIndex());
        TreeSet<String> expected = new TreeSet<>();
        for (int i = 0; i < 200_000; i++) {
            String k = "key/" + Integer.toHexString(i * 0x9E3779B9);
            s.historyFor(k);
            expected.add(k);
        }
        int readers = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<AtomicReference<List<String>>> seen = new ArrayList<>();
        for (int t = 0; t < readers; t++) {
            AtomicReference<List<String>> got = new AtomicReference<>();
            seen.add(got);
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                got.set(new ArrayList<>(s.sortedKeys())); // a copy of what this reader was handed
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        List<String> inOrder = new ArrayList<>(expected);
        for (AtomicReference<List<String>> got : seen) {
            assertEquals(inOrder.size(), got.get().size(), "a reader was handed a view still being built");
            assertEquals(inOrder, got.get());
        }
    }

    @Test
    void keysAddedWhileTheViewIsBuiltAreInIt() throws Exception {
        Space s = new Space(Space.USER, "", new KeyIndex());
        for (int i = 0; i < 100_000; i++) {
            s.historyFor("a/" + i);
        }
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 20_000; i++) {
                s.historyFor("b/" + i);
            }
        });
        ConcurrentSkipListSet<String> view = s.sortedKeys();
        writer.join();
        assertEquals(120_000, view.size());
        assertEquals(new TreeSet<>(s.index.keys()), view);
    }

    @Test
    void theFirstListingWithoutTheViewAnswersAsTheViewDoes(@TempDir Path dir) {
        try (LogDatabase db = LogDatabase.open(DatabaseOptions.builder(dir).durability(Durability.NONE).build(),
                EngineHooks.NONE)) {
            TreeSet<String> live = new TreeSet<>();
            for (int i = 0; i < 3_000; i++) {
                String k = (i % 3 == 0 ? "vec/" : i % 3 == 1 ? "meta/" : "other") + Integer.toHexString(i * 0x9E3779B9);
                db.putInt(k, i);
                live.add(k);
            }
            for (String k : List.copyOf(live).subList(0, 500)) {
                db.delete(k);
                live.remove(k);
            }
            db.putInt("vec", 1); // a key equal to the prefix is in its listing
            live.add("vec");
            List<String> vec = live.stream().filter(k -> k.startsWith("vec")).toList();
            // first: one pass over the index and a sort; second and later: the sorted view
            assertEquals(vec, db.keys("vec"));
            assertEquals(vec, db.keys("vec"));
            assertEquals(List.copyOf(live), db.keys());
            assertEquals(live.stream().filter(k -> k.startsWith("meta/") && k.endsWith("0")).toList(),
                    db.keysMatching("meta/*0"));
        }
        try (LogDatabase db = LogDatabase.open(DatabaseOptions.builder(dir).durability(Durability.NONE).build(),
                EngineHooks.NONE)) {
            List<String> first = db.keysMatching("meta/*0"); // reopened: the pass again, for a glob
            assertEquals(first, db.keysMatching("meta/*0"));
            assertEquals(db.keys().stream().filter(k -> k.startsWith("meta/") && k.endsWith("0")).toList(), first);
        }
    }
}
