package syna.storage.internal.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Database;
import syna.api.DistanceMetric;
import syna.api.Durability;
import syna.api.Syna;
import syna.api.VectorStore;
import syna.api.VectorStoreOptions;

/** Kills a process inserting into a durable vector store (ALWAYS) and checks every acknowledged insert. */
class LogVectorStoreKillTest {
    static final int DIM = 20;

    static VectorStoreOptions options() {
        return VectorStoreOptions.builder(DIM).metric(DistanceMetric.EUCLIDEAN).build();
    }

    /** The child: inserts k0, k1, ... printing "ACK n" after each insert returns. */
    public static void main(String[] args) {
        Database db = Syna.builder(Path.of(args[0])).durability(Durability.ALWAYS).open();
        VectorStore s = Syna.vectorStore(db, "kill", options());
        for (int n = 0; ; n++) {
            s.insert("k" + n, MmapVectorStoreTest.vectorOf(n, DIM));
            System.out.println("ACK " + n);
            System.out.flush();
        }
    }

    @Test
    void everyAcknowledgedInsertSurvivesSigkill(@TempDir Path dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java,
                // the child computes the same vectors as this test: same seed
                "-Dsyna.tests.seed=" + MmapVectorStoreTest.SEED,
                "--module-path", System.getProperty("jdk.module.path"),
                "--patch-module", "syna.storage=" + Path.of("target", "test-classes").toAbsolutePath(),
                "--add-modules", "syna.storage",
                "-m", "syna.storage/" + LogVectorStoreKillTest.class.getName(), dir.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int acked = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acked = Integer.parseInt(line.substring(4));
                    if (acked >= 300) {
                        break;
                    }
                }
            }
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(acked >= 300, "child acknowledged " + acked);
        try (Database db = Syna.open(dir); VectorStore s = Syna.vectorStore(db, "kill", options())) {
            for (int i = 0; i <= acked; i++) {
                assertArrayEquals(MmapVectorStoreTest.vectorOf(i, DIM), s.get("k" + i).orElseThrow(), "k" + i);
            }
            long size = s.size();
            assertTrue(size >= acked + 1 && size <= acked + 2, "size " + size + " after " + (acked + 1) + " acks");
        }
    }
}
