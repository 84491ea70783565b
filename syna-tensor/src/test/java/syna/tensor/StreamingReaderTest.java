package syna.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.ClosedException;
import syna.api.Database;
import syna.api.Durability;
import syna.api.Syna;

/**
 * The streaming reader hands out read-only views of the log's maps, checked ahead by a checker
 * thread and by the caller: every chunk comes back in order and exact, a close mid-stream ends the
 * checker, and the chunks a caller kept stay readable.
 */
class StreamingReaderTest {
    static final int CHUNK = 4096;
    static final int CHUNKS = 300;

    private static Tensor words(int n, long tag) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = tag ^ (i * 0x9E3779B97F4A7C15L);
        }
        return Tensor.ofLongs(v);
    }

    @Test
    void everyChunkComesBackInOrderReadOnlyAndStaysReadable(@TempDir Path dir) {
        try (Database db = Syna.builder(dir).durability(Durability.NONE).open()) {
            TensorEngine engine = TensorEngine.open(db, TensorOptions.builder().chunkBytes(CHUNK).inlineBytes(256).build());
            int words = CHUNKS * CHUNK / 8 - 5; // a short last chunk
            engine.put("t", words(words, 7));
            for (int round = 0; round < 3; round++) {
                MemorySegment first;
                try (TensorReader r = engine.reader("t")) {
                    first = r.next();
                    assertTrue(first.isReadOnly());
                    long at = 0;
                    for (MemorySegment p = first; p != null; p = r.next()) {
                        for (long i = 0; i < p.byteSize(); i += 8, at++) {
                            assertEquals(7 ^ (at * 0x9E3779B97F4A7C15L), p.get(ValueLayout.JAVA_LONG_UNALIGNED, i),
                                    "word " + at);
                        }
                    }
                    assertEquals(words, at);
                    assertNull(r.next(), "the end is sticky");
                }
                assertEquals(7L, first.get(ValueLayout.JAVA_LONG_UNALIGNED, 0), "a kept chunk stays readable");
            }
        }
    }

    @Test
    void aCloseMidStreamEndsTheCheckerAndLaterCallsAreTyped(@TempDir Path dir) {
        try (Database db = Syna.builder(dir).durability(Durability.NONE).open()) {
            TensorEngine engine = TensorEngine.open(db, TensorOptions.builder().chunkBytes(CHUNK).inlineBytes(256).build());
            engine.put("t", words(CHUNKS * CHUNK / 8, 3));
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                for (int stop = 0; stop < 12; stop++) {
                    TensorReader r = engine.reader("t");
                    for (int c = 0; c < stop; c++) {
                        r.next();
                    }
                    r.close(); // joins the checker, parked on a full read-ahead or in a check: a hang fails the timeout
                    r.close();
                    assertThrows(ClosedException.class, r::next);
                }
            });
            try (TensorReader r = engine.reader("t")) {
                int n = 0;
                while (r.next() != null) {
                    n++;
                }
                assertEquals(CHUNKS, n);
            }
        }
    }
}
