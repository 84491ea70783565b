package syna.bench.tensor;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import java.util.Locale;
import syna.djl.SynaDataset;
import syna.tensor.TensorEngine;

/**
 * The DJL half of {@link TensorBench}: one epoch of {@link SynaDataset} in shuffled batches of 256
 * through DJL's default engine (PyTorch on the CPU when bench/tensor.sh puts it on the class path).
 * Loaded by name, so the bench runs without DJL. Thread-safe (stateless).
 */
public final class DjlStream {
    private DjlStream() {}

    /** Streams {@code x}/{@code y} once; returns the line to print. */
    public static String run(TensorEngine e, long featureBytes) throws Exception {
        String engine = ai.djl.engine.Engine.getInstance().getEngineName();
        long load = System.nanoTime(); // building the dataset reads the rows into memory
        try (NDManager m = NDManager.newBaseManager();
                SynaDataset ds = SynaDataset.builder().engine(e).features("x").labels("y").memoryBytes(featureBytes + (1L << 30))
                        .setSampling(SynaDataset.seededSampler(256, 1, false)).optPrefetchNumber(4).build()) {
            long s = System.nanoTime();
            long rows = 0;
            for (Batch b : ds.getData(m)) {
                try (b) {
                    rows += b.getSize();
                }
            }
            long ns = System.nanoTime() - s;
            if (rows != ds.size()) {
                throw new IllegalStateException("DJL epoch saw " + rows + " of " + ds.size() + " rows");
            }
            return String.format(Locale.ROOT, "DJL dataset (%s engine, seeded uniform shuffle, rows held off-heap): "
                    + "%.0f MB/s (%d rows; building the dataset not counted: %.1f s)", engine,
                    featureBytes / (ns / 1e3), rows, (s - load) / 1e9);
        }
    }
}
