package syna.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Class-path users find providers through META-INF/services, module-path users through
 * {@code provides}: in every built Syna jar both must name the same providers (DESIGN.md section 2).
 */
class ServicesAgreementTest {
    @Test
    void builtJarsDeclareTheSameProvidersBothWays() {
        BuiltModules built = BuiltModules.get();
        List<String> disagreements = new ArrayList<>();
        Map<String, Integer> checked = new TreeMap<>();
        for (BuiltModules.Jar jar : built.syna().values()) {
            disagreements.addAll(ModuleChecks.servicesDisagreements(jar.reference()));
            checked.put(jar.name(), jar.descriptor().provides().stream().mapToInt(p -> p.providers().size()).sum());
        }
        System.out.println("[syna-it] provides vs META-INF/services checked (providers per module): " + checked);
        assertEquals(List.of(), disagreements);
    }

    @Test
    void wellFormedFixturesAgree() {
        Fixtures f = Fixtures.get();
        for (String m : List.of("syna.it.fixture", "syna.it.fixture.broken", "syna.it.fixture.dup.a",
                "syna.it.fixture.dup.b")) {
            assertEquals(List.of(), ModuleChecks.servicesDisagreements(reference(f, m)), m);
        }
    }

    @Test
    void disagreementIsReportedInBothDirections() {
        ModuleReference mismatch = reference(Fixtures.get(), "syna.it.fixture.mismatch");
        assertEquals(List.of(
                "syna.it.fixture.mismatch: module-info provides syna.api.spi.VectorIndexProvider with "
                        + "syna.it.fixture.mismatch.Declared but META-INF/services/syna.api.spi.VectorIndexProvider "
                        + "does not list it",
                "syna.it.fixture.mismatch: META-INF/services/syna.api.spi.VectorIndexProvider lists "
                        + "syna.it.fixture.mismatch.Listed but module-info does not provide it"),
                ModuleChecks.servicesDisagreements(mismatch));
    }

    @Test
    void missingServicesFileIsReported() {
        Fixtures f = Fixtures.get();
        // The mismatch fixture's classes jarred again without any META-INF/services file.
        java.nio.file.Path bare = Fixtures.work().resolve("fixtures/jars-extra/mismatch-without-services.jar");
        Fixtures.jar(f.moduleClasses("syna.it.fixture.mismatch"), null, bare);
        ModuleReference ref = ModuleFinder.of(bare).findAll().iterator().next();
        assertEquals(List.of("syna.it.fixture.mismatch: module-info provides syna.api.spi.VectorIndexProvider with "
                + "syna.it.fixture.mismatch.Declared but META-INF/services/syna.api.spi.VectorIndexProvider is missing"),
                ModuleChecks.servicesDisagreements(ref));
    }

    private static ModuleReference reference(Fixtures f, String module) {
        return ModuleFinder.of(f.module(module)).findAll().iterator().next();
    }
}
