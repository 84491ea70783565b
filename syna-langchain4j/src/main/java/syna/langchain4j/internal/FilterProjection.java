package syna.langchain4j.internal;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.langchain4j.store.embedding.filter.comparison.ContainsString;
import dev.langchain4j.store.embedding.filter.comparison.IsEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThan;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsIn;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThan;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotIn;
import dev.langchain4j.store.embedding.filter.logical.And;
import dev.langchain4j.store.embedding.filter.logical.Not;
import dev.langchain4j.store.embedding.filter.logical.Or;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import syna.api.Atom;
import syna.api.VectorFilter;

/**
 * Evaluates a LangChain4j {@link Filter} inside Syna's search: each candidate's stored atoms become
 * LangChain4j {@link Metadata} (decoded once per stored version, through {@link MetadataCache}) and go
 * to the filter's own {@code test}, so the semantics are LangChain4j's exactly (numbers across types,
 * String against UUID, missing keys, type-mismatch errors). Thread-safe.
 */
public final class FilterProjection implements VectorFilter {
    private final Filter filter;
    private final MetadataCache cache;

    private FilterProjection(Filter filter, MetadataCache cache) {
        this.filter = filter;
        this.cache = cache;
    }

    /** A Syna filter that applies {@code filter} to each candidate's segment metadata. */
    public static FilterProjection of(Filter filter, MetadataCache cache) {
        return new FilterProjection(filter, cache);
    }

    @Override
    public boolean test(String id, Map<String, Atom> atoms) {
        return filter.test(cache.get(id, atoms));
    }
}
