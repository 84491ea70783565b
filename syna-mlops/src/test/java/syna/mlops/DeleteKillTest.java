package syna.mlops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Database;
import syna.api.Syna;
import syna.tests.Seeded;

/**
 * Kills a process (SIGKILL) while it deletes a model of 1,024 chunks: after reopening, the model is
 * whole and loadable, or gone with every chunk (the registry finishes an interrupted delete).
 */
@Seeded
class DeleteKillTest {

    @Test
    void aDeleteKilledPartWayLeavesTheModelWholeOrGone(@TempDir Path dir, Random random) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java,
                "--module-path", System.getProperty("jdk.module.path"),
                "--patch-module", "syna.mlops=" + Path.of("target", "test-classes").toAbsolutePath(),
                "--add-modules", "syna.storage",
                "-m", "syna.mlops/" + DeleteCrashChild.class.getName(), dir.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int deleted = 0;
        int killedIn = -1;
        int target = 2 + random.nextInt(3);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("DELETED ")) {
                    deleted = Integer.parseInt(line.substring(8));
                } else if (line.startsWith("DELETING ") && Integer.parseInt(line.substring(9)) >= target) {
                    killedIn = Integer.parseInt(line.substring(9));
                    Thread.sleep(random.nextInt(40)); // somewhere in the delete: commit, chunk batches or after
                    p.destroyForcibly();
                    break;
                }
            }
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(target, killedIn, "child output ended early; deleted " + deleted);
        try (Database db = Syna.open(dir); ModelRegistry registry = ModelRegistry.open(db)) {
            assertFalse(MlopsKeys.models(db).exists("_mlops/journal"), "the interrupted delete was finished on open");
            for (int i = 1; i < killedIn; i++) {
                assertEquals(List.of(), MlopsKeys.models(db).keys("_models/m" + i + "/"), "m" + i + " was deleted before the kill");
            }
            // m<killedIn> is whole or gone; the child may also have gone on to later models before
            // the kill landed (the test sleeps up to 40 ms after "DELETING"): each is whole too.
            for (String m : registry.listModels()) {
                int j = Integer.parseInt(m.substring(1));
                assertTrue(j >= killedIn, m + " was deleted before the kill");
                assertArrayEquals(DeleteCrashChild.bytes(j), registry.load(m, 1).data());
                assertTrue(registry.deleteModel(m, true));
            }
            // A save the kill interrupted leaves invisible chunks, which the next save of that name
            // deletes (documented): save it again, and delete it.
            Set<String> interrupted = new TreeSet<>();
            for (String k : MlopsKeys.models(db).keys("_models/")) {
                String m = k.substring("_models/".length(), k.indexOf('/', "_models/".length()));
                assertTrue(Integer.parseInt(m.substring(1)) > killedIn, "key " + k + " of a deleted model is left");
                assertFalse(k.endsWith("/manifest"), "a model that is not listed has a manifest: " + k);
                interrupted.add(m);
            }
            for (String m : interrupted) {
                registry.save(m, new byte[] {1, 2, 3}, Map.of());
                assertArrayEquals(new byte[] {1, 2, 3}, registry.load(m, 1).data());
                assertTrue(registry.deleteModel(m, true));
            }
            assertEquals(List.of(), MlopsKeys.models(db).keys("_models/"), "no key of any model is left");
            assertEquals(List.of(), registry.listModels());
        }
    }
}
