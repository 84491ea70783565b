package syna.langchain4j.internal;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.filter.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import syna.api.Atom;
import syna.tests.Seeded;

/**
 * A compiled filter agrees with LangChain4j's own {@code test} on every metadata, errors included:
 * random filter trees over keys holding every metadata type (or missing), with comparison values of
 * every type, so numbers across types, String against UUID, NaN and type mismatches all occur.
 */
@Seeded
class CompiledFilterTest {
    private static final String[] KEYS = {"a", "b", "c"};
    private static final UUID U1 = UUID.fromString("00000000-0000-4000-8000-000000000001");
    private static final UUID U2 = UUID.fromString("00000000-0000-4000-8000-000000000002");

    private static Object value(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> r.nextBoolean() ? "x" : "xy" + r.nextInt(3);
            case 1 -> r.nextBoolean() ? U1 : U2;
            case 2 -> r.nextInt(5) - 2;
            case 3 -> (long) (r.nextInt(5) - 2);
            case 4 -> r.nextInt(6) == 0 ? Float.NaN : (float) (r.nextInt(5) - 2) / 2;
            case 5 -> r.nextInt(6) == 0 ? Double.NaN : (double) (r.nextInt(5) - 2) / 2;
            case 6 -> r.nextBoolean() ? U1.toString() : "00000000-0000-4000-8000-000000000009";
            default -> (long) Integer.MAX_VALUE + r.nextInt(3);
        };
    }

    private static Filter filter(Random r, int depth) {
        if (depth > 0 && r.nextInt(3) == 0) {
            return switch (r.nextInt(3)) {
                case 0 -> filter(r, depth - 1).and(filter(r, depth - 1));
                case 1 -> filter(r, depth - 1).or(filter(r, depth - 1));
                default -> Filter.not(filter(r, depth - 1));
            };
        }
        String key = KEYS[r.nextInt(KEYS.length)];
        Object v = value(r);
        var k = metadataKey(key);
        return switch (r.nextInt(9)) {
            case 0 -> eq(k, v);
            case 1 -> switch (v) {
                case String s -> k.isNotEqualTo(s);
                case UUID u -> k.isNotEqualTo(u);
                case Integer i -> k.isNotEqualTo(i);
                case Long l -> k.isNotEqualTo(l);
                case Float f -> k.isNotEqualTo(f);
                default -> k.isNotEqualTo((Double) v);
            };
            case 2 -> v instanceof Number n ? k.isGreaterThan(n.doubleValue()) : k.isGreaterThan(v.toString());
            case 3 -> v instanceof Number n ? k.isGreaterThanOrEqualTo(n.longValue()) : k.isGreaterThanOrEqualTo(v.toString());
            case 4 -> v instanceof Number n ? k.isLessThan(n.floatValue()) : k.isLessThan(v.toString());
            case 5 -> v instanceof Number n ? k.isLessThanOrEqualTo(n.intValue()) : k.isLessThanOrEqualTo(v.toString());
            case 6 -> k.isIn(List.of(v, value(r)).stream().filter(x -> x.getClass() == v.getClass()).toList());
            case 7 -> k.isNotIn(List.of(v));
            default -> k.containsString(r.nextBoolean() ? "x" : "0001");
        };
    }

    private static Filter eq(dev.langchain4j.store.embedding.filter.MetadataFilterBuilder k, Object v) {
        return switch (v) {
            case String s -> k.isEqualTo(s);
            case UUID u -> k.isEqualTo(u);
            case Integer i -> k.isEqualTo(i);
            case Long l -> k.isEqualTo(l);
            case Float f -> k.isEqualTo(f);
            default -> k.isEqualTo((Double) v);
        };
    }

    private static String outcome(BooleanSupplier test) {
        try {
            return Boolean.toString(test.getAsBoolean());
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    @Test
    void compiledFiltersAgreeWithLangChain4jIncludingErrors(Random r) {
        List<Metadata> metadata = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Metadata m = new Metadata();
            for (String key : KEYS) {
                if (r.nextInt(4) != 0) {
                    Object v = value(r);
                    switch (v) {
                        case String s -> m.put(key, s);
                        case UUID u -> m.put(key, u);
                        case Integer x -> m.put(key, x);
                        case Long x -> m.put(key, x);
                        case Float x -> m.put(key, x);
                        default -> m.put(key, (Double) v);
                    }
                }
            }
            metadata.add(m);
        }
        MetadataCache cache = new MetadataCache();
        for (int f = 0; f < 300; f++) {
            Filter filter = filter(r, 3);
            CompiledFilter.Node compiled = CompiledFilter.compile(filter, cache);
            for (int i = 0; i < metadata.size(); i++) {
                Metadata m = metadata.get(i);
                Map<String, Atom> atoms = SegmentCodec.encode(TextSegment.from("t", m));
                String id = "id" + i;
                // twice: the second answer comes from the memo
                for (int pass = 0; pass < 2; pass++) {
                    assertEquals(outcome(() -> filter.test(m)), outcome(() -> compiled.test(id, atoms)),
                            filter + " on " + m.toMap());
                }
            }
        }
    }
}
