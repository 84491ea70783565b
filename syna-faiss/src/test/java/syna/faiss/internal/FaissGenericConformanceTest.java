package syna.faiss.internal;

import java.util.Map;
import syna.api.spi.Providers;
import syna.api.spi.VectorIndexProvider;
import syna.faiss.internal.binding.RequiresFaiss;
import syna.tests.index.VectorIndexConformanceTest;

/** Provider faiss passes the shared suite: a refined IVF (IndexRefine): no per-call parameters or id selector in FAISS 1.7, so the shim serialises its searches and filters are applied to its results (one OpenMP thread: see FaissVectorIndex.insert). */
@RequiresFaiss
class FaissGenericConformanceTest extends VectorIndexConformanceTest {
    @Override
    protected VectorIndexProvider provider() {
        return Providers.get(VectorIndexProvider.class, "faiss");
    }

    @Override
    protected Map<String, String> parameters() {
        return Map.of("factory", "IVF16,Flat,RFlat", "train-size", "500", "nprobe", "16", "threads", "1");
    }

    @Override
    protected double minRecall() {
        return 0.9;
    }
}
