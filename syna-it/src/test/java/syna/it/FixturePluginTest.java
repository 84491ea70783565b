package syna.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Plugins as a user would add them: fixture modules compiled against the built syna-api and put into
 * a layer next to it; the registry must find, explain, report and choose exactly as documented.
 */
class FixturePluginTest {
    private static final String VIP = "VectorIndexProvider";

    private static InLayer layer(List<String> fixtureModules) {
        Fixtures f = Fixtures.get();
        List<Path> jars = new java.util.ArrayList<>(List.of(BuiltModules.get().api()));
        fixtureModules.forEach(m -> jars.add(f.module(m)));
        return InLayer.of(jars, fixtureModules);
    }

    @Test
    void fixturePluginIsFoundAndSearches() throws ReflectiveOperationException {
        InLayer layer = layer(List.of("syna.it.fixture"));
        assertEquals(List.of("fixture", "flat"), layer.names(VIP));
        assertEquals(List.of(), layer.problems());

        Object provider = layer.get(VIP, "fixture");
        assertEquals("syna.it.fixture", provider.getClass().getModule().getName());

        Class<?> spi = layer.spi(VIP);
        Class<?> configType = layer.spi("VectorIndexConfig");
        Class<?> indexType = layer.spi("VectorIndex");
        Class<?> sourceType = layer.spi("VectorSource");
        Class<?> arraySourceType = layer.spi("ArrayVectorSource");
        Object euclidean = layer.type("syna.api", "syna.api.DistanceMetric").getField("EUCLIDEAN").get(null);
        float[][] vectors = {{0, 0, 0}, {1, 0, 0}, {5, 5, 5}, {0.9f, 0.1f, 0}};
        Object source = layer.invoke(null, arraySourceType, "of", new Class<?>[] {float[][].class, euclidean.getClass()},
                vectors, euclidean);
        Object config = layer.invoke(null, configType, "of",
                new Class<?>[] {int.class, euclidean.getClass()}, 3, euclidean);
        Object index = layer.invoke(provider, spi, "create", new Class<?>[] {configType, sourceType}, config, source);
        for (int i = 0; i < vectors.length; i++) {
            layer.invoke(index, indexType, "add", new Class<?>[] {int.class}, i);
        }
        List<?> hits = (List<?>) layer.invoke(index, indexType, "search", new Class<?>[] {float[].class, int.class},
                new float[] {1, 0, 0}, 2);
        List<Integer> ordinals = hits.stream().map(h -> (Integer) InLayer.call(h, "ordinal")).toList();
        assertEquals(List.of(1, 3), ordinals, "brute-force search through the registry's provider");
        layer.invoke(index, indexType, "close", new Class<?>[0]);
    }

    @Test
    void missingProviderNamesTheModuleToAdd() {
        InLayer layer = layer(List.of("syna.it.fixture"));
        RuntimeException e = assertThrows(RuntimeException.class, () -> layer.get(VIP, "hnsw"));
        assertEquals("syna.api.ProviderNotFoundException", e.getClass().getName());
        assertEquals("no VectorIndexProvider named 'hnsw': add module syna.index.hnsw to the module path "
                + "(available: [fixture, flat])", e.getMessage());
        assertEquals("syna.index.hnsw", InLayer.call(e, "module"));
        assertEquals(List.of("fixture", "flat"), InLayer.call(e, "available"));
    }

    @Test
    void brokenProviderIsReportedAndOthersStillWork() {
        InLayer layer = layer(List.of("syna.it.fixture.broken", "syna.it.fixture"));
        assertEquals(List.of("fixture", "flat"), layer.names(VIP), "the broken plugin must not hide the others");
        assertEquals("fixture", layer.invoke(layer.get(VIP, "fixture"), layer.spi(VIP), "name", new Class<?>[0]));
        List<InLayer.Problem> problems = layer.problems();
        assertEquals(1, problems.size(), problems.toString());
        InLayer.Problem p = problems.getFirst();
        assertEquals(VIP, p.spi());
        assertEquals("syna.it.fixture.broken.ExplodingIndexProvider", p.provider());
        assertTrue(p.description().startsWith("failed to load, skipped: "), p.description());
        assertTrue(p.description().contains("IllegalStateException: fixture provider 'exploding' refuses to start"),
                "the report keeps the plugin's own message: " + p.description());
    }

    @Test
    void duplicateNamesAreReportedAndTheWinnerIsDeterministic() {
        String a = "syna.it.fixture.dup.a";
        String b = "syna.it.fixture.dup.b";
        String expected = "duplicate name 'twin': syna.it.fixture.dup.a.TwinIndexProvider (module syna.it.fixture.dup.a)"
                + " and syna.it.fixture.dup.b.TwinIndexProvider (module syna.it.fixture.dup.b);"
                + " using syna.it.fixture.dup.a.TwinIndexProvider (module syna.it.fixture.dup.a)";
        for (List<String> order : List.of(List.of(a, b), List.of(b, a))) {
            InLayer layer = layer(order);
            assertEquals(List.of("flat", "twin"), layer.names(VIP));
            Object twin = layer.get(VIP, "twin");
            assertEquals(a, twin.getClass().getModule().getName(), "first by module name wins, jar order " + order);
            List<InLayer.Problem> problems = layer.problems();
            assertEquals(List.of(new InLayer.Problem(VIP, "syna.it.fixture.dup.b.TwinIndexProvider", expected)),
                    problems, "jar order " + order);
        }
    }
}
