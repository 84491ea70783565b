package syna.api;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * Per-search settings of a vector store.
 * Immutable; thread-safe.
 *
 * @param effort the index's effort knob (HNSW ef, ...); 0 for its default
 * @param filter only vectors it accepts are returned; k results come back whenever k vectors match
 * @param includeVectors whether matches carry their vectors
 */
public record VectorQuery(int effort, Optional<VectorFilter> filter, boolean includeVectors) {
    /** Validates. */
    public VectorQuery {
        if (effort < 0) {
            throw new InvalidArgumentException("effort must be >= 0, got " + effort);
        }
        syna.api.internal.Checks.notNull(filter, "filter");
    }

    /** Defaults: index effort, no filter, no vectors. */
    public static VectorQuery defaults() {
        return new VectorQuery(0, Optional.empty(), false);
    }

    /** With a filter on key and metadata. */
    public VectorQuery withFilter(VectorFilter filter) {
        return new VectorQuery(effort, Optional.of(filter), includeVectors);
    }

    /** With a filter on the key alone. */
    public VectorQuery withKeyFilter(Predicate<String> keyFilter) {
        return withFilter((key, metadata) -> keyFilter.test(key));
    }

    /** With an effort. */
    public VectorQuery withEffort(int effort) {
        return new VectorQuery(effort, filter, includeVectors);
    }

    /** With vectors in the matches. */
    public VectorQuery withVectors() {
        return new VectorQuery(effort, filter, true);
    }
}
