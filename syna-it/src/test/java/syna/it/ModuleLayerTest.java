package syna.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The built Syna jars loaded as modules into a layer of their own. */
class ModuleLayerTest {
    /** Provider names each module must bring when it is built, by module and SPI. */
    private static final Map<String, Map<String, String>> EXPECTED_PROVIDERS = Map.of(
            "syna.storage", Map.of("StorageEngineProvider", "log"),
            "syna.vector", Map.of("VectorStoreProvider", "standard"),
            "syna.simd", Map.of("VectorKernelsProvider", "simd"),
            "syna.codec.lz4", Map.of("CodecProvider", "lz4"),
            "syna.index.hnsw", Map.of("VectorIndexProvider", "hnsw"),
            "syna.index.gwi", Map.of("VectorIndexProvider", "gwi"),
            "syna.index.cascade", Map.of("VectorIndexProvider", "cascade"));

    @Test
    void everySynaModuleIsExplicitAndLivesUnderItsName() {
        BuiltModules built = BuiltModules.get();
        assertTrue(built.has("syna.api"), "syna.api must always be built: " + built.coverage());
        List<String> problems = new ArrayList<>();
        for (BuiltModules.Jar jar : built.syna().values()) {
            problems.addAll(ModuleChecks.shapeProblems(jar.reference()));
        }
        System.out.println("[syna-it] module shape checked for " + built.synaNames());
        assertEquals(List.of(), problems);
    }

    @Test
    void layerResolvesAndFindsEveryDeclaredProvider() {
        BuiltModules built = BuiltModules.get();
        InLayer layer = InLayer.of(built.jars(), built.synaNames());
        for (String name : built.synaNames()) {
            Module m = layer.layer().findModule(name).orElseThrow();
            assertTrue(m.isNamed() && !m.getDescriptor().isAutomatic(), name + " must be an explicit module");
        }

        // Every `provides` of a Syna module of an SPI shows up in the registry of that layer.
        List<ModuleDescriptor> descriptors = built.syna().values().stream().map(BuiltModules.Jar::descriptor).toList();
        assertEquals(List.of(), layer.declaredButNotLoaded(descriptors), "problems: " + layer.problems());
        Map<String, List<String>> covered = new TreeMap<>();
        for (ModuleDescriptor d : descriptors) {
            d.provides().forEach(p -> covered.computeIfAbsent(d.name(), k -> new ArrayList<>())
                    .add(p.service().substring(p.service().lastIndexOf('.') + 1) + "=" + p.providers()));
        }
        // The names the rest of the system relies on.
        for (var e : EXPECTED_PROVIDERS.entrySet()) {
            if (!built.has(e.getKey())) {
                System.out.println("[syna-it] " + e.getKey() + " not built yet: not checking its providers " + e.getValue());
                continue;
            }
            for (var spi : e.getValue().entrySet()) {
                List<String> names = layer.names(spi.getKey());
                assertTrue(names.contains(spi.getValue()), e.getKey() + " must provide " + spi.getKey() + " '"
                        + spi.getValue() + "'; the layer has " + names);
                Object provider = layer.all(spi.getKey()).get(spi.getValue());
                assertEquals(e.getKey(), provider.getClass().getModule().getName(),
                        spi.getKey() + " '" + spi.getValue() + "' must come from " + e.getKey());
            }
        }
        // Built-ins of syna.api are always there.
        assertTrue(layer.names("VectorIndexProvider").contains("flat"));
        assertTrue(layer.names("VectorKernelsProvider").contains("scalar"));
        assertTrue(layer.names("CodecProvider").contains("none"));
        assertEquals(List.of(), layer.problems(), "no provider of the built modules may fail to load");
        System.out.println("[syna-it] layer of " + built.synaNames() + " found declared providers " + covered);
    }

    @Test
    void providerThatFailsToLoadIsFlagged() {
        Fixtures f = Fixtures.get();
        InLayer layer = InLayer.of(List.of(BuiltModules.get().api(), f.module("syna.it.fixture.broken"),
                f.module("syna.it.fixture")), List.of("syna.it.fixture.broken", "syna.it.fixture"));
        List<ModuleDescriptor> descriptors = layer.layer().modules().stream().map(Module::getDescriptor).toList();
        assertEquals(List.of("syna.it.fixture.broken provides VectorIndexProvider with "
                + "syna.it.fixture.broken.ExplodingIndexProvider but the registry of the layer has only "
                + "[syna.api.internal.FlatVectorIndexProvider, syna.it.fixture.BruteForceIndexProvider]"),
                layer.declaredButNotLoaded(descriptors));
    }

    @Test
    void shapeCheckFlagsAutomaticAndMisplacedModules() {
        Fixtures f = Fixtures.get();
        ModuleReference auto = ModuleFinder.of(f.autoLib()).findAll().iterator().next();
        List<String> autoProblems = ModuleChecks.shapeProblems(auto);
        assertEquals(1, autoProblems.size(), autoProblems.toString());
        assertTrue(autoProblems.getFirst().startsWith("module autolib is automatic (no module-info.class in "),
                autoProblems.toString());

        ModuleReference misnamed = ModuleFinder.of(f.module("syna.it.fixture.misnamed")).findAll().iterator().next();
        assertEquals(List.of(
                "module syna.it.fixture.misnamed has package elsewhere.misnamed outside its root package "
                        + "syna.it.fixture.misnamed",
                "module syna.it.fixture.misnamed exports internal package syna.it.fixture.misnamed.internal"),
                ModuleChecks.shapeProblems(misnamed));

        ModuleReference good = ModuleFinder.of(f.module("syna.it.fixture")).findAll().iterator().next();
        assertFalse(good.descriptor().isAutomatic());
        assertEquals(List.of(), ModuleChecks.shapeProblems(good));
    }
}
