package syna.faiss.internal;

import java.util.Map;
import syna.api.spi.Providers;
import syna.api.spi.VectorIndexProvider;
import syna.faiss.internal.binding.RequiresFaiss;
import syna.tests.index.VectorIndexConformanceTest;

/** Provider faiss-hnsw passes the shared suite: the graph, with the suite's recall floor (one OpenMP thread: see FaissVectorIndex.insert). */
@RequiresFaiss
class FaissHnswConformanceTest extends VectorIndexConformanceTest {
    @Override
    protected VectorIndexProvider provider() {
        return Providers.get(VectorIndexProvider.class, "faiss-hnsw");
    }

    @Override
    protected Map<String, String> parameters() {
        return Map.of("m", "16", "ef-search", "64", "threads", "1");
    }

    @Override
    protected double minRecall() {
        return 0.9;
    }
}
