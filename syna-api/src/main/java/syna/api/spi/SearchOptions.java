package syna.api.spi;

import java.util.Optional;
import java.util.function.LongPredicate;
import syna.api.InvalidArgumentException;

/**
 * Per-query settings.
 *
 * @param effort the provider's effort knob (HNSW ef, IVF nprobe, ...); 0 means the index default
 * @param filter only ids it accepts are returned; an index with {@link Capability#FILTER} still returns
 *     k results when k ids match
 */
public record SearchOptions(int effort, Optional<LongPredicate> filter) {
    private static final SearchOptions DEFAULTS = new SearchOptions(0, Optional.empty());

    /** Validates. */
    public SearchOptions {
        if (effort < 0) {
            throw new InvalidArgumentException("search effort must be >= 0, got " + effort);
        }
        syna.api.internal.Checks.notNull(filter, "filter");
    }

    /** Index defaults, no filter. */
    public static SearchOptions defaults() {
        return DEFAULTS;
    }

    /** These options with another effort. */
    public SearchOptions withEffort(int effort) {
        return new SearchOptions(effort, filter);
    }

    /** These options with a filter. */
    public SearchOptions withFilter(LongPredicate filter) {
        return new SearchOptions(effort, Optional.of(filter));
    }
}
