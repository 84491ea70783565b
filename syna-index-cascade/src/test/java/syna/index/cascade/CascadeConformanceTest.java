package syna.index.cascade;

import java.util.Map;
import syna.api.spi.Providers;
import syna.api.spi.VectorIndexProvider;
import syna.tests.index.VectorIndexConformanceTest;

/** The cascade index passes the shared suite with recall@10 of at least 0.9 with its defaults. */
class CascadeConformanceTest extends VectorIndexConformanceTest {
    @Override
    protected VectorIndexProvider provider() {
        return Providers.get(VectorIndexProvider.class, "cascade");
    }

    @Override
    protected Map<String, String> parameters() {
        return CascadeOptions.builder().seed(20260101).build().toMap();
    }

    @Override
    protected double minRecall() {
        return 0.9;
    }
}
