package syna.vector.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.DistanceMetric;
import syna.api.VectorStoreOptions;

/** Kills a real writer process (SIGKILL) mid-ingest and reopens what it left on disk. */
class MmapVectorStoreKillTest {
    @Test
    void killedWriterLeavesALastCheckpointState(@TempDir Path dir) throws Exception {
        int dim = 24;
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java,
                // the child computes the same vectors as this test: same seed
                "-Dsyna.tests.seed=" + MmapVectorStoreTest.SEED,
                "--module-path", System.getProperty("jdk.module.path"),
                "--patch-module", "syna.vector=" + Path.of("target", "test-classes").toAbsolutePath(),
                "--add-modules", "syna.vector,syna.storage",
                "-m", "syna.vector/" + MmapCrashChild.class.getName(), dir.toString(), Integer.toString(dim)));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int lastCheckpoint = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            int seen = 0;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("CHECKPOINT ")) {
                    lastCheckpoint = Integer.parseInt(line.substring(11));
                    if (++seen == 5) {
                        break;
                    }
                }
            }
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "child did not die");
        }
        assertTrue(lastCheckpoint >= 2500, "child reported checkpoints (last " + lastCheckpoint + ")");
        try (MmapVectorStoreImpl s = MmapVectorStoreImpl.open(dir,
                VectorStoreOptions.builder(dim).metric(DistanceMetric.COSINE).initialCapacity(256).build())) {
            long size = s.size();
            assertTrue(size >= lastCheckpoint, size + " < acknowledged checkpoint " + lastCheckpoint);
            assertEquals(0, size % 500, "recovered state is exactly a checkpoint, got " + size);
            for (int i = 0; i < size; i++) {
                assertArrayEquals(MmapVectorStoreTest.vectorOf(i, dim), s.get("k" + i).orElseThrow(), "k" + i);
            }
            assertTrue(s.get("k" + size).isEmpty());
            // cosine (the default metric): the norms are rebuilt from the recovered slots at open
            int last = (int) size - 1;
            assertEquals("k" + last, s.search(MmapVectorStoreTest.vectorOf(last, dim), 1).getFirst().key());
        }
    }
}
