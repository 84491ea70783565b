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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import syna.api.Atom;

/**
 * A LangChain4j {@link Filter} compiled into a predicate over the stored atoms, without building
 * LangChain4j {@link Metadata} per candidate (whose comparisons copy the metadata map and parse numbers
 * through {@code BigDecimal} on every test).
 *
 * <p>{@code And}, {@code Or} and {@code Not} combine their compiled operands with the same
 * short-circuit order as LangChain4j's own {@code test}. A comparison ({@code IsEqualTo},
 * {@code IsIn}, {@code IsLessThan}, ..., {@code ContainsString}) reads exactly one metadata key, so
 * its result is a function of that key's stored value alone (or of its absence): it is computed by
 * the comparison's own {@code test} on a one-entry {@code Metadata} holding that value, and memoised
 * per distinct stored atom. The semantics are therefore LangChain4j's exactly (numbers across types,
 * String against UUID, missing keys, NaN), errors included: a comparison that throws (a type
 * mismatch) is never memoised, so it throws for every candidate it throws for. Any other filter
 * class runs on the full decoded metadata, as before. Thread-safe.
 */
final class CompiledFilter {
    /** Distinct values memoised per comparison and type; beyond that the comparison runs uncached. */
    private static final int MEMO_LIMIT = 4096;
    /** Type prefixes of {@link SegmentCodec}, most common first. */
    private static final char[] PREFIXES = {'s', 'i', 'l', 'd', 'f', 'u'};

    private CompiledFilter() {}

    /** A predicate over (id, atoms) equivalent to {@code filter.test(metadata)}. */
    interface Node {
        boolean test(String id, Map<String, Atom> atoms);
    }

    static Node compile(Filter filter, MetadataCache cache) {
        return switch (filter) {
            case And a -> {
                Node l = compile(a.left(), cache);
                Node r = compile(a.right(), cache);
                yield (id, atoms) -> l.test(id, atoms) && r.test(id, atoms);
            }
            case Or o -> {
                Node l = compile(o.left(), cache);
                Node r = compile(o.right(), cache);
                yield (id, atoms) -> l.test(id, atoms) || r.test(id, atoms);
            }
            case Not n -> {
                Node e = compile(n.expression(), cache);
                yield (id, atoms) -> !e.test(id, atoms);
            }
            case IsEqualTo c -> new Comparison(c, c.key());
            case IsNotEqualTo c -> new Comparison(c, c.key());
            case IsGreaterThan c -> new Comparison(c, c.key());
            case IsGreaterThanOrEqualTo c -> new Comparison(c, c.key());
            case IsLessThan c -> new Comparison(c, c.key());
            case IsLessThanOrEqualTo c -> new Comparison(c, c.key());
            case IsIn c -> new Comparison(c, c.key());
            case IsNotIn c -> new Comparison(c, c.key());
            case ContainsString c -> new Comparison(c, c.key());
            default -> (id, atoms) -> filter.test(cache.get(id, atoms));
        };
    }

    /** A one-key comparison, memoised per stored atom. */
    private static final class Comparison implements Node {
        private final Filter filter;
        private final String key;
        private final String[] names = new String[PREFIXES.length];
        private final List<ConcurrentHashMap<Atom, Boolean>> memo = new ArrayList<>(PREFIXES.length);
        private volatile Boolean whenAbsent;
        /** Index of the type prefix found last (a hint only: any value is correct). */
        private int hint;

        Comparison(Filter filter, String key) {
            this.filter = filter;
            this.key = key;
            for (int i = 0; i < PREFIXES.length; i++) {
                // interned: the store interns stored names, so the map probe's equals is an identity check
                names[i] = (PREFIXES[i] + ":" + key).intern();
                memo.add(new ConcurrentHashMap<>());
            }
        }

        @Override
        public boolean test(String id, Map<String, Atom> atoms) {
            if (!atoms.isEmpty()) {
                // The type found last first: a key almost always has one type in a store.
                int h = hint;
                Atom a = atoms.get(names[h]);
                if (a != null) {
                    return present(h, id, a);
                }
                for (int i = 0; i < names.length; i++) {
                    if (i != h && (a = atoms.get(names[i])) != null) {
                        hint = i;
                        return present(i, id, a);
                    }
                }
            }
            Boolean r = whenAbsent;
            if (r == null) {
                r = filter.test(new Metadata());
                whenAbsent = r;
            }
            return r;
        }

        private boolean present(int type, String id, Atom atom) {
            ConcurrentHashMap<Atom, Boolean> m = memo.get(type);
            Boolean r = m.get(atom);
            if (r != null) {
                return r;
            }
            Object value = SegmentCodec.value(id, names[type], atom);
            boolean result = filter.test(new Metadata(Map.of(key, value)));
            if (m.size() < MEMO_LIMIT) {
                m.put(atom, result);
            }
            return result;
        }
    }
}
