package syna.api.spi;

import java.util.Optional;

/**
 * Provides distance kernels. {@code syna.api} has the scalar ones ({@code scalar}); {@code syna.simd}
 * provides Vector API ones ({@code simd}). Thread-safe.
 */
public interface VectorKernelsProvider extends SynaProvider {
    /** Why these kernels cannot run here (e.g. the incubator module is not resolved), or empty. */
    Optional<String> unavailableReason();

    /** The kernels; only called when {@link #unavailableReason()} is empty. */
    VectorKernels kernels();
}
