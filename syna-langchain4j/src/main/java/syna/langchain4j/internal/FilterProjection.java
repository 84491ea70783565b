package syna.langchain4j.internal;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.store.embedding.filter.Filter;
import java.util.Map;
import syna.api.Atom;
import syna.api.VectorFilter;

/**
 * Evaluates a LangChain4j {@link Filter} inside Syna's search with LangChain4j's semantics exactly
 * (numbers across types, String against UUID, missing keys, type-mismatch errors). The filter is
 * compiled once per search ({@link CompiledFilter}): its comparisons read the one stored atom they
 * need and are memoised per distinct value, so a search that tests every stored embedding decodes no
 * metadata; a filter class it does not know runs on the decoded LangChain4j {@link Metadata} (decoded
 * once per stored version, through {@link MetadataCache}). Thread-safe.
 */
public final class FilterProjection implements VectorFilter {
    private final CompiledFilter.Node compiled;

    private FilterProjection(Filter filter, MetadataCache cache) {
        this.compiled = CompiledFilter.compile(filter, cache);
    }

    /** A Syna filter that applies {@code filter} to each candidate's segment metadata. */
    public static FilterProjection of(Filter filter, MetadataCache cache) {
        return new FilterProjection(filter, cache);
    }

    @Override
    public boolean test(String id, Map<String, Atom> atoms) {
        return compiled.test(id, atoms);
    }
}
