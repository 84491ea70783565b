package syna.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The README's example application ("Use Syna in your project") as a project folder: {@code pom.xml},
 * {@code module-info.java} and {@code App.java} written from the README's blocks, and the README's
 * commands. Thread-safe (immutable).
 */
final class ReadmeApp {
    /** The modules the README's pom puts on the run-time path (with what they require). */
    static final List<String> ROOTS = List.of("syna.api", "syna.storage", "syna.vector", "syna.index.hnsw", "syna.cli");

    private final Readme readme;
    private final Path dir;

    private ReadmeApp(Readme readme, Path dir) {
        this.readme = readme;
        this.dir = dir;
    }

    /** Writes the three files into a fresh {@code dir}. */
    static ReadmeApp write(Path dir) {
        Readme readme = Readme.get();
        Fixtures.deleteTree(dir);
        try {
            Path java = Files.createDirectories(dir.resolve("src/main/java"));
            Files.writeString(dir.resolve("pom.xml"), readme.block("app-pom").text(), StandardCharsets.UTF_8);
            Files.writeString(java.resolve("module-info.java"), readme.block("app-module-info").text(), StandardCharsets.UTF_8);
            String main = readme.block("app-main").text();
            Matcher pkg = Pattern.compile("(?m)^package ([\\w.]+);").matcher(main);
            if (!pkg.find()) {
                throw new AssertionError("the README's App.java has no package line");
            }
            Path pkgDir = Files.createDirectories(java.resolve(pkg.group(1).replace('.', '/')));
            Files.writeString(pkgDir.resolve("App.java"), main, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ReadmeApp(readme, dir);
    }

    Path dir() {
        return dir;
    }

    /** Step {@code n} (1 to 3) of the README's commands, without its comment. */
    String step(int n) {
        List<String> lines = readme.block("app-commands").text().lines().filter(l -> !l.isBlank()).toList();
        if (lines.size() != 3) {
            throw new AssertionError("the README promises three commands, its block has " + lines.size() + ": " + lines);
        }
        return withoutComment(lines.get(n - 1));
    }

    /** What step 3's comment says the app prints. */
    String expectedOutput() {
        String line = readme.block("app-commands").text().lines().filter(l -> l.contains("# 3.")).findFirst().orElseThrow();
        return line.substring(line.indexOf("prints: ") + "prints: ".length()).strip();
    }

    /** The README's class-path form of step 3. */
    String classPathCommand() {
        return readme.inlineCode("java -cp ");
    }

    /** The jlink block, as written. */
    String jlinkBlock() {
        return readme.block("jlink").text();
    }

    static String withoutComment(String line) {
        int hash = line.indexOf(" #");
        return (hash < 0 ? line : line.substring(0, hash)).strip();
    }

    /**
     * What step 2 leaves without Maven: {@code target/classes} compiled by javac against the built jars,
     * and {@code target/lib} holding the modules of {@link #ROOTS} and what they require.
     */
    void buildWithoutMaven() {
        BuiltModules built = BuiltModules.get();
        Configuration cf = ModuleLayer.boot().configuration().resolve(built.finder(), ModuleFinder.of(), ROOTS);
        Path lib = dir.resolve("target/lib");
        try {
            Files.createDirectories(lib);
            for (ResolvedModule m : cf.modules()) {
                Path jar = Path.of(m.reference().location().orElseThrow());
                Files.copy(jar, lib.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            List<Path> sources;
            try (Stream<Path> s = Files.walk(dir.resolve("src/main/java"))) {
                sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            }
            Fixtures.compile(sources, List.of("-d", dir.resolve("target/classes").toString(), "--module-path", lib.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Total bytes of the files under {@code root}. */
    static long size(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
