package syna.simd.internal;

import java.util.Optional;
import java.util.Set;
import syna.api.spi.Capability;
import syna.api.spi.VectorKernels;
import syna.api.spi.VectorKernelsProvider;

/**
 * Provider {@code simd}. Its constructor touches no Vector API class, so a class-path user without
 * {@code --add-modules jdk.incubator.vector} gets a reason from {@link #unavailableReason()} instead
 * of a {@link NoClassDefFoundError}. Thread-safe.
 */
public final class SimdKernelsProvider implements VectorKernelsProvider {
    @Override
    public String name() {
        return "simd";
    }

    @Override
    public int formatVersion() {
        return 1;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }

    @Override
    public Optional<String> unavailableReason() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()
                && SimdKernelsProvider.class.getModule().getLayer() == null) {
            return Optional.of("module jdk.incubator.vector is not resolved; add --add-modules jdk.incubator.vector");
        }
        try {
            int lanes = SimdVectorKernels.preferredLanes();
            if (lanes < 4) {
                return Optional.of("the CPU offers only " + lanes + " float lanes per vector");
            }
            return Optional.empty();
        } catch (LinkageError e) {
            return Optional.of("Vector API unusable: " + e);
        }
    }

    @Override
    public VectorKernels kernels() {
        return Holder.KERNELS;
    }

    /** Made on first use, so that the provider's construction touches no Vector API class. */
    private static final class Holder {
        static final VectorKernels KERNELS = new SimdVectorKernels();
    }
}
