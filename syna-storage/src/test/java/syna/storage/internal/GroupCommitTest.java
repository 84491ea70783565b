package syna.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Database;
import syna.api.DatabaseOptions;
import syna.api.Durability;

class GroupCommitTest {
    @TempDir
    Path dir;

    /** One fsync covers every write appended before it started; later writers elect a new leader. */
    @Test
    void leaderFsyncCoversFollowers() throws Exception {
        AtomicLong written = new AtomicLong(100);
        AtomicInteger forces = new AtomicInteger();
        CountDownLatch inFirstForce = new CountDownLatch(1);
        CountDownLatch releaseFirstForce = new CountDownLatch(1);
        GroupCommitter gc = new GroupCommitter(() -> {
            if (forces.incrementAndGet() == 1) {
                inFirstForce.countDown();
                await(releaseFirstForce);
            }
        }, written::get, 0);
        Thread a = Thread.ofPlatform().start(() -> gc.awaitDurable(0, 100));
        assertTrue(inFirstForce.await(10, TimeUnit.SECONDS));
        written.set(300); // B and C appended while A's fsync runs: it does not cover them
        CountDownLatch followersDone = new CountDownLatch(2);
        Thread b = Thread.ofPlatform().start(() -> {
            gc.awaitDurable(0, 200);
            followersDone.countDown();
        });
        Thread c = Thread.ofPlatform().start(() -> {
            gc.awaitDurable(0, 300);
            followersDone.countDown();
        });
        assertEquals(2, followersDone.getCount());
        releaseFirstForce.countDown();
        assertTrue(followersDone.await(10, TimeUnit.SECONDS));
        a.join();
        b.join();
        c.join();
        assertEquals(2, forces.get(), "one fsync for A, one shared by B and C");
        assertEquals(2, gc.fsyncs());
        gc.awaitDurable(0, 300); // already durable: no fsync
        assertEquals(2, forces.get());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void concurrentWritersAllCommit() throws Exception {
        int threads = 4;
        int perThread = 100;
        AtomicReference<Throwable> error = new AtomicReference<>();
        long fsyncs;
        try (Database db = LogDatabase.open(DatabaseOptions.builder(dir).durability(Durability.GROUP).build(),
                EngineHooks.NONE)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                workers.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < perThread; i++) {
                            db.putInt("w" + id, i);
                        }
                    } catch (Throwable e) {
                        error.compareAndSet(null, e);
                    }
                }));
            }
            go.countDown();
            for (Thread w : workers) {
                w.join();
            }
            fsyncs = ((LogDatabase) db).groupFsyncs();
        }
        if (error.get() != null) {
            throw new AssertionError(error.get());
        }
        assertTrue(fsyncs >= 1 && fsyncs <= threads * perThread, "fsyncs " + fsyncs);
        try (Database db = LogDatabase.open(DatabaseOptions.builder(dir).build(), EngineHooks.NONE)) {
            for (int t = 0; t < threads; t++) {
                assertEquals(perThread, db.historyAsLongs("w" + t).length);
            }
        }
    }
}
