package syna.vector.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import syna.api.DistanceMetric;
import syna.api.VectorStoreOptions;

/**
 * Run in a child JVM by {@link MmapVectorStoreKillTest}: inserts batches forever, checkpointing every
 * 500 vectors and printing {@code CHECKPOINT n} after each, until it is killed.
 */
public final class MmapCrashChild {
    private MmapCrashChild() {}

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int dim = Integer.parseInt(args[1]);
        MmapVectorStoreImpl s = MmapVectorStoreImpl.open(dir,
                VectorStoreOptions.builder(dim).metric(DistanceMetric.COSINE).initialCapacity(256).build());
        int n = 0;
        while (true) {
            List<String> keys = new ArrayList<>();
            List<float[]> vs = new ArrayList<>();
            for (int i = 0; i < 100; i++, n++) {
                keys.add("k" + n);
                vs.add(MmapVectorStoreTest.vectorOf(n, dim));
            }
            s.insertBatch(keys, vs);
            if (n % 500 == 0) {
                s.checkpoint();
                System.out.println("CHECKPOINT " + n);
                System.out.flush();
            }
        }
    }
}
