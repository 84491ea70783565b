package syna.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Database;
import syna.api.Durability;
import syna.api.Syna;
import syna.tensor.Shape;
import syna.tensor.Tensor;
import syna.tensor.TensorEngine;

/**
 * Whole-tensor reads take their memory from the OS's maps where the module has native access (the
 * tests run with {@code --enable-native-access=syna.tensor}): zeroed, exactly sized, writable from
 * several threads, and unmapped when the arena closes.
 */
class FreshMemoryTest {
    private static boolean linux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
    }

    /** Whether a map starts at {@code address} in this process. */
    private static boolean mapped(long address) throws IOException {
        String start = Long.toHexString(address) + "-";
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().anyMatch(l -> l.startsWith(start));
    }

    @Test
    void largeAllocationsAreZeroedMapsUnmappedWhenTheirArenaCloses() throws Exception {
        assumeTrue(linux(), "mmap is used on Linux only");
        assertTrue(FreshMemory.mapsFromTheOs(), "the tests grant syna.tensor native access; FreshMemory should use it");
        long n = (8L << 20) + 12;
        Arena arena = Arena.ofShared();
        MemorySegment m = FreshMemory.allocate(arena, n);
        assertEquals(n, m.byteSize());
        assertTrue(m.isNative());
        assertEquals(0, m.address() % 4096, "a map starts on a page");
        assertTrue(mapped(m.address()), "the segment is a map of its own");
        for (long o = 0; o + 8 <= n; o += 8) {
            if (m.get(ValueLayout.JAVA_LONG_UNALIGNED, o) != 0) {
                throw new AssertionError("not zeroed at " + o);
            }
        }
        Thread other = Thread.ofPlatform().start(() -> m.asSlice(n / 2).fill((byte) 7));
        m.asSlice(0, n / 2).fill((byte) 3);
        other.join();
        assertEquals(3, m.get(ValueLayout.JAVA_BYTE, 0));
        assertEquals(3, m.get(ValueLayout.JAVA_BYTE, n / 2 - 1));
        assertEquals(7, m.get(ValueLayout.JAVA_BYTE, n / 2));
        assertEquals(7, m.get(ValueLayout.JAVA_BYTE, n - 1));
        long at = m.address();
        arena.close();
        assertThrows(IllegalStateException.class, () -> m.get(ValueLayout.JAVA_BYTE, 0));
        assertFalse(mapped(at), "closing the arena unmaps the memory");
    }

    @Test
    void smallAllocationsComeFromTheArena() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = FreshMemory.allocate(arena, 1000);
            assertEquals(1000, m.byteSize());
            assertEquals(0, m.address() % 64);
            assertEquals(0, m.get(ValueLayout.JAVA_LONG, 992));
        }
    }

    @Test
    void aWholeChunkedTensorReadIntoMappedMemoryIsExactAndFreedOnClose(@TempDir Path dir) throws Exception {
        int n = 3 << 20; // 12 MiB of f32: 1 MiB chunks, above MIN_MAPPED
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i * 0.5f - 7;
        }
        try (Database db = Syna.builder(dir).durability(Durability.NONE).open()) {
            TensorEngine e = TensorEngine.open(db);
            e.put("w", Tensor.ofFloats(v).reshape(Shape.of(1024, 3072)));
            long at;
            try (Tensor t = e.get("w")) {
                assertEquals(Shape.of(1024, 3072), t.shape());
                assertArrayEquals(v, t.toFloatArray());
                at = t.segment().address();
                if (linux()) {
                    assertTrue(mapped(at), "a whole read of 12 MiB lands in a map of its own");
                }
            }
            if (linux()) {
                assertFalse(mapped(at), "closing the tensor unmaps its memory");
            }
        }
    }
}
