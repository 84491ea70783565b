package syna.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Record;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Database;
import syna.api.Durability;
import syna.api.Syna;
import syna.tensor.DType;
import syna.tensor.Shape;
import syna.tensor.ShapeMismatchException;
import syna.tensor.Tensor;
import syna.tensor.TensorEngine;
import syna.tensor.TensorOptions;

/** The dataset with DJL's PyTorch engine on the CPU, offline: batches are real PyTorch NDArrays of the stored rows. */
class SynaDatasetTest {
    static final int N = 1000;
    static final int D = 8;

    @TempDir Path dir;
    Database db;
    TensorEngine engine;

    @BeforeEach
    void open() {
        db = Syna.builder(dir).durability(Durability.NONE).open();
        engine = TensorEngine.open(db, TensorOptions.builder().chunkBytes(4096).build());
        float[] x = new float[N * D];
        long[] y = new long[N];
        for (int r = 0; r < N; r++) {
            for (int c = 0; c < D; c++) {
                x[r * D + c] = r + c / 10f;
            }
            y[r] = r;
        }
        engine.put("x", Tensor.fromFloats(DType.F32, Shape.of(N, D), x));
        engine.put("y", Tensor.ofLongs(y));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private List<Long> epoch(SynaDataset ds, NDManager m) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (Batch b : ds.getData(m)) {
            try (b) {
                NDArray x = b.getData().singletonOrThrow();
                NDArray y = b.getLabels().singletonOrThrow();
                assertEquals(DataType.FLOAT32, x.getDataType());
                assertEquals(DataType.INT64, y.getDataType());
                assertEquals(D, x.getShape().get(1));
                float[] xs = x.toFloatArray();
                long[] ys = y.toLongArray();
                // PyTorch computes on the rows: the row sums match the labels they came with
                float[] sums = x.sum(new int[] {1}).toFloatArray();
                for (int i = 0; i < ys.length; i++) {
                    assertEquals(ys[i], xs[i * D], 0f);
                    assertEquals(ys[i] * D + 2.8f, sums[i], 1e-2f * Math.max(1, ys[i]));
                    ids.add(ys[i]);
                }
            }
        }
        return ids;
    }

    @Test
    void batchesAreRealPyTorchArraysOfTheStoredRowsInASeededOrder() throws Exception {
        assertEquals("PyTorch", Engine.getInstance().getEngineName());
        try (NDManager m = NDManager.newBaseManager();
                SynaDataset ds = SynaDataset.builder().engine(engine).features("x").labels("y")
                        .setSampling(SynaDataset.seededSampler(64, 42, false)).optPrefetchNumber(3).build()) {
            assertEquals(N, ds.size());
            List<Long> a = epoch(ds, m);
            List<Long> b = epoch(ds, m);
            BitSet seen = new BitSet();
            a.forEach(i -> seen.set(i.intValue()));
            assertEquals(N, a.size());
            assertEquals(N, seen.cardinality());
            assertNotEquals(a, b, "each epoch its own order");
            Record r = ds.get(m, 123);
            assertArrayEquals(new long[] {D}, r.getData().singletonOrThrow().getShape().getShape());
            assertEquals(123f, r.getData().singletonOrThrow().getFloat(0));
            assertEquals(123L, r.getLabels().singletonOrThrow().getLong());
        }
        try (NDManager m = NDManager.newBaseManager();
                SynaDataset again = SynaDataset.builder().engine(engine).features("x").labels("y")
                        .setSampling(SynaDataset.seededSampler(64, 42, false)).build()) {
            try (SynaDataset first = SynaDataset.builder().engine(engine).features("x").labels("y")
                    .setSampling(SynaDataset.seededSampler(64, 42, false)).build()) {
                assertEquals(epoch(first, m), epoch(again, m), "same seed, same order");
            }
        }
    }

    @Test
    void djlsOwnSamplersAndDropLastWork() throws Exception {
        try (NDManager m = NDManager.newBaseManager();
                SynaDataset ds = SynaDataset.builder().engine(engine).features("x").labels("y")
                        .setSampling(300, true, true).build()) {
            List<Long> ids = epoch(ds, m);
            assertEquals(900, ids.size());
            assertFalse(ids.subList(0, 10).equals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L)));
        }
        try (NDManager m = NDManager.newBaseManager();
                SynaDataset ds = SynaDataset.builder().engine(engine).features("x").setSampling(128, false).build()) {
            long rows = 0;
            for (Batch b : ds.getData(m)) {
                try (b) {
                    assertEquals(0, b.getLabels().size());
                    assertEquals(rows, (long) b.getData().head().getFloat(0, 0));
                    rows += b.getSize();
                }
            }
            assertEquals(N, rows);
        }
    }

    @Test
    void labelsOfAnotherLengthAreRefused() {
        engine.put("short", Tensor.ofLongs(1, 2));
        assertThrows(ShapeMismatchException.class, () -> SynaDataset.builder().engine(engine).features("x")
                .labels("short").setSampling(8, false).build());
        assertThrows(syna.api.InvalidArgumentException.class, () -> SynaDataset.builder().engine(engine).features("x").build());
    }
}
