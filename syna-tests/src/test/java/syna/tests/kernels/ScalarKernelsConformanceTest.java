package syna.tests.kernels;

import syna.api.spi.Providers;
import syna.api.spi.VectorKernelsProvider;

/** The built-in scalar kernels pass the suite. */
class ScalarKernelsConformanceTest extends VectorKernelsConformanceTest {
    @Override
    protected VectorKernelsProvider provider() {
        return Providers.get(VectorKernelsProvider.class, "scalar");
    }
}
