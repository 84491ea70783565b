package syna.api.spi;

import java.util.Objects;
import syna.api.InvalidArgumentException;

/**
 * Per-query settings of an index search.
 *
 * @param effort the provider's effort knob (HNSW ef, IVF nprobe, ...); 0 means the index default
 * @param filter only ordinals it accepts are returned; an index with {@link Capability#FILTER} plans the
 *     filtered search itself and still returns k results when k accepted ordinals are in the index
 */
public record SearchOptions(int effort, OrdinalFilter filter) {
    private static final SearchOptions DEFAULTS = new SearchOptions(0, OrdinalFilter.all());

    /** Validates. */
    public SearchOptions {
        if (effort < 0) {
            throw new InvalidArgumentException("search effort must be >= 0, got " + effort);
        }
        Objects.requireNonNull(filter, "filter");
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
    public SearchOptions withFilter(OrdinalFilter filter) {
        return new SearchOptions(effort, filter);
    }

    /** Whether a filter restricts the search. */
    public boolean filtered() {
        return !filter.acceptsAll();
    }
}
