package syna.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Links one run-time image with the JDK's jlink from the built modules (syna.api, plus syna.storage,
 * syna.simd, syna.codec.lz4 and syna.cli when built) and the smoke fixture, then runs the image's own
 * java: the smoke main lists providers and, with a storage engine linked in, writes, reopens and
 * reads a database; the CLI, when built with a main class, runs {@code info} on that database.
 * Part of the default build (one jlink run, roughly 10 to 20 s).
 */
@Tag("jlink")
class JlinkSmokeTest {
    private static final String SMOKE = "syna.it.smoke";

    @Test
    void linkedImageRunsAndOpensADatabase() throws IOException, InterruptedException {
        BuiltModules built = BuiltModules.get();
        Path smokeJar = Fixtures.get().module(SMOKE);
        List<String> roots = new ArrayList<>(List.of("syna.api"));
        List<String> left = new ArrayList<>();
        for (String m : BuiltModules.JLINK_SET.subList(1, BuiltModules.JLINK_SET.size())) {
            if (!built.has(m)) {
                left.add(m + " (not built yet)");
                continue;
            }
            List<String> automatic = ModuleChecks.automaticModules(ModuleChecks.resolveForLink(built.finder(), List.of(m)));
            if (!automatic.isEmpty()) {
                left.add(m + " (needs automatic modules, see JlinkSetTest: " + automatic + ")");
                continue;
            }
            roots.add(m);
        }
        roots.add(SMOKE);

        // The module path is exactly the jars the roots need, so stray jars cannot break the link.
        List<Path> jars = new ArrayList<>(built.jars());
        jars.add(smokeJar);
        Configuration cf = ModuleChecks.resolveForLink(ModuleFinder.of(jars.toArray(Path[]::new)), roots);
        List<String> modulePath = cf.modules().stream()
                .map(ResolvedModule::reference)
                .filter(r -> r.location().filter(u -> u.getScheme().equals("file")).isPresent())
                .map(r -> Path.of(r.location().get()).toString())
                .sorted().toList();

        Path work = Fixtures.work().resolve("jlink");
        Fixtures.deleteTree(work);
        Files.createDirectories(work);
        Path image = work.resolve("image");
        Path home = Path.of(System.getProperty("java.home"));
        Path jlink = home.resolve("bin").resolve(exe("jlink"));
        System.out.println("[syna-it] jlink " + roots + (left.isEmpty() ? "" : "; not linked: " + left));
        long start = System.nanoTime();
        Result linked = run(List.of(jlink.toString(),
                "--module-path", String.join(java.io.File.pathSeparator, modulePath),
                "--add-modules", String.join(",", roots),
                "--no-header-files", "--no-man-pages", "--strip-debug",
                "--output", image.toString()), 300);
        System.out.printf(Locale.ROOT, "[syna-it] jlink took %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertEquals(0, linked.status(), "jlink failed:\n" + linked.output());

        String release = Files.readString(image.resolve("release"), StandardCharsets.UTF_8);
        for (String m : roots) {
            assertTrue(release.matches("(?s).*MODULES=\"[^\"]*\\b" + m.replace(".", "\\.") + "\\b.*"),
                    "image must contain " + m + ":\n" + release);
        }
        // syna.mlops (under syna.studio) reads BouncyCastle only through requires static (BLAKE3 digests),
        // so the image carries neither it (a signed jar jlink would refuse) nor the JDK modules it needs.
        for (String m : List.of("org.bouncycastle.provider", "java.sql", "java.naming")) {
            assertFalse(release.matches("(?s).*MODULES=\"[^\"]*\\b" + m.replace(".", "\\.") + "\\b.*"),
                    "image must not contain " + m + ":\n" + release);
        }

        Path java = image.resolve("bin").resolve(exe("java"));
        Path db = work.resolve("db");
        Result smoke = run(List.of(java.toString(), "-m", SMOKE + "/syna.it.smoke.SmokeMain", db.toString()), 120);
        System.out.println("[syna-it] smoke main in the image:\n" + smoke.output().strip());
        assertEquals(0, smoke.status(), "smoke main failed:\n" + smoke.output());
        List<String> lines = smoke.output().lines().toList();
        assertTrue(lines.contains("problems []"), smoke.output());
        assertTrue(lineStartingWith(lines, "providers VectorIndexProvider [").contains("flat"), smoke.output());
        assertTrue(lineStartingWith(lines, "providers CodecProvider [").contains("none"), smoke.output());
        assertTrue(lineStartingWith(lines, "providers VectorKernelsProvider [").contains("scalar"), smoke.output());
        if (roots.contains("syna.simd")) {
            assertTrue(lineStartingWith(lines, "providers VectorKernelsProvider [").contains("simd"), smoke.output());
            // file mappings get a copy of the SIMD kernels compiled apart, its class bytes read from the image
            assertTrue(lineStartingWith(lines, "kernels ").startsWith("kernels simd"), smoke.output());
            assertTrue(lineStartingWith(lines, "kernels ").endsWith("mapped separate copy"), smoke.output());
        }
        if (roots.contains("syna.codec.lz4")) {
            assertTrue(lineStartingWith(lines, "providers CodecProvider [").contains("lz4"), smoke.output());
        }
        if (roots.contains("syna.storage")) {
            assertTrue(lineStartingWith(lines, "providers StorageEngineProvider [").contains("log"), smoke.output());
            assertTrue(lines.contains("stored hello from jlink"), smoke.output());
            assertTrue(lines.contains("reopened hello from jlink history [21.5, 22.5]"), smoke.output());
            System.out.println("[syna-it] covered: database opened, written, reopened and read inside the image");
            if (roots.contains("syna.vector")) {
                assertTrue(lineStartingWith(lines, "providers VectorStoreProvider [").contains("standard"), smoke.output());
                assertTrue(lines.contains("vectors nearest x"), smoke.output());
                assertTrue(lines.contains("mapped vectors nearest y"), smoke.output());
                System.out.println("[syna-it] covered: a vector store inside the database in the image");
            }
        } else {
            assertTrue(lines.contains("storage none"), smoke.output());
            System.out.println("[syna-it] syna.storage not built yet: the image was linked and the registry ran, "
                    + "no database was opened");
        }

        if (!roots.contains("syna.cli")) {
            System.out.println("[syna-it] syna.cli not linked: CLI not run in the image");
            return;
        }
        Optional<String> launch = cliLaunch(built.syna("syna.cli").orElseThrow());
        if (launch.isEmpty()) {
            System.out.println("[syna-it] syna.cli declares no main class (module-info or Main-Class): CLI not run");
            return;
        }
        Files.createDirectories(db);
        Result cli = run(List.of(java.toString(), "-m", launch.get(), "info", db.toString()), 120);
        System.out.println("[syna-it] java -m " + launch.get() + " info " + db + " in the image (status "
                + cli.status() + "):\n" + cli.output().strip());
        assertTrue(!cli.output().isBlank(), "the CLI must say something");
        if (roots.contains("syna.storage")) {
            assertEquals(0, cli.status(), "syna info on a database the image just wrote:\n" + cli.output());
        }
    }

    /** {@code syna.cli} when its descriptor names a main class, else {@code syna.cli/<Main-Class>}. */
    private static Optional<String> cliLaunch(BuiltModules.Jar cli) throws IOException {
        if (cli.descriptor().mainClass().isPresent()) {
            return Optional.of("syna.cli");
        }
        try (JarFile jar = new JarFile(cli.path().toFile())) {
            String main = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes().getValue("Main-Class");
            return Optional.ofNullable(main).map(m -> "syna.cli/" + m.strip());
        }
    }

    private static String lineStartingWith(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with '" + prefix + "' in " + lines));
    }

    private static String exe(String name) {
        return System.getProperty("os.name").startsWith("Windows") ? name + ".exe" : name;
    }

    private record Result(int status, String output) {}

    private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        // Read on another thread so a chatty process cannot block on a full pipe while we wait.
        var out = new java.io.ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (var in = p.getInputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // The process went away; what was read is kept.
            }
        });
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            reader.join(5_000);
            throw new AssertionError("timed out after " + timeoutSeconds + " s: " + command + "\n" + out);
        }
        reader.join();
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }
}
