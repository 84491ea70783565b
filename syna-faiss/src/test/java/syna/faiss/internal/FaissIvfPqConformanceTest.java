package syna.faiss.internal;

import java.util.Map;
import syna.api.spi.Providers;
import syna.api.spi.VectorIndexProvider;
import syna.faiss.internal.binding.RequiresFaiss;
import syna.tests.index.VectorIndexConformanceTest;

/** Provider faiss-ivf-pq passes the shared suite: PQ codes, 8 candidates per hit re-measured from the store (one OpenMP thread: see FaissVectorIndex.insert). */
@RequiresFaiss
class FaissIvfPqConformanceTest extends VectorIndexConformanceTest {
    @Override
    protected VectorIndexProvider provider() {
        return Providers.get(VectorIndexProvider.class, "faiss-ivf-pq");
    }

    @Override
    protected Map<String, String> parameters() {
        return Map.of("lists", "16", "train-size", "500", "nprobe", "16", "rerank", "8", "threads", "1");
    }

    @Override
    protected double minRecall() {
        return 0.85;
    }
}
