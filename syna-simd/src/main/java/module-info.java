/**
 * SIMD distance kernels on the Vector API; adding this module to the module path switches SIMD on.
 * The only Syna module that reads {@code jdk.incubator.vector}.
 *
 * @provides syna.api.spi.VectorKernelsProvider
 */
module syna.simd {
    requires syna.api;
    requires jdk.incubator.vector;

    // Vector API kernels, named "simd"; chosen by syna.api.Vectors when usable.
    provides syna.api.spi.VectorKernelsProvider with
            syna.simd.internal.SimdKernelsProvider;
}
