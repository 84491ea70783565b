package syna.api.spi;

/** Provides a GPU backend (CUDA through JCuda, ...). Thread-safe. */
public interface GpuBackendProvider extends SynaProvider {
    /** Whether a usable device and driver are present; never throws. */
    GpuProbe probe();

    /** Opens device {@code ordinal}; throws {@link syna.api.UnsupportedFeatureException} when {@link #probe()} says no. */
    GpuBackend open(int ordinal);
}
