package syna.api.spi;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import syna.api.DimensionMismatchException;
import syna.api.DistanceMetric;
import syna.api.InvalidArgumentException;

/**
 * What an index is built for.
 *
 * @param dimension vector dimension, 1 to {@link #MAX_DIMENSION}
 * @param metric distance metric
 * @param parameters provider-specific settings by name (e.g. {@code m=16}); each plugin's options
 *     type converts to and from this map
 */
public record VectorIndexConfig(int dimension, DistanceMetric metric, Map<String, String> parameters) {
    /** Largest supported dimension. */
    public static final int MAX_DIMENSION = 4096;

    /** Validates the dimension and copies the parameters (sorted, for stable printing). */
    public VectorIndexConfig {
        if (dimension < 1 || dimension > MAX_DIMENSION) {
            throw new InvalidArgumentException(
                    "vector dimension must be in [1, " + MAX_DIMENSION + "], got " + dimension);
        }
        Objects.requireNonNull(metric, "metric");
        parameters = Map.copyOf(new TreeMap<>(Objects.requireNonNull(parameters, "parameters")));
    }

    /** The config for {@code source}'s dimension and metric with {@code parameters}. */
    public static VectorIndexConfig of(VectorSource source, Map<String, String> parameters) {
        return new VectorIndexConfig(source.dimension(), source.metric(), parameters);
    }

    /**
     * Checks that {@code source} has this config's dimension and metric (what a provider's {@code create}
     * does first): {@link DimensionMismatchException} or {@link InvalidArgumentException} naming {@code provider}.
     */
    public void requireMatches(VectorSource source, String provider) {
        Objects.requireNonNull(source, "source");
        if (source.dimension() != dimension) {
            throw new DimensionMismatchException("index '" + provider + "' configured for dimension " + dimension
                    + " over a source of dimension " + source.dimension());
        }
        if (source.metric() != metric) {
            throw new InvalidArgumentException("index '" + provider + "' configured for metric " + metric
                    + " over a source of metric " + source.metric());
        }
    }

    /** A config without provider parameters. */
    public static VectorIndexConfig of(int dimension, DistanceMetric metric) {
        return new VectorIndexConfig(dimension, metric, Map.of());
    }
}
