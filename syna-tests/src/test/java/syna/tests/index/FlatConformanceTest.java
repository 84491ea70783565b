package syna.tests.index;

import syna.api.spi.Providers;
import syna.api.spi.VectorIndexProvider;

/** The built-in exact {@code flat} index passes the suite with perfect recall. */
class FlatConformanceTest extends VectorIndexConformanceTest {
    @Override
    protected VectorIndexProvider provider() {
        return Providers.get(VectorIndexProvider.class, "flat");
    }

    @Override
    protected double minRecall() {
        return 1.0;
    }
}
