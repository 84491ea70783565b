package syna.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.ClosedException;
import syna.api.Database;
import syna.api.Durability;
import syna.api.Syna;

/** Batches over one chunked tensor, over stacked rows, with labels, in both plans, every last-batch mode. */
class BatchesTest {
    static final int N = 1003;
    static final int D = 7;

    @TempDir Path dir;
    Database db;
    TensorEngine engine;

    @BeforeEach
    void open() {
        db = Syna.builder(dir).durability(Durability.NONE).open();
        engine = TensorEngine.open(db, TensorOptions.builder().chunkBytes(7 * 4 * 50).inlineBytes(256).build());
        float[] x = new float[N * D];
        long[] y = new long[N];
        for (int r = 0; r < N; r++) {
            for (int c = 0; c < D; c++) {
                x[r * D + c] = r * 10 + c; // row r's features name r
            }
            y[r] = r;
        }
        engine.put("x", Tensor.fromFloats(DType.F32, Shape.of(N, D), x)); // 21 chunks of 50 rows
        engine.put("y", Tensor.ofLongs(y));
        try (Tensor rows = Tensor.fromFloats(DType.F32, Shape.of(N, D), x)) {
            engine.putAll("rows/", rows);
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** The row ids of one epoch, in order, checking each batch's features match its labels. */
    private List<Long> epoch(BatchOptions o, boolean expectUniform) {
        List<Long> ids = new ArrayList<>();
        try (BatchIterator it = engine.batches(o)) {
            assertEquals(expectUniform, it.uniformShuffle(), it.toString());
            assertEquals(Shape.of(D), it.featureRowShape());
            long count = 0;
            while (it.hasNext()) {
                try (Batch b = it.next()) {
                    assertEquals(count++, b.index());
                    float[] f = b.features().toFloatArray();
                    long[] l = b.labels().orElseThrow().toLongArray();
                    assertEquals(b.features().shape().dim(0), l.length);
                    for (int i = 0; i < b.rows(); i++) {
                        assertEquals(l[i] * 10, f[i * D], "row " + i + " of batch " + b.index());
                        assertEquals(l[i] * 10 + D - 1, f[i * D + D - 1]);
                        ids.add(l[i]);
                    }
                    for (int i = b.rows(); i < l.length; i++) { // padding
                        assertEquals(0, l[i]);
                        assertEquals(0f, f[i * D]);
                    }
                }
            }
            assertEquals(it.batchCount(), count);
        }
        return ids;
    }

    private static void assertPermutation(List<Long> ids, int n) {
        assertEquals(n, ids.size());
        BitSet seen = new BitSet();
        for (long id : ids) {
            assertFalse(seen.get((int) id), "row " + id + " twice");
            seen.set((int) id);
        }
    }

    @Test
    void unshuffledBatchesComeInStoredOrderWithAShortLastBatch() {
        List<Long> ids = epoch(BatchOptions.builder("x").labels("y").batchSize(100).build(), false);
        for (int i = 0; i < N; i++) {
            assertEquals(i, ids.get(i));
        }
    }

    @Test
    void aShuffleInMemoryIsAUniformSeededPermutationDifferentEachEpoch() {
        BatchOptions o = BatchOptions.builder("x").labels("y").batchSize(64).shuffle(42).build();
        List<Long> a = epoch(o, true);
        assertPermutation(a, N);
        assertEquals(a, epoch(o, true), "same seed, same order");
        List<Long> b = epoch(o.withEpoch(1), true);
        assertPermutation(b, N);
        assertNotEquals(a, b);
        assertNotEquals(a.subList(0, 50), List.of(0L, 1L, 2L)); // not stored order
    }

    @Test
    void aTensorLargerThanTheBufferIsBlockShuffledThroughWindows() {
        BatchOptions o = BatchOptions.builder("x").labels("y").batchSize(64).shuffle(7)
                .shuffleBufferBytes(8 * 50 * (7 * 4 + 8)).build(); // windows of 4 chunks
        List<Long> a = epoch(o, false);
        assertPermutation(a, N);
        assertEquals(a, epoch(o, false));
        boolean ordered = true;
        for (int i = 1; i < a.size(); i++) {
            ordered &= a.get(i) > a.get(i - 1);
        }
        assertFalse(ordered);
        List<Long> plain = epoch(BatchOptions.builder("x").labels("y").batchSize(64).shuffleBufferBytes(3000).build(), false);
        for (int i = 0; i < N; i++) {
            assertEquals(i, plain.get(i));
        }
    }

    @Test
    void stackedRowsFromPutAllBatchAsRows() {
        List<Long> ids = epoch(BatchOptions.builder("rows/*").labels("y").batchSize(50).shuffle(3).build(), true);
        assertPermutation(ids, N);
    }

    @Test
    void dropAndPadHandleTheLeftOverRows() {
        List<Long> dropped = epoch(BatchOptions.builder("x").labels("y").batchSize(100).shuffle(1)
                .lastBatch(LastBatch.DROP).build(), true);
        assertEquals(1000, dropped.size());
        try (BatchIterator it = engine.batches(BatchOptions.builder("x").labels("y").batchSize(100)
                .lastBatch(LastBatch.PAD).build())) {
            assertEquals(11, it.batchCount());
            Batch last = null;
            while (it.hasNext()) {
                if (last != null) {
                    last.close();
                }
                last = it.next();
            }
            assertEquals(3, last.rows());
            assertEquals(Shape.of(100, D), last.features().shape());
            last.close();
        }
        assertEquals(N, epoch(BatchOptions.builder("x").labels("y").batchSize(100).lastBatch(LastBatch.PAD).build(),
                false).size());
    }

    @Test
    void rowReadersServeAnyRowsInMemoryOrFromStorage() {
        for (long budget : new long[] {1L << 30, 100}) {
            for (String spec : new String[] {"x", "rows/*"}) {
                try (RowReader r = engine.rows(spec, budget)) {
                    assertEquals(spec.equals("x") && budget > 100, r.inMemory());
                    assertEquals(N, r.rowCount());
                    long[] rows = {1002, 0, 517, 517};
                    float[] got = new float[rows.length * D];
                    r.read(rows, java.lang.foreign.MemorySegment.ofArray(got));
                    for (int i = 0; i < rows.length; i++) {
                        assertEquals(rows[i] * 10 + 3, got[i * D + 3], spec + " " + budget);
                    }
                    assertThrows(syna.api.InvalidArgumentException.class,
                            () -> r.read(new long[] {N}, java.lang.foreign.MemorySegment.ofArray(new float[D])));
                }
            }
        }
    }

    @Test
    void mismatchedLabelsAndUseAfterCloseAreTypedErrors() {
        engine.put("short", Tensor.ofLongs(1, 2, 3));
        assertThrows(ShapeMismatchException.class, () -> engine.batches(BatchOptions.builder("x").labels("short").build()));
        BatchIterator it = engine.batches(BatchOptions.builder("x").build());
        it.close();
        it.close();
        assertThrows(ClosedException.class, it::hasNext);
        assertThrows(syna.api.InvalidArgumentException.class, () -> BatchOptions.builder("x").batchSize(0).build());
        try (BatchIterator ok = engine.batches(BatchOptions.builder("x").batchSize(N).build())) {
            try (Batch b = ok.next()) {
                assertTrue(b.labels().isEmpty());
                assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6}, b.features().row(0).toFloatArray());
            }
        }
    }
}
