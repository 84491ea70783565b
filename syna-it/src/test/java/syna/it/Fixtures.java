package syna.it;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Fixture modules under {@code src/test/fixtures} (system property {@value #PROPERTY}), compiled at
 * test time with the JDK's compiler against the BUILT syna-api jar, once per test JVM:
 *
 * <ul>
 *   <li>{@code modules/<name>/}: one JPMS module each, compiled together in multi-module mode; every
 *       non-Java file (META-INF/services) goes into the jar as well;
 *   <li>{@code classpath/autolib/}: a jar without descriptor, i.e. an automatic module;
 *   <li>{@code arch/}: plain classes that break the ArchUnit rules on purpose.
 * </ul>
 *
 * Not thread-safe; use {@link #get()}.
 */
final class Fixtures {
    static final String PROPERTY = "syna.it.fixtures";
    static final String WORK_PROPERTY = "syna.it.work";

    private static Fixtures instance;

    private final Path jars;
    private final Path archClasses;

    private Fixtures(Path jars, Path archClasses) {
        this.jars = jars;
        this.archClasses = archClasses;
    }

    /** The compiled fixtures. */
    static synchronized Fixtures get() {
        if (instance == null) {
            instance = build();
        }
        return instance;
    }

    /** Scratch folder of this test run (under target/). */
    static Path work() {
        String w = System.getProperty(WORK_PROPERTY);
        if (w == null || w.isBlank()) {
            throw new IllegalStateException("system property " + WORK_PROPERTY + " is not set: run the tests through Maven");
        }
        return Path.of(w);
    }

    /** The jar of fixture module {@code name}. */
    Path module(String name) {
        Path jar = jars.resolve(name + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no fixture module " + name + " (looked for " + jar + ")");
        }
        return jar;
    }

    /** The compiled classes (no resources) of fixture module {@code name}. */
    Path moduleClasses(String name) {
        return jars.resolveSibling("classes/modules/" + name);
    }

    /** The automatic-module jar {@code autolib.jar}. */
    Path autoLib() {
        return jars.resolve("autolib.jar");
    }

    /** Folder of the compiled rule-breaking classes. */
    Path archClasses() {
        return archClasses;
    }

    private static Fixtures build() {
        long start = System.nanoTime();
        Path src = Path.of(System.getProperty(PROPERTY, "src/test/fixtures"));
        Path out = work().resolve("fixtures");
        deleteTree(out);
        Path jars = out.resolve("jars");
        Path api = BuiltModules.get().api();

        Path autoClasses = out.resolve("classes/autolib");
        compile(javaFiles(src.resolve("classpath/autolib")), List.of("-d", autoClasses.toString()));
        jar(autoClasses, null, jars.resolve("autolib.jar"));

        Path moduleSrc = src.resolve("modules");
        Path moduleClasses = out.resolve("classes/modules");
        compile(javaFiles(moduleSrc), List.of(
                "-d", moduleClasses.toString(),
                "--module-source-path", moduleSrc.toString(),
                "--module-path", api + java.io.File.pathSeparator + jars.resolve("autolib.jar")));
        for (Path module : children(moduleSrc)) {
            String name = module.getFileName().toString();
            jar(moduleClasses.resolve(name), module, jars.resolve(name + ".jar"));
        }

        Path arch = out.resolve("classes/arch");
        compile(javaFiles(src.resolve("arch")), List.of("-d", arch.toString(), "--add-modules", "jdk.incubator.vector"));

        System.out.printf(Locale.ROOT, "[syna-it] compiled fixtures from %s against %s in %d ms%n",
                src, api.getFileName(), (System.nanoTime() - start) / 1_000_000);
        return new Fixtures(jars, arch);
    }

    /** Compiles {@code files} with {@code options}; fails with javac's diagnostics on an error. */
    static void compile(List<Path> files, List<String> options) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no system Java compiler: run the tests on a JDK, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> all = new ArrayList<>(List.of("-proc:none", "-implicit:none", "-encoding", "UTF-8"));
        all.addAll(options);
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            Boolean ok = javac.getTask(null, fm, diagnostics, all, null, fm.getJavaFileObjectsFromPaths(files)).call();
            if (!ok) {
                StringBuilder sb = new StringBuilder("fixture compilation failed (" + all + "):");
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    sb.append('\n').append(d);
                }
                throw new IllegalStateException(sb.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Jars {@code classes} plus the non-Java files of {@code sources} (may be null) into {@code jar}. */
    static void jar(Path classes, Path sources, Path jar) {
        try {
            Files.createDirectories(jar.getParent());
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
                addTree(out, classes, p -> p.toString().endsWith(".class"));
                if (sources != null) {
                    addTree(out, sources, p -> !p.toString().endsWith(".java"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + jar, e);
        }
    }

    private static void addTree(JarOutputStream out, Path root, java.util.function.Predicate<Path> include) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).filter(include).sorted().toList();
        }
        for (Path f : files) {
            String name = root.relativize(f).toString().replace(java.io.File.separatorChar, '/');
            out.putNextEntry(new JarEntry(name));
            Files.copy(f, (OutputStream) out);
            out.closeEntry();
        }
    }

    static List<Path> javaFiles(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list fixture sources in " + root, e);
        }
    }

    private static List<Path> children(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code root} and everything below it, if present. */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
