package syna.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Database;
import syna.api.Durability;
import syna.api.Syna;
import syna.tensor.Shape;
import syna.tensor.Tensor;
import syna.tensor.TensorEngine;
import syna.tensor.TensorOptions;

/**
 * A row reader over a chunked tensor larger than its memory budget reads rows by byte range from views of
 * the engine's maps and checks each chunk's CRC32C once, not once a row: random order reads every row exactly
 * and keeps one checked view per chunk.
 */
class RowRangeReadTest {
    @TempDir
    Path dir;

    @Test
    void randomRowsOfAChunkedTensorCheckEachChunkOnce() {
        int rows = 256;
        int cols = 1024; // 4 KiB rows, 16 rows a 64 KiB chunk: 16 chunks
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.25f - 3;
        }
        TensorOptions options = TensorOptions.builder().chunkBytes(64 << 10).inlineBytes(4 << 10).build();
        try (Database db = Syna.builder(dir).durability(Durability.NONE).open()) {
            Engine e = (Engine) TensorEngine.open(db, options);
            e.put("x", Tensor.ofFloats(v).reshape(Shape.of(rows, cols)));
            SplittableRandom r = new SplittableRandom(11);
            try (Rows reader = Rows.open(e, "x", 0); Arena arena = Arena.ofConfined()) {
                assertFalse(reader.inMemory(), "a budget of 0 reads by byte range");
                MemorySegment target = arena.allocate(3L * cols * 4);
                for (int round = 0; round < 2 * rows; round++) {
                    long[] picked = {r.nextInt(rows), r.nextInt(rows), r.nextInt(rows)};
                    reader.read(picked, target);
                    for (int k = 0; k < picked.length; k++) {
                        for (int j = 0; j < cols; j += 97) {
                            assertEquals(v[(int) picked[k] * cols + j],
                                    target.getAtIndex(ValueLayout.JAVA_FLOAT, (long) k * cols + j), "row " + picked[k]);
                        }
                    }
                }
                assertEquals(16, reader.checkedChunks(), "one checked view per chunk, kept");
            }
        }
    }
}
