package syna.faiss.internal;

import java.util.Map;
import syna.api.spi.Providers;
import syna.api.spi.VectorIndexProvider;
import syna.faiss.internal.binding.RequiresFaiss;
import syna.tests.index.VectorIndexConformanceTest;

/** Provider faiss-ivf-flat passes the shared suite: trained on 500 vectors (smaller sets stay exact), every list probed (one OpenMP thread: see FaissVectorIndex.insert). */
@RequiresFaiss
class FaissIvfFlatConformanceTest extends VectorIndexConformanceTest {
    @Override
    protected VectorIndexProvider provider() {
        return Providers.get(VectorIndexProvider.class, "faiss-ivf-flat");
    }

    @Override
    protected Map<String, String> parameters() {
        return Map.of("lists", "16", "train-size", "500", "nprobe", "16", "threads", "1");
    }

    @Override
    protected double minRecall() {
        return 0.9;
    }
}
