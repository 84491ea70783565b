package syna.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Database;
import syna.api.Syna;
import syna.tests.Seeded;

/**
 * Kills (SIGKILL) a process in the middle of chunked tensor writes, several times, and checks the
 * tensor is always a whole committed version and no chunk of a dead write survives the next open.
 */
@Seeded
class ChunkCrashTest {

    @Test
    void aKilledChunkedWriteLeavesTheWholeOldTensorOrTheWholeNewOneAndNoStrayChunks(@TempDir Path dir,
            SplittableRandom random) throws Exception {
        int lastAcked = 0;
        for (int round = 0; round < 3; round++) {
            int killAt = lastAcked + 1 + random.nextInt(3); // the MID of this version, or the write just after it
            boolean afterMid = random.nextBoolean();
            String java = ProcessHandle.current().info().command().orElse("java");
            Process p = new ProcessBuilder(List.of(java,
                    "--module-path", System.getProperty("jdk.module.path"),
                    "--patch-module", "syna.tensor=" + Path.of("target", "test-classes").toAbsolutePath(),
                    "--add-modules", "syna.storage",
                    "-m", "syna.tensor/" + ChunkCrashChild.class.getName(), dir.toString()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            int acked = lastAcked;
            int killedIn = -1;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("ACK ")) {
                        acked = Integer.parseInt(line.substring(4));
                    } else if (line.startsWith("MID ") && Integer.parseInt(line.substring(4)) >= killAt) {
                        killedIn = Integer.parseInt(line.substring(4));
                        if (afterMid) {
                            Thread.onSpinWait(); // let a few more chunks land
                        }
                        p.destroyForcibly();
                        break;
                    }
                }
            } finally {
                p.destroyForcibly();
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            }
            assertTrue(killedIn >= killAt, "child output ended early; acked " + acked);
            try (Database db = Syna.open(dir)) {
                TensorEngine engine = TensorEngine.open(db, ChunkCrashChild.OPTIONS);
                if (!engine.exists("big")) { // killed inside the first version: none at all, and no chunk left
                    assertEquals(0, acked);
                    assertEquals(List.of(), db.namespace("tensor.chunks").keys());
                    continue;
                }
                int v = ChunkCrashChild.firstByteVersion(engine);
                assertTrue(v == acked || v == acked + 1, "stored version " + v + " after " + acked + " acks");
                try (Tensor t = engine.get("big")) { // whole: every byte of that version, every chunk's CRC good
                    byte[] b = t.toByteArray();
                    assertEquals(ChunkCrashChild.BYTES, b.length);
                    for (int i = 0; i < b.length; i++) {
                        if (b[i] != ChunkCrashChild.valueAt(v, i)) {
                            throw new AssertionError("version " + v + " byte " + i);
                        }
                    }
                }
                TensorInfo info = engine.info("big").orElseThrow();
                List<String> chunkKeys = db.namespace("tensor.chunks").keys();
                assertEquals(info.chunks(), chunkKeys.size(), "only the live tensor's chunks are left: " + chunkKeys.size());
                lastAcked = v;
            }
        }
    }
}
