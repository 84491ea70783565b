package syna.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Module boundaries that the module system alone does not enforce, checked with ArchUnit on the
 * classes of the built jars; each rule is also shown to catch a fixture class that breaks it.
 */
class ArchitectureTest {
    private static JavaClasses built;
    private static JavaClasses broken;

    @BeforeAll
    static void importClasses() {
        BuiltModules.get();
        Fixtures.get();
        long start = System.nanoTime();
        List<JarFile> jars = new ArrayList<>();
        try {
            for (BuiltModules.Jar jar : BuiltModules.get().syna().values()) {
                jars.add(new JarFile(jar.path().toFile()));
            }
            built = new ClassFileImporter().importJars(jars);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (JarFile j : jars) {
                try {
                    j.close();
                } catch (IOException e) {
                    // Read-only jar: nothing was written, so nothing is lost.
                }
            }
        }
        broken = new ClassFileImporter().importPath(Fixtures.get().archClasses());
        long api = built.stream().filter(c -> c.getPackageName().startsWith("syna.api")).count();
        System.out.println("[syna-it] ArchUnit imported " + built.size() + " classes (" + api + " of syna.api) from "
                + BuiltModules.get().synaNames() + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertTrue(api > 20, "the rules must not pass on nothing: too few syna.api classes imported (" + api + ")");
    }

    @Test
    void onlySimdUsesTheVectorApi() {
        ArchRules.onlySimdUsesVectorApi().check(built);
        assertViolations(ArchRules.onlySimdUsesVectorApi(), "syna.cli.bad.CliUsingVectorApi");
    }

    @Test
    void apiNeedsJavaBaseOnly() {
        ArchRules.apiNeedsJavaBaseOnly().check(built);
        assertViolations(ArchRules.apiNeedsJavaBaseOnly(), "syna.api.bad.ApiUsingLogging");
    }

    @Test
    void pluginsReachTheEngineOnlyThroughTheApi() {
        boolean noPlugins = built.that(JavaClass.Predicates.resideInAnyPackage(
                ArchRules.PLUGIN_PACKAGES.toArray(String[]::new))).isEmpty();
        System.out.println("[syna-it] plugin rule " + (noPlugins ? "has no plugin classes to check yet" : "checked"));
        ArchRules.pluginsReachEngineOnlyThroughApi(noPlugins).check(built);
        assertViolations(ArchRules.pluginsReachEngineOnlyThroughApi(false), "syna.index.bad.IndexUsingStorage");
    }

    @Test
    void nobodyUsesAnotherModulesInternals() {
        ArchRules.noForeignInternals(BuiltModules.get().synaNames()).check(built);
        // syna.storage.Engine uses its own internal Journal: allowed, so not reported.
        assertViolations(ArchRules.noForeignInternals(List.of("syna.storage", "syna.tests")),
                "syna.tests.bad.PeeksIntoStorageInternals");
    }

    /** The rule reports the fixture class {@code offender}, and only it. */
    private static void assertViolations(ArchRule rule, String offender) {
        EvaluationResult result = rule.evaluate(broken);
        assertTrue(result.hasViolation(), "rule must catch " + offender + ": " + rule.getDescription());
        List<String> details = result.getFailureReport().getDetails();
        assertFalse(details.isEmpty());
        for (String d : details) {
            assertTrue(d.contains(offender), "only " + offender + " breaks this rule, yet: " + d);
        }
    }
}
