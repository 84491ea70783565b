package syna.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A fresh user's three README commands, through Maven: step 1 installs this checkout, step 2 builds the
 * README's app from its blocks against the installed artifacts, step 3 runs it on the module path and the
 * class path, then the jlink block runs on what Maven built. Nothing touches {@code ~/.m2}'s io.syna
 * artifacts: Maven gets {@code -o -Dmaven.repo.local=target/it-work/external/repository} with
 * {@code ~/.m2/repository} as a read-only tail (plugins and third-party jars), through {@code MAVEN_ARGS}
 * so the commands run as the README writes them. Heavy (a whole install, 3 to 6 minutes on 2 cores): only
 * with {@code -P external-project}.
 */
@Tag("external")
class ExternalProjectTest {
    @Test
    void freshCloneToARunningAppInThreeCommands() throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("syna.it.root"));
        Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository");
        Path work = Fixtures.work().resolve("external");
        Fixtures.deleteTree(work);
        Files.createDirectories(work);
        Files.createSymbolicLink(work.resolve("syna"), root);
        Path repo = work.resolve("repository");
        ReadmeApp app = ReadmeApp.write(work.resolve("my-app"));
        Map<String, Long> before = snapshot(m2.resolve("io/syna"));

        String maven = "-o -Dmaven.repo.local=" + repo + " -Dmaven.repo.local.tail=" + m2;
        // Step 1 builds the whole reactor; the unpublished syna-it (this test's own module, whose
        // target/modules the other tests read) and syna-bench (shaded benchmarks) are left out.
        Processes.Result install = Processes.bash(app.step(1), app.dir(),
                Map.of("MAVEN_ARGS", maven + " -pl !syna-it,!syna-bench"), 1200);
        assertEquals(0, install.status(), () -> app.step(1) + "\n" + install);
        for (String module : new String[] {"syna-api", "syna-storage", "syna-cli"}) {
            Path dir = repo.resolve("io/syna/" + module + "/0.1.0-SNAPSHOT");
            for (String suffix : new String[] {".jar", "-sources.jar", "-javadoc.jar", ".pom"}) {
                Path f = dir.resolve(module + "-0.1.0-SNAPSHOT" + suffix);
                assertTrue(Files.isRegularFile(f), () -> "step 1 must install " + f);
            }
        }
        Processes.Result build = Processes.bash(app.step(2), app.dir(), Map.of("MAVEN_ARGS", maven), 600);
        assertEquals(0, build.status(), () -> app.step(2) + "\n" + build);
        try (Stream<Path> lib = Files.list(app.dir().resolve("target/lib"))) {
            System.out.println("[syna-it] step 2's target/lib: " + lib.map(p -> p.getFileName().toString()).sorted().toList());
        }
        ReadmeAppTest.check(app);
        assertEquals(before, snapshot(m2.resolve("io/syna")), "~/.m2's io.syna artifacts must be left as they were");
    }

    /** Size and modification time of every file under {@code dir}. */
    private static Map<String, Long> snapshot(Path dir) throws IOException {
        Map<String, Long> m = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return m;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(dir.relativize(p).toString(), Files.getLastModifiedTime(p).toMillis() * 31 + Files.size(p));
            }
        }
        return m;
    }
}
