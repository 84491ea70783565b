package syna.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The jars that copy-dependencies put into {@code target/modules} (system property
 * {@value #PROPERTY}), sorted out once per test JVM: Syna modules with code, Syna skeleton jars
 * without code (skipped, so that modules still being written elsewhere do not break the build) and
 * third-party jars. A Syna module is any module whose name starts with {@code syna.}, whatever the
 * file is called. When two jars hold the same module (lz4-java plain and with an added descriptor),
 * the explicit one wins. Thread-safe (immutable).
 */
final class BuiltModules {
    static final String PROPERTY = "syna.it.modules";

    /** The modules DESIGN.md section 1 puts into a jlink image, in link order; each checked when present. */
    static final List<String> JLINK_SET = List.of("syna.api", "syna.storage", "syna.vector", "syna.simd", "syna.codec.lz4",
            "syna.cli", "syna.index.hnsw", "syna.index.gwi", "syna.index.cascade", "syna.studio");

    /** One module jar. */
    record Jar(Path path, ModuleReference reference) {
        String name() {
            return reference.descriptor().name();
        }

        ModuleDescriptor descriptor() {
            return reference.descriptor();
        }

        boolean automatic() {
            return reference.descriptor().isAutomatic();
        }
    }

    private static BuiltModules instance;

    private final Path dir;
    private final Map<String, Jar> syna;
    private final List<Path> skipped;
    private final Map<String, Jar> thirdParty;
    private final List<String> notes;

    private BuiltModules(Path dir, Map<String, Jar> syna, List<Path> skipped, Map<String, Jar> thirdParty, List<String> notes) {
        this.dir = dir;
        this.syna = syna;
        this.skipped = skipped;
        this.thirdParty = thirdParty;
        this.notes = notes;
    }

    /** The built modules of this build, scanned once. */
    static synchronized BuiltModules get() {
        if (instance == null) {
            String dir = System.getProperty(PROPERTY);
            if (dir == null || dir.isBlank()) {
                throw new IllegalStateException("system property " + PROPERTY
                        + " is not set: run the tests through Maven (./mvnw -pl syna-it -am verify)");
            }
            instance = scan(Path.of(dir));
            System.out.println("[syna-it] " + instance.coverage());
        }
        return instance;
    }

    /** Sorts out the jars in {@code dir}. */
    static BuiltModules scan(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir + " does not exist: the built jars are copied there by "
                    + "maven-dependency-plugin in phase process-test-resources; run ./mvnw -pl syna-it -am verify");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Jar> syna = new LinkedHashMap<>();
        Map<String, Jar> third = new LinkedHashMap<>();
        List<Path> skipped = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Path file : files) {
            ModuleReference ref;
            try {
                ref = ModuleFinder.of(file).findAll().iterator().next();
            } catch (FindException e) {
                throw new IllegalStateException("not a usable module jar: " + file + ": " + e.getMessage(), e);
            }
            Jar jar = new Jar(file, ref);
            boolean isSyna = jar.name().startsWith("syna.");
            if (isSyna && !hasClasses(file)) {
                skipped.add(file);
                continue;
            }
            Map<String, Jar> into = isSyna ? syna : third;
            Jar other = into.get(jar.name());
            if (other == null) {
                into.put(jar.name(), jar);
            } else {
                Jar keep = other.automatic() && !jar.automatic() ? jar : other;
                Jar drop = keep == jar ? other : jar;
                into.put(jar.name(), keep);
                notes.add("module " + jar.name() + " is in both " + keep.path().getFileName() + " and "
                        + drop.path().getFileName() + "; using " + keep.path().getFileName()
                        + (keep.automatic() ? "" : " (explicit)"));
            }
        }
        return new BuiltModules(dir, sortByName(syna), List.copyOf(skipped), sortByName(third), List.copyOf(notes));
    }

    private static Map<String, Jar> sortByName(Map<String, Jar> in) {
        Map<String, Jar> out = new LinkedHashMap<>();
        in.values().stream().sorted(Comparator.comparing(Jar::name)).forEach(j -> out.put(j.name(), j));
        return java.util.Collections.unmodifiableMap(out);
    }

    private static boolean hasClasses(Path jar) {
        try (JarFile f = new JarFile(jar.toFile())) {
            return f.stream().anyMatch(e -> e.getName().endsWith(".class") && !e.getName().endsWith("module-info.class"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    /** The folder the jars came from. */
    Path dir() {
        return dir;
    }

    /** Syna modules that have code, by name. */
    Map<String, Jar> syna() {
        return syna;
    }

    /** Names of the Syna modules that have code, sorted. */
    Set<String> synaNames() {
        return syna.keySet();
    }

    /** The Syna module {@code name}, if built with code. */
    Optional<Jar> syna(String name) {
        return Optional.ofNullable(syna.get(name));
    }

    /** Whether Syna module {@code name} was built with code. */
    boolean has(String name) {
        return syna.containsKey(name);
    }

    /** The syna.api jar; every check needs it. */
    Path api() {
        return syna("syna.api").orElseThrow(() -> new IllegalStateException("syna.api is not among the built modules in "
                + dir + "; found " + syna.keySet())).path();
    }

    /** Every usable jar: Syna modules with code, then third-party modules. */
    List<Path> jars() {
        List<Path> out = new ArrayList<>();
        syna.values().forEach(j -> out.add(j.path()));
        thirdParty.values().forEach(j -> out.add(j.path()));
        return List.copyOf(out);
    }

    /** A finder over {@link #jars()} (one entry per jar, so a chosen duplicate never clashes). */
    ModuleFinder finder() {
        return ModuleFinder.of(jars().toArray(Path[]::new));
    }

    /** The modules of {@link #JLINK_SET} that were built with code. */
    List<String> presentJlinkSet() {
        return JLINK_SET.stream().filter(this::has).toList();
    }

    /** One line for the test output saying what is covered and what is not. */
    String coverage() {
        List<String> absent = JLINK_SET.stream().filter(m -> !has(m)).toList();
        return "built modules in " + dir + ": Syna modules covered " + syna.keySet()
                + "; skipped (jar without classes, module not written yet) "
                + skipped.stream().map(p -> p.getFileName().toString()).toList()
                + "; jlink-set modules absent " + absent
                + "; third-party " + thirdParty.values().stream()
                        .map(j -> j.name() + (j.automatic() ? " (automatic)" : "")).toList()
                + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
    }
}
