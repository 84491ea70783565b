package syna.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.DatabaseOptions;
import syna.api.Durability;

/**
 * Interrupting a thread that is writing or reading never breaks the database for the others: a plain
 * {@code FileChannel} is closed for everyone when one of its users is interrupted mid-operation, and the
 * log would stop taking writes until reopened ({@link syna.api.spi.format.InterruptSafeChannel}). The interrupted thread keeps
 * its interrupt status; every acknowledged write is there after a reopen.
 */
class InterruptTest {
    @TempDir
    Path tmp;

    private static byte[] value(int key, int round) {
        byte[] v = new byte[150_000]; // read back from the file (not kept in memory), written in slices
        Arrays.fill(v, (byte) (key * 31 + round));
        return v;
    }

    @Test
    void interruptedWritersAndReadersLeaveTheDatabaseWorking() throws Exception {
        DatabaseOptions options = DatabaseOptions.builder(tmp.resolve("db")).durability(Durability.ALWAYS).build();
        int keys = 40;
        int[] lastRound = new int[keys];
        Arrays.fill(lastRound, -1);
        AtomicInteger sawInterrupt = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (LogDatabase db = LogDatabase.open(options, EngineHooks.NONE)) {
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < 400; i++) {
                        int k = i % keys;
                        db.putBytes("k" + k, value(k, i));
                        lastRound[k] = i; // acknowledged
                        if (Thread.interrupted()) {
                            sawInterrupt.incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "interrupted-writer");
            Thread reader = new Thread(() -> {
                try {
                    for (int i = 0; i < 2_000; i++) {
                        byte[] v = db.getBytes("k0");
                        assertEquals(150_000, v.length);
                        Thread.interrupted();
                    }
                } catch (syna.api.KeyNotFoundException e) {
                    // before the first write of k0: fine
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "interrupted-reader");
            db.putBytes("k0", value(0, -1));
            writer.start();
            reader.start();
            while (writer.isAlive() || reader.isAlive()) {
                writer.interrupt();
                reader.interrupt();
                Thread.sleep(1);
            }
            writer.join();
            reader.join();
            assertNull(failure.get(), () -> "a thread failed: " + failure.get());
            assertTrue(sawInterrupt.get() > 0, "the writer saw its interrupts");
            db.putText("after", "still writing"); // the log takes writes from other threads
            assertEquals("still writing", db.getText("after"));
        }
        try (LogDatabase db = LogDatabase.open(options, EngineHooks.NONE)) {
            assertEquals("still writing", db.getText("after"));
            for (int k = 0; k < keys; k++) {
                assertArrayEquals(value(k, lastRound[k]), db.getBytes("k" + k), "k" + k);
            }
        }
    }
}
