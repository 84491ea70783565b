package syna.tests.index.example;

import syna.api.spi.VectorIndexProvider;
import syna.tests.index.VectorIndexConformanceTest;

/** The example plugin's one test: the shared suite, with exact recall. */
class ExampleIndexConformanceTest extends VectorIndexConformanceTest {
    @Override
    protected VectorIndexProvider provider() {
        return new ExampleIndexProvider();
    }

    @Override
    protected double minRecall() {
        return 1.0;
    }
}
