package syna.mlops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Database;
import syna.api.Syna;

/** Kills a process in the middle of a save (SIGKILL) and checks no half version is ever visible. */
class SaveKillTest {

    @Test
    void aSaveKilledHalfwayLeavesNoHalfVersionAndTheNextSaveContinuesTheNumbering(@TempDir Path dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java,
                "--module-path", System.getProperty("jdk.module.path"),
                "--patch-module", "syna.mlops=" + Path.of("target", "test-classes").toAbsolutePath(),
                "--add-modules", "syna.storage",
                "-m", "syna.mlops/" + SaveCrashChild.class.getName(), dir.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int acked = 0;
        int killedIn = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("ACK ")) {
                    acked = Integer.parseInt(line.substring(4));
                } else if (line.startsWith("MID ") && Integer.parseInt(line.substring(4)) >= 3) {
                    killedIn = Integer.parseInt(line.substring(4));
                    p.destroyForcibly();
                    break;
                }
            }
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(3, killedIn, "child output ended early; acked " + acked);
        try (Database db = Syna.open(dir); ModelRegistry registry = ModelRegistry.open(db)) {
            List<ModelVersion> versions = registry.listVersions("m");
            int latest = versions.getLast().version();
            assertTrue(latest == acked || latest == acked + 1, "latest " + latest + " after " + acked + " acks");
            if (latest == acked) { // the kill landed mid-save: its chunks are there, its version is not
                assertTrue(MlopsKeys.models(db).exists("_models/m/v/" + String.format("%010d", latest + 1) + "/c/00000000"));
            }
            for (ModelVersion v : versions) {
                byte[] data = registry.load("m", v.version()).data(); // every visible version is whole
                assertEquals(SaveCrashChild.SIZE, data.length);
                for (int i = 0; i < data.length; i += 997) {
                    assertEquals(SaveCrashChild.valueAt(v.version(), i), data[i], "v" + v.version() + " byte " + i);
                }
            }
            ModelVersion next = registry.save("m", new byte[] {1, 2, 3}, Map.of());
            assertEquals(latest + 1, next.version());
            assertEquals(3, registry.load("m").data().length);
        }
    }
}
