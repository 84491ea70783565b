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
 * Evaluates a LangChain4j {@link Filter} inside Syna's search: each candidate's stored atoms are turned
 * into LangChain4j {@link Metadata} and handed to the filter's own {@code test}, so the semantics are
 * LangChain4j's exactly (numbers across types, String against UUID, missing keys, type-mismatch errors).
 *
 * <p>Decoding every entry of every candidate is the cost of a filtered search, so for LangChain4j's own
 * filter classes (matched by exact class: a subclass may read other keys) only the keys the filter names are
 * decoded; those filters read nothing else. Any other {@code Filter} sees the whole metadata. Thread-safe.
 */
public final class FilterProjection implements VectorFilter {
    private final Filter filter;
    /** Entry names per key, one per type tag; {@code null}: decode everything. */
    private final String[][] names;

    private FilterProjection(Filter filter, Set<String> keys) {
        this.filter = filter;
        if (keys == null) {
            this.names = null;
        } else {
            this.names = new String[keys.size()][];
            int i = 0;
            for (String key : keys) {
                names[i++] = SegmentCodec.entryNames(key);
            }
        }
    }

    /** A Syna filter that applies {@code filter} to each candidate's segment metadata. */
    public static FilterProjection of(Filter filter) {
        Set<String> keys = new LinkedHashSet<>();
        return new FilterProjection(filter, collectKeys(filter, keys) ? keys : null);
    }

    @Override
    public boolean test(String id, Map<String, Atom> atoms) {
        return filter.test(names == null ? SegmentCodec.metadata(id, atoms) : SegmentCodec.metadata(id, atoms, names));
    }

    /** Adds the metadata keys {@code f} reads to {@code keys}; false when {@code f} may read any key. */
    private static boolean collectKeys(Filter f, Set<String> keys) {
        Class<?> c = f.getClass();
        if (c == And.class) {
            return collectKeys(((And) f).left(), keys) && collectKeys(((And) f).right(), keys);
        }
        if (c == Or.class) {
            return collectKeys(((Or) f).left(), keys) && collectKeys(((Or) f).right(), keys);
        }
        if (c == Not.class) {
            return collectKeys(((Not) f).expression(), keys);
        }
        String key = switch (f) {
            case IsEqualTo x when c == IsEqualTo.class -> x.key();
            case IsNotEqualTo x when c == IsNotEqualTo.class -> x.key();
            case IsGreaterThan x when c == IsGreaterThan.class -> x.key();
            case IsGreaterThanOrEqualTo x when c == IsGreaterThanOrEqualTo.class -> x.key();
            case IsLessThan x when c == IsLessThan.class -> x.key();
            case IsLessThanOrEqualTo x when c == IsLessThanOrEqualTo.class -> x.key();
            case IsIn x when c == IsIn.class -> x.key();
            case IsNotIn x when c == IsNotIn.class -> x.key();
            case ContainsString x when c == ContainsString.class -> x.key();
            default -> null;
        };
        if (key == null) {
            return false;
        }
        keys.add(key);
        return true;
    }
}
