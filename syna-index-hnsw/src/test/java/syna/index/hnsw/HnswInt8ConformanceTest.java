package syna.index.hnsw;

import java.util.Map;
import syna.api.spi.Providers;
import syna.api.spi.VectorIndexProvider;
import syna.tests.index.VectorIndexConformanceTest;

/** The hnsw index with int8 quantization passes the shared suite with recall@10 of at least 0.9. */
class HnswInt8ConformanceTest extends VectorIndexConformanceTest {
    @Override
    protected VectorIndexProvider provider() {
        return Providers.get(VectorIndexProvider.class, "hnsw");
    }

    @Override
    protected Map<String, String> parameters() {
        return HnswOptions.builder().seed(20260101).quantization(HnswOptions.Quantization.INT8).build().toMap();
    }

    @Override
    protected double minRecall() {
        return 0.9;
    }
}
