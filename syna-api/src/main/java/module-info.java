/**
 * Syna's public API and the SPIs plugins implement. Needs java.base only.
 *
 * @uses syna.api.spi.StorageEngineProvider
 * @uses syna.api.spi.VectorStoreProvider
 * @uses syna.api.spi.VectorIndexProvider
 * @uses syna.api.spi.CodecProvider
 * @uses syna.api.spi.VectorKernelsProvider
 * @uses syna.api.spi.GpuBackendProvider
 */
module syna.api {
    exports syna.api; // entry point, options, values, exceptions
    exports syna.api.spi; // *Provider interfaces and the registry facade
    exports syna.api.spi.format; // header, footer, CRC helpers
    // syna.api.internal (registry, scalar kernels, flat index): not exported

    uses syna.api.spi.StorageEngineProvider;
    uses syna.api.spi.VectorStoreProvider;
    uses syna.api.spi.VectorIndexProvider;
    uses syna.api.spi.CodecProvider;
    uses syna.api.spi.VectorKernelsProvider;
    uses syna.api.spi.GpuBackendProvider;
}
