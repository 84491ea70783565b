package syna.api;

import java.lang.System.Logger.Level;
import java.util.Optional;
import syna.api.internal.ProviderRegistry;
import syna.api.internal.ScalarVectorKernels;
import syna.api.spi.VectorKernels;
import syna.api.spi.VectorKernelsProvider;

/**
 * The one facade distance code calls. Kernels are chosen once, on first use: {@code simd} when the
 * {@code syna.simd} module is present and usable, else {@code scalar}; {@code -Dsyna.vectorization=scalar|simd}
 * forces the choice. The choice and its reason are logged in one line: at DEBUG when it went as the
 * module path says, at INFO when {@code syna.simd} is present but cannot run (the user has to act),
 * at WARNING when a forced choice is unavailable. Thread-safe.
 */
public final class Vectors {
    private static final System.Logger LOG = System.getLogger(Vectors.class.getName());

    private Vectors() {}

    private static final class Holder {
        static final VectorKernels KERNELS = choose();
    }

    private static final class MappedHolder {
        static final VectorKernels KERNELS = Holder.KERNELS.separatelyCompiled();
    }

    /** The kernels in use. */
    public static VectorKernels kernels() {
        return Holder.KERNELS;
    }

    /**
     * The kernels in use, compiled apart from {@link #kernels()} ({@link VectorKernels#separatelyCompiled}), for
     * vectors read from file mappings (the memory-mapped vector store) where {@link #kernels()} serves vectors in
     * arena memory: a process that searches both kinds of store keeps each kind's code specialised to it.
     */
    public static VectorKernels kernelsForMappedFiles() {
        return MappedHolder.KERNELS;
    }

    private static VectorKernels choose() {
        ProviderRegistry registry = ProviderRegistry.get();
        String forced = System.getProperty("syna.vectorization", "").strip();
        if (!forced.isEmpty()) {
            VectorKernelsProvider p = registry.require(VectorKernelsProvider.class, forced);
            Optional<String> why = p.unavailableReason();
            if (why.isPresent()) {
                LOG.log(Level.WARNING, "Syna vector kernels: '" + forced + "' forced by -Dsyna.vectorization but unavailable ("
                        + why.get() + "); using scalar");
                return ScalarVectorKernels.INSTANCE;
            }
            LOG.log(Level.DEBUG, "Syna vector kernels: " + p.name() + " (forced by -Dsyna.vectorization)");
            return p.kernels();
        }
        Optional<VectorKernelsProvider> simd = registry.find(VectorKernelsProvider.class, "simd");
        if (simd.isEmpty()) {
            LOG.log(Level.DEBUG, "Syna vector kernels: scalar (module syna.simd not present; add it for SIMD)");
            return ScalarVectorKernels.INSTANCE;
        }
        Optional<String> why = simd.get().unavailableReason();
        if (why.isPresent()) {
            // syna.simd is there but cannot run: the user asked for SIMD and needs to act (one line).
            LOG.log(Level.INFO, "Syna vector kernels: scalar (" + why.get() + ")");
            return ScalarVectorKernels.INSTANCE;
        }
        VectorKernels k = simd.get().kernels();
        LOG.log(Level.DEBUG, "Syna vector kernels: " + k.name());
        return k;
    }

    /**
     * Distance under {@code metric} between {@code query} and {@code data[off, off+dim)}: 1 - cosine,
     * squared euclidean, or negative dot product. Lower is closer.
     */
    public static float distance(VectorKernels k, DistanceMetric metric, float[] query, float[] data, int off, int dim) {
        if (k == null || metric == null || query == null || data == null) {
            throw nullArgument(k, metric, query);
        }
        return switch (metric) {
            case COSINE -> 1f - k.cosine(query, 0, data, off, dim);
            case EUCLIDEAN -> k.squareDistance(query, 0, data, off, dim);
            case DOT_PRODUCT -> -k.dot(query, 0, data, off, dim);
        };
    }

    /**
     * Distance under {@code metric} between {@code query} and the {@code dim} native-order floats of {@code seg}
     * from byte offset {@code off}; as {@link #distance(VectorKernels, DistanceMetric, float[], float[], int, int)}.
     */
    public static float distance(VectorKernels k, DistanceMetric metric, float[] query, java.lang.foreign.MemorySegment seg,
            long off, int dim) {
        if (k == null || metric == null || query == null || seg == null) {
            throw nullArgument(k, metric, query);
        }
        return switch (metric) {
            case COSINE -> 1f - k.cosine(query, seg, off, dim);
            case EUCLIDEAN -> k.squareDistance(query, seg, off, dim);
            case DOT_PRODUCT -> -k.dot(query, seg, off, dim);
        };
    }

    /**
     * 1 / |v| of {@code v[off, off+dim)} (0 for a zero vector), the one number a cosine source keeps per vector
     * so that a distance is one dot product: see {@link #cosineDistance}.
     */
    public static float inverseNorm(float[] v, int off, int dim) {
        syna.api.internal.Checks.notNull(v, "vector");
        double s = 0;
        for (int i = 0; i < dim; i++) {
            double x = v[off + i];
            s += x * x;
        }
        return s == 0 ? 0f : (float) (1 / Math.sqrt(s));
    }

    /** Multiplies every component of {@code v} by {@code factor} (a cosine query made unit length). */
    public static void scale(float[] v, float factor) {
        syna.api.internal.Checks.notNull(v, "vector");
        for (int i = 0; i < v.length; i++) {
            v[i] *= factor;
        }
    }

    /**
     * Cosine distance from the dot product of a unit-length query with a stored vector and that vector's
     * inverse norm: {@code 1 - clamp(dot * inverseNorm, -1, 1)}; 1 for a zero vector, as the cosine kernels.
     */
    public static float cosineDistance(float dotWithUnitQuery, float inverseNorm) {
        float c = dotWithUnitQuery * inverseNorm;
        return 1f - Math.max(-1f, Math.min(1f, c));
    }

    /** Distance under {@code metric} between two vectors of equal length, with the chosen kernels. */
    public static float distance(DistanceMetric metric, float[] a, float[] b) {
        if (metric == null || a == null || b == null) {
            throw new InvalidArgumentException((metric == null ? "metric" : a == null ? "first vector" : "second vector")
                    + " must not be null");
        }
        if (a.length != b.length) {
            throw new DimensionMismatchException("dimension " + a.length + " != " + b.length);
        }
        return distance(kernels(), metric, a, b, 0, a.length);
    }

    private static InvalidArgumentException nullArgument(VectorKernels k, DistanceMetric metric, float[] query) {
        return new InvalidArgumentException((k == null ? "kernels" : metric == null ? "metric" : query == null ? "query"
                : "data") + " must not be null");
    }
}
