package syna.vector.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.DistanceMetric;
import syna.api.Syna;
import syna.api.VectorStore;
import syna.api.VectorStoreOptions;

/**
 * A thread interrupted while it inserts into a memory-mapped store and checkpoints it (writes and forces
 * through the store's channels) leaves the store working: every checkpoint it finished is there after a
 * reopen, and other threads go on using it.
 */
class MmapVectorStoreInterruptTest {
    @TempDir
    Path dir;

    private static float[] v(int i) {
        return new float[] {i, -i, 0.5f * i, 1};
    }

    @Test
    void interruptedCheckpointsLeaveTheStoreWorking() throws Exception {
        VectorStoreOptions o = VectorStoreOptions.builder(4).metric(DistanceMetric.EUCLIDEAN).initialCapacity(64)
                .indexThreshold(Integer.MAX_VALUE).build();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int[] checkpointed = {0};
        try (VectorStore s = Syna.mmapVectorStore(dir, o)) {
            Thread worker = new Thread(() -> {
                try {
                    for (int b = 0; b < 60; b++) {
                        List<String> keys = new ArrayList<>();
                        List<float[]> vs = new ArrayList<>();
                        for (int i = 0; i < 50; i++) {
                            keys.add("k" + (b * 50 + i));
                            vs.add(v(b * 50 + i));
                        }
                        s.insertBatch(keys, vs); // grows the file past its first capacity
                        s.checkpoint();
                        checkpointed[0] = (b + 1) * 50;
                        Thread.interrupted();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "interrupted-checkpointer");
            worker.start();
            while (worker.isAlive()) {
                worker.interrupt();
                Thread.sleep(1);
            }
            worker.join();
            assertNull(failure.get(), () -> "the worker failed: " + failure.get());
            s.insert("after", v(-1));
            s.checkpoint();
        }
        try (VectorStore s = Syna.mmapVectorStore(dir, o)) {
            assertEquals(checkpointed[0] + 1, s.size());
            assertArrayEquals(v(-1), s.get("after").orElseThrow());
            assertArrayEquals(v(123), s.get("k123").orElseThrow());
        }
    }
}
