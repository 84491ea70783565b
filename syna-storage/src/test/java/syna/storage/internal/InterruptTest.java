package syna.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.DatabaseOptions;
import syna.api.Durability;

/**
 * Interrupting a thread that is writing or reading never breaks the database for the others: a plain
 * {@code FileChannel} is closed for everyone when one of its users is interrupted mid-operation, and the
 * log would stop taking writes until reopened ({@link RetryingFileChannel}). The interrupted thread keeps
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

    @Test
    void aRepeatedOperationLeavesBuffersAndPositionsAsOneCallWould() throws Exception {
        Path f = tmp.resolve("file");
        try (FileChannel ch = RetryingFileChannel.wrapping(FileChannel::open).open(f,
                EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE))) {
            byte[] data = new byte[1 << 20];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) i;
            }
            // the calling thread interrupted before each call: a plain channel closes at once
            for (int round = 0; round < 20; round++) {
                Thread.currentThread().interrupt();
                ByteBuffer src = ByteBuffer.wrap(data);
                int n = 0;
                while (src.hasRemaining()) {
                    n += ch.write(src, (long) round * data.length + n);
                }
                assertTrue(Thread.interrupted(), "the interrupt status is kept");
                assertEquals(data.length, n);
            }
            Thread.currentThread().interrupt();
            ch.position(5);
            ByteBuffer dst = ByteBuffer.allocate(10);
            assertEquals(10, ch.read(dst));
            assertTrue(Thread.interrupted());
            assertEquals(15, ch.position());
            assertEquals(5, dst.get(0));
            assertEquals(20L * data.length, ch.size());
            assertTrue(ch.isOpen());
        }
        assertEquals(20L << 20, Files.size(f));
    }
}
