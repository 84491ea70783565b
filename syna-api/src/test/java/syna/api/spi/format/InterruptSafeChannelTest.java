package syna.api.spi.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thread interrupted before or during each call: a plain channel would close for good at the first; this
 * one repeats the call on a reopened file, leaves buffers and positions as one uninterrupted call would,
 * and gives the thread its interrupt status back.
 */
class InterruptSafeChannelTest {
    @TempDir
    Path tmp;

    @Test
    void interruptedCallsRepeatAndKeepTheInterruptStatus() throws Exception {
        Path f = tmp.resolve("file");
        byte[] data = new byte[1 << 20];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        try (FileChannel ch = InterruptSafeChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
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
            assertEquals(10, ch.read(dst)); // relative: from the channel's own position
            Thread.currentThread().interrupt();
            assertEquals(15, ch.position());
            assertEquals(5, dst.get(0));
            Thread.currentThread().interrupt();
            ByteBuffer more = ByteBuffer.wrap(new byte[] {9, 9});
            assertEquals(2, ch.write(more)); // relative write at 15
            Thread.currentThread().interrupt();
            ch.force(true);
            Thread.currentThread().interrupt();
            assertEquals(20L * data.length, ch.size());
            Thread.currentThread().interrupt();
            try (Arena a = Arena.ofConfined()) {
                MemorySegment m = ch.map(FileChannel.MapMode.READ_ONLY, 0, 64, a);
                assertEquals(9, m.get(ValueLayout.JAVA_BYTE, 15));
                assertEquals(17, m.get(ValueLayout.JAVA_BYTE, 17));
            }
            assertTrue(Thread.interrupted());
            assertTrue(ch.isOpen());
        }
        assertEquals(20L << 20, Files.size(f));
    }

    @Test
    void aClosedChannelStaysClosedAndLocksAreRefused() throws Exception {
        FileChannel ch = InterruptSafeChannel.open(tmp.resolve("f"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        assertThrows(UnsupportedOperationException.class, ch::lock);
        assertThrows(IllegalArgumentException.class, () -> InterruptSafeChannel.open(tmp.resolve("g"),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        ch.close();
        assertFalse(ch.isOpen());
        assertThrows(ClosedChannelException.class, () -> ch.write(ByteBuffer.allocate(1), 0));
        assertThrows(ClosedChannelException.class, ch::position);
    }

    @Test
    void anotherThreadsInterruptDoesNotFailThisOne() throws Exception {
        Path f = tmp.resolve("shared");
        try (FileChannel ch = InterruptSafeChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(1 << 16), 0);
            Throwable[] failed = new Throwable[1];
            Thread reader = new Thread(() -> {
                try {
                    for (int i = 0; i < 20_000; i++) {
                        ByteBuffer b = ByteBuffer.allocate(4096);
                        ch.read(b, (i * 4096L) % (1 << 16));
                    }
                } catch (Throwable e) {
                    failed[0] = e;
                }
            });
            Thread victim = new Thread(() -> {
                for (int i = 0; i < 20_000; i++) {
                    try {
                        ch.read(ByteBuffer.allocate(4096), 0);
                    } catch (Exception e) {
                        failed[0] = e;
                        return;
                    }
                    Thread.interrupted();
                }
            });
            reader.start();
            victim.start();
            while (victim.isAlive()) {
                victim.interrupt();
                Thread.sleep(0, 20_000);
            }
            reader.join();
            victim.join();
            assertEquals(null, failed[0]);
            assertTrue(ch.isOpen());
        }
    }
}
