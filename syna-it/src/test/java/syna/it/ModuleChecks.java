package syna.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.lang.module.ResolvedModule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The descriptor checks, as small methods that return what is wrong (empty: nothing), so the tests
 * on the built jars and the tests on broken fixtures share them. Thread-safe (stateless).
 */
final class ModuleChecks {
    private static final String SERVICES = "META-INF/services/";

    private ModuleChecks() {}

    /**
     * A Syna module must be explicit (own module-info), keep every package under its root package
     * (= module name) and export no {@code internal} package.
     */
    static List<String> shapeProblems(ModuleReference ref) {
        ModuleDescriptor d = ref.descriptor();
        String where = ref.location().map(Object::toString).orElse("?");
        List<String> out = new ArrayList<>();
        if (d.isAutomatic()) {
            out.add("module " + d.name() + " is automatic (no module-info.class in " + where + ")");
        }
        for (String p : new TreeSet<>(d.packages())) {
            if (!p.equals(d.name()) && !p.startsWith(d.name() + ".")) {
                out.add("module " + d.name() + " has package " + p + " outside its root package " + d.name());
            }
        }
        for (ModuleDescriptor.Exports e : d.exports()) {
            if (!e.isQualified() && isInternal(e.source())) {
                out.add("module " + d.name() + " exports internal package " + e.source());
            }
        }
        return out;
    }

    /** Whether {@code pkg} is, or is below, an {@code internal} package. */
    static boolean isInternal(String pkg) {
        return pkg.endsWith(".internal") || pkg.contains(".internal.");
    }

    /**
     * Where the {@code provides} of the descriptor and the META-INF/services files of the same jar
     * disagree, in both directions.
     */
    static List<String> servicesDisagreements(ModuleReference ref) {
        String name = ref.descriptor().name();
        Map<String, Set<String>> declared = new TreeMap<>();
        for (ModuleDescriptor.Provides p : ref.descriptor().provides()) {
            declared.put(p.service(), new TreeSet<>(p.providers()));
        }
        Map<String, Set<String>> listed = servicesFiles(ref);
        List<String> out = new ArrayList<>();
        for (var e : declared.entrySet()) {
            Set<String> inFile = listed.getOrDefault(e.getKey(), Set.of());
            for (String impl : e.getValue()) {
                if (!inFile.contains(impl)) {
                    out.add(name + ": module-info provides " + e.getKey() + " with " + impl + " but " + SERVICES
                            + e.getKey() + (listed.containsKey(e.getKey()) ? " does not list it" : " is missing"));
                }
            }
        }
        for (var e : listed.entrySet()) {
            Set<String> inDescriptor = declared.getOrDefault(e.getKey(), Set.of());
            for (String impl : e.getValue()) {
                if (!inDescriptor.contains(impl)) {
                    out.add(name + ": " + SERVICES + e.getKey() + " lists " + impl
                            + " but module-info does not provide it");
                }
            }
        }
        return out;
    }

    /** The entries of every META-INF/services file of the module, by service. */
    static Map<String, Set<String>> servicesFiles(ModuleReference ref) {
        Map<String, Set<String>> out = new TreeMap<>();
        try (ModuleReader reader = ref.open()) {
            List<String> files = reader.list()
                    .filter(n -> n.startsWith(SERVICES) && n.length() > SERVICES.length() && !n.endsWith("/"))
                    .sorted().toList();
            for (String file : files) {
                Optional<InputStream> in = reader.open(file);
                if (in.isEmpty()) {
                    continue;
                }
                String text;
                try (InputStream s = in.get()) {
                    text = new String(s.readAllBytes(), StandardCharsets.UTF_8);
                }
                Set<String> entries = new TreeSet<>();
                for (String line : text.split("\\R")) {
                    int hash = line.indexOf('#');
                    String entry = (hash >= 0 ? line.substring(0, hash) : line).strip();
                    if (!entry.isEmpty()) {
                        entries.add(entry);
                    }
                }
                out.put(file.substring(SERVICES.length()), entries);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ref.location().orElse(null), e);
        }
        return out;
    }

    /**
     * Resolves {@code roots} and their transitive requirements (no service binding: what jlink links)
     * from {@code finder}, then the JDK's own modules.
     */
    static Configuration resolveForLink(ModuleFinder finder, Collection<String> roots) {
        return Configuration.resolve(finder, List.of(Configuration.empty()), ModuleFinder.ofSystem(), roots);
    }

    /** Every automatic module in {@code cf}, with the modules that read it. */
    static List<String> automaticModules(Configuration cf) {
        List<String> out = new ArrayList<>();
        for (ResolvedModule m : cf.modules().stream()
                .sorted(java.util.Comparator.comparing(ResolvedModule::name)).toList()) {
            if (!m.reference().descriptor().isAutomatic()) {
                continue;
            }
            TreeSet<String> readers = new TreeSet<>();
            for (ResolvedModule r : cf.modules()) {
                if (r != m && r.reads().contains(m) && r.reference().descriptor().requires().stream()
                        .anyMatch(q -> q.name().equals(m.name()))) {
                    readers.add(r.name());
                }
            }
            out.add("automatic module " + m.name() + " (" + m.reference().location().map(Object::toString).orElse("?")
                    + ") required by " + readers);
        }
        return out;
    }
}
