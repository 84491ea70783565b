package syna.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * jlink cannot link automatic modules: the modules that belong in an image (DESIGN.md section 1) and
 * everything they require must be explicit modules.
 */
class JlinkSetTest {
    @Test
    void jlinkSetResolvesToExplicitModulesOnly() {
        BuiltModules built = BuiltModules.get();
        List<String> roots = built.presentJlinkSet();
        assertTrue(roots.contains("syna.api"), built.coverage());
        Configuration cf = ModuleChecks.resolveForLink(built.finder(), roots);
        List<String> resolved = cf.modules().stream().map(ResolvedModule::name).sorted().toList();
        System.out.println("[syna-it] jlink set " + roots + " resolves to " + resolved);
        assertEquals(List.of(), ModuleChecks.automaticModules(cf),
                "every module in the jlink set needs a module descriptor (picocli has one: info.picocli; "
                        + "lz4-java needs one added at build time)");
    }

    @Test
    void automaticRequirementIsReported() {
        Fixtures f = Fixtures.get();
        Configuration cf = ModuleChecks.resolveForLink(
                ModuleFinder.of(f.module("syna.it.fixture.needsauto"), f.autoLib()), List.of("syna.it.fixture.needsauto"));
        List<String> found = ModuleChecks.automaticModules(cf);
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.getFirst().startsWith("automatic module autolib (file:"), found.toString());
        assertTrue(found.getFirst().endsWith("autolib.jar) required by [syna.it.fixture.needsauto]"), found.toString());

        Configuration clean = ModuleChecks.resolveForLink(
                ModuleFinder.of(BuiltModules.get().api(), f.module("syna.it.fixture")), List.of("syna.it.fixture"));
        assertFalse(clean.findModule("syna.api").isEmpty());
        assertEquals(List.of(), ModuleChecks.automaticModules(clean));
    }
}
