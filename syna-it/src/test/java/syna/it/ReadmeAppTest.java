package syna.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The README's example app, built from its blocks against the built jars (what step 2 leaves), run with
 * the README's step 3 on the module path and on the class path, then linked with the README's jlink
 * command, exactly as written: the image must be at most {@value #MAX_IMAGE_MB} MB, its {@code app}
 * must open a database and search, and its {@code syna} must search that database too. Part of the
 * default build (one jlink run). Steps 1 and 2 through Maven: {@link ExternalProjectTest}.
 */
@Tag("jlink")
class ReadmeAppTest {
    static final long MAX_IMAGE_MB = 60;

    @Test
    void theReadmeAppRunsOnTheModulePathTheClassPathAndAsAJlinkImage() throws IOException, InterruptedException {
        ReadmeApp app = ReadmeApp.write(Fixtures.work().resolve("readme-app").resolve("my-app"));
        app.buildWithoutMaven();
        check(app);
    }

    /** Step 3 both ways, then the jlink block; shared with {@link ExternalProjectTest}. */
    static void check(ReadmeApp app) throws IOException, InterruptedException {
        String expected = app.expectedOutput();
        Processes.Result modulePath = Processes.bash(app.step(3), app.dir(), Map.of(), 120);
        assertEquals(0, modulePath.status(), () -> app.step(3) + "\n" + modulePath);
        assertTrue(modulePath.output().lines().anyMatch(expected::equals), () -> "expected '" + expected + "':\n" + modulePath);
        assertTrue(!modulePath.output().contains("incubator"), "no incubator warning without syna.simd:\n" + modulePath);

        Processes.Result classPath = Processes.bash(app.classPathCommand(), app.dir(), Map.of(), 120);
        assertEquals(0, classPath.status(), () -> app.classPathCommand() + "\n" + classPath);
        assertTrue(classPath.output().lines().anyMatch(expected::equals), () -> "expected '" + expected + "':\n" + classPath);

        Fixtures.deleteTree(app.dir().resolve("target/image"));
        Fixtures.deleteTree(app.dir().resolve("data"));
        long t0 = System.nanoTime();
        Processes.Result linked = Processes.bash(app.jlinkBlock(), app.dir(), Map.of(), 600);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, linked.status(), () -> app.jlinkBlock() + "\n" + linked);
        assertTrue(linked.output().lines().anyMatch(expected::equals), () -> "the image's app:\n" + linked);
        assertTrue(linked.output().lines().anyMatch(l -> l.matches("1 +0\\.0 +doc-1")),
                () -> "the image's syna must find doc-1 nearest to itself:\n" + linked);
        long bytes = ReadmeApp.size(app.dir().resolve("target/image"));
        System.out.printf(Locale.ROOT, "[syna-it] README jlink image: %.1f MB (limit %d MB), link and runs %d ms%n",
                bytes / 1e6, MAX_IMAGE_MB, ms);
        assertTrue(bytes <= MAX_IMAGE_MB * 1_000_000, "image " + bytes + " bytes, over " + MAX_IMAGE_MB + " MB");
    }
}
