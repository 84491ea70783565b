package syna.api;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import syna.api.spi.VectorIndexConfig;

/**
 * How a vector store is set up. Built with {@link #builder(int)}, validated once in
 * {@link Builder#build()}. Immutable and thread-safe.
 *
 * @param dimension vector dimension, 1 to {@value VectorIndexConfig#MAX_DIMENSION}
 * @param metric distance metric (default cosine)
 * @param index index provider name; empty: {@code -Dsyna.index}, else {@code hnsw} when present, else {@code flat}
 * @param indexParameters provider parameters of the index (e.g. {@code m=16})
 * @param indexThreshold below this many vectors search is exact and no index is built (default 10,000)
 * @param initialCapacity vectors pre-allocated by a memory-mapped store (default 100,000); it grows when full
 */
public record VectorStoreOptions(
        int dimension,
        DistanceMetric metric,
        Optional<String> index,
        Map<String, String> indexParameters,
        int indexThreshold,
        long initialCapacity) {

    /** Validates every field and copies the map. */
    public VectorStoreOptions {
        if (dimension < 1 || dimension > VectorIndexConfig.MAX_DIMENSION) {
            throw new InvalidArgumentException(
                    "vector dimension must be in [1, " + VectorIndexConfig.MAX_DIMENSION + "], got " + dimension);
        }
        syna.api.internal.Checks.notNull(metric, "metric");
        syna.api.internal.Checks.notNull(index, "index");
        indexParameters = Map.copyOf(new TreeMap<>(syna.api.internal.Checks.notNull(indexParameters, "indexParameters")));
        if (indexThreshold < 0) {
            throw new InvalidArgumentException("indexThreshold must be >= 0, got " + indexThreshold);
        }
        if (initialCapacity < 1 || initialCapacity > (1L << 40)) {
            throw new InvalidArgumentException("initialCapacity must be in [1, 2^40], got " + initialCapacity);
        }
    }

    /** A builder for vectors of {@code dimension}. */
    public static Builder builder(int dimension) {
        return new Builder(dimension);
    }

    /** Builds {@link VectorStoreOptions}. Not thread-safe; one per thread. */
    public static final class Builder {
        private final int dimension;
        private DistanceMetric metric = DistanceMetric.COSINE;
        private Optional<String> index = Optional.empty();
        private Map<String, String> indexParameters = Map.of();
        private int indexThreshold = 10_000;
        private long initialCapacity = 100_000;

        private Builder(int dimension) {
            this.dimension = dimension;
        }

        /** Sets the metric. */
        public Builder metric(DistanceMetric metric) {
            this.metric = syna.api.internal.Checks.notNull(metric, "metric");
            return this;
        }

        /** Chooses the index provider by name. */
        public Builder index(String provider) {
            this.index = Optional.of(syna.api.internal.Checks.notNull(provider, "index"));
            return this;
        }

        /** Sets the index provider's parameters. */
        public Builder indexParameters(Map<String, String> parameters) {
            this.indexParameters = syna.api.internal.Checks.notNull(parameters, "indexParameters");
            return this;
        }

        /** Search is exact below this many vectors. */
        public Builder indexThreshold(int vectors) {
            this.indexThreshold = vectors;
            return this;
        }

        /** Vectors pre-allocated by a memory-mapped store. */
        public Builder initialCapacity(long vectors) {
            this.initialCapacity = vectors;
            return this;
        }

        /** Validates and builds. */
        public VectorStoreOptions build() {
            return new VectorStoreOptions(dimension, metric, index, indexParameters, indexThreshold, initialCapacity);
        }
    }
}
