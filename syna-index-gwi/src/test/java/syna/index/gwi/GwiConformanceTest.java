package syna.index.gwi;

import java.util.Map;
import syna.api.spi.Providers;
import syna.api.spi.VectorIndexProvider;
import syna.tests.index.VectorIndexConformanceTest;

/**
 * The gwi index passes the shared suite with recall@10 of at least 0.9. Training is brought down to 256 vectors
 * and lists to 32 so the suite's small sets run through the trained index, not the exact one before training;
 * ε = 1 because uniform noise (half the suite) has no clusters for adaptive probing to exploit.
 */
class GwiConformanceTest extends VectorIndexConformanceTest {
    @Override
    protected VectorIndexProvider provider() {
        return Providers.get(VectorIndexProvider.class, "gwi");
    }

    @Override
    protected Map<String, String> parameters() {
        return GwiOptions.builder().seed(20260101).trainSize(256).listSize(32).epsilon(1.0).build().toMap();
    }

    @Override
    protected double minRecall() {
        return 0.9;
    }
}
