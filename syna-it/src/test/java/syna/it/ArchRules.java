package syna.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The architecture rules, as factories, so that the test on the built jars and the tests on the
 * rule-breaking fixture classes evaluate the very same rules. Thread-safe (stateless).
 */
final class ArchRules {
    /** Root packages of the plugin modules: they reach the engine only through syna.api. */
    static final List<String> PLUGIN_PACKAGES = List.of("syna.index..", "syna.vector..", "syna.codec..", "syna.simd..", "syna.cli..",
            "syna.gpu..", "syna.faiss..", "syna.langchain4j..", "syna.mlops..", "syna.studio..");

    private static final Set<String> JAVA_BASE = ModuleLayer.boot().findModule("java.base").orElseThrow().getPackages();

    private ArchRules() {}

    /** Only syna.simd may use the incubating Vector API. */
    static ArchRule onlySimdUsesVectorApi() {
        return noClasses().that().resideOutsideOfPackage("syna.simd..")
                .should().dependOnClassesThat().resideInAPackage("jdk.incubator.vector..")
                .because("code that measures distance calls the syna.api facade; only syna.simd requires jdk.incubator.vector");
    }

    /** syna.api needs java.base only (a package of java.sql or java.logging is "java.." but not java.base). */
    static ArchRule apiNeedsJavaBaseOnly() {
        DescribedPredicate<JavaClass> allowed = DescribedPredicate.describe(
                "are in module java.base or in syna.api..", c -> {
                    JavaClass base = c.getBaseComponentType();
                    if (base.isPrimitive()) {
                        return true;
                    }
                    String p = base.getPackageName();
                    return JAVA_BASE.contains(p) || p.equals("syna.api") || p.startsWith("syna.api.");
                });
        return classes().that().resideInAPackage("syna.api..")
                .should().onlyDependOnClassesThat(allowed)
                .because("syna.api is the one module every application and plugin needs (DESIGN.md section 1)");
    }

    /**
     * Plugin modules (the vector stores among them: they work over any Database) never touch syna.storage. {@code allowEmpty}: no plugin module is built yet, so
     * the rule may have nothing to check.
     */
    static ArchRule pluginsReachEngineOnlyThroughApi(boolean allowEmpty) {
        return noClasses().that().resideInAnyPackage(PLUGIN_PACKAGES.toArray(String[]::new))
                .should().dependOnClassesThat().resideInAPackage("syna.storage..")
                .because("plugins reach the engine only through syna.api")
                .allowEmptyShould(allowEmpty);
    }

    /**
     * No class uses an {@code internal} package of another Syna module. A class belongs to the module
     * in {@code modules} whose name is the longest prefix of its package (root package = module name).
     */
    static ArchRule noForeignInternals(Collection<String> modules) {
        List<String> byLength = modules.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        ArchCondition<JavaClass> condition = new ArchCondition<>("not use internal packages of other Syna modules") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                String from = moduleOf(byLength, c.getPackageName());
                for (Dependency d : c.getDirectDependenciesFromSelf()) {
                    String to = d.getTargetClass().getBaseComponentType().getPackageName();
                    if (!to.startsWith("syna.") || !ModuleChecks.isInternal(to)) {
                        continue;
                    }
                    String owner = moduleOf(byLength, to);
                    if (!owner.equals(from)) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()
                                + " [module " + from + " uses an internal package of module " + owner + "]"));
                    }
                }
            }
        };
        return classes().should(condition)
                .because("internal packages are not exported; reflection or split packages must not get round that");
    }

    /** The module of {@code pkg}: the longest name in {@code modules} that is {@code pkg} or a prefix of it. */
    static String moduleOf(List<String> modulesLongestFirst, String pkg) {
        for (String m : modulesLongestFirst) {
            if (pkg.equals(m) || pkg.startsWith(m + ".")) {
                return m;
            }
        }
        return pkg;
    }
}
