package syna.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
import syna.api.SynaException;
import syna.tests.Seeded;
import syna.tests.fault.FaultInjector;

@Seeded
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

    /**
     * Eight GROUP writers on one database, a crash at a seeded write of the log, then a power loss
     * (every byte not forced is gone): each writer's acknowledged values are all there, in order.
     */
    @Test
    void everyAcknowledgedWriteOfManyWritersSurvivesCrashAndPowerLoss(Random r) throws Exception {
        String seed = "(-Dsyna.tests.seed reproduces)";
        int threads = 8;
        int perThread = 60;
        for (int round = 0; round < 3; round++) {
            Path d = dir.resolve("crash-" + round);
            FaultInjector injector = FaultInjector.create().crashAtWrite(2 + r.nextInt(40), r.nextInt(3) == 0 ? 0 : r.nextInt(200));
            int[] acked = new int[threads];
            AtomicReference<Throwable> error = new AtomicReference<>();
            Database db = LogDatabase.open(DatabaseOptions.builder(d).durability(Durability.GROUP).build(),
                    new EngineHooks(injector::open, EngineHooks.NONE.compactionSteps(), false));
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Thread> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    workers.add(Thread.ofPlatform().start(() -> {
                        try {
                            go.await();
                            for (int i = 0; i < perThread; i++) {
                                db.putInt("w" + id, i);
                                acked[id] = i + 1;
                                if (i % 7 == 3) {
                                    db.putBytes("b" + id + "-" + i, new byte[] {(byte) id, (byte) i});
                                }
                            }
                        } catch (SynaException e) {
                            if (!injector.crashed()) {
                                error.compareAndSet(null, e);
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
            } finally {
                db.close();
            }
            if (error.get() != null) {
                throw new AssertionError("seed " + seed, error.get());
            }
            assertTrue(injector.crashed(), "seed " + seed + ": the crash happened");
            injector.powerLoss();
            try (Database re = LogDatabase.open(DatabaseOptions.builder(d).build(), EngineHooks.NONE)) {
                assertTrue(re.verify().ok());
                for (int t = 0; t < threads; t++) {
                    long[] h = re.exists("w" + t) ? re.historyAsLongs("w" + t) : new long[0];
                    assertTrue(h.length >= acked[t], "seed " + seed + ": writer " + t + " had " + acked[t]
                            + " writes acknowledged, " + h.length + " recovered");
                    assertTrue(h.length <= acked[t] + 1, "seed " + seed + ": at most the one write in flight more");
                    for (int i = 0; i < h.length; i++) {
                        assertEquals(i, h[i], "seed " + seed + ": writer " + t + " entry " + i);
                    }
                    for (int i = 3; i < acked[t] - 1; i += 7) { // acknowledged before the next putInt was
                        assertEquals(2, re.getBytes("b" + t + "-" + i).length, "seed " + seed);
                    }
                }
            }
        }
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
