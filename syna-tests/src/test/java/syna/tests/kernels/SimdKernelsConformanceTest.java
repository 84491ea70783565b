package syna.tests.kernels;

import syna.api.spi.Providers;
import syna.api.spi.VectorKernelsProvider;

/** The SIMD kernels of {@code syna.simd} (on this module's test path) pass the suite. */
class SimdKernelsConformanceTest extends VectorKernelsConformanceTest {
    @Override
    protected VectorKernelsProvider provider() {
        return Providers.get(VectorKernelsProvider.class, "simd");
    }
}
