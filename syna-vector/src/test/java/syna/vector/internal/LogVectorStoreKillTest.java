package syna.vector.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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

    /** With an attached index (the flat provider, past 50 vectors). */
    static VectorStoreOptions indexedOptions() {
        return VectorStoreOptions.builder(DIM).metric(DistanceMetric.EUCLIDEAN).index("flat").indexThreshold(50).build();
    }

    /**
     * The child: inserts k0, k1, ... printing "ACK n" after each insert returns. With a second argument
     * {@code deferred}, the store has an index whose background indexing stops after a checkpoint at
     * k150 (its adds block), so every later insert is acknowledged while only in the pending tail.
     */
    public static void main(String[] args) {
        Database db = Syna.builder(Path.of(args[0])).durability(Durability.ALWAYS).open();
        boolean deferred = args.length > 1 && args[1].equals("deferred");
        AttachedIndexTest.Gated gated = new AttachedIndexTest.Gated();
        gated.gate.countDown();
        VectorStore s = deferred ? LogVectorStore.open(db, "kill", indexedOptions(), Optional.of(gated))
                : Syna.vectorStore(db, "kill", options());
        for (int n = 0; ; n++) {
            if (deferred && n == 150) {
                s.checkpoint(); // a saved index of k0..k149, stale from the next insert on
                gated.block();
            }
            s.insert("k" + n, MmapVectorStoreTest.vectorOf(n, DIM));
            System.out.println("ACK " + n);
            System.out.flush();
        }
    }

    @Test
    void everyAcknowledgedInsertSurvivesSigkill(@TempDir Path dir) throws Exception {
        int acked = killChild(dir, false);
        try (Database db = Syna.open(dir); VectorStore s = Syna.vectorStore(db, "kill", options())) {
            for (int i = 0; i <= acked; i++) {
                assertArrayEquals(MmapVectorStoreTest.vectorOf(i, DIM), s.get("k" + i).orElseThrow(), "k" + i);
            }
            long size = s.size();
            assertTrue(size >= acked + 1 && size <= acked + 2, "size " + size + " after " + (acked + 1) + " acks");
        }
    }

    @Test
    void aKillDuringDeferredIndexingLosesNoAcknowledgedVector(@TempDir Path dir) throws Exception {
        int acked = killChild(dir, true);
        try (Database db = Syna.open(dir); VectorStore s = Syna.vectorStore(db, "kill", indexedOptions())) {
            assertEquals("flat", s.indexName());
            for (int i = 0; i <= acked; i++) {
                float[] v = MmapVectorStoreTest.vectorOf(i, DIM);
                assertArrayEquals(v, s.get("k" + i).orElseThrow(), "k" + i);
                assertEquals("k" + i, s.search(v, 1).getFirst().key(), "search finds k" + i);
            }
            long size = s.size();
            assertTrue(size >= acked + 1 && size <= acked + 2, "size " + size + " after " + (acked + 1) + " acks");
            s.checkpoint(); // the rebuilt index is saved and reopens consistent
        }
        try (Database db = Syna.open(dir); VectorStore s = Syna.vectorStore(db, "kill", indexedOptions())) {
            for (int i = 0; i <= acked; i += 7) {
                assertEquals("k" + i, s.search(MmapVectorStoreTest.vectorOf(i, DIM), 1).getFirst().key());
            }
        }
    }

    /** Runs the child until it acknowledged at least 300 inserts, kills it; returns the last acknowledged. */
    private static int killChild(Path dir, boolean deferred) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java,
                // the child computes the same vectors as this test: same seed
                "-Dsyna.tests.seed=" + MmapVectorStoreTest.SEED,
                "--module-path", System.getProperty("jdk.module.path"),
                "--patch-module", "syna.vector=" + Path.of("target", "test-classes").toAbsolutePath(),
                "--add-modules", "syna.vector,syna.storage",
                "-m", "syna.vector/" + LogVectorStoreKillTest.class.getName(), dir.toString(),
                deferred ? "deferred" : "plain"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int acked = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean killed = false;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acked = Integer.parseInt(line.substring(4));
                    if (acked >= 300 && !killed) {
                        // Kill (SIGKILL, leaving the pipe open), then read on: acknowledgements printed
                        // before death are still in the pipe.
                        p.toHandle().destroyForcibly();
                        killed = true;
                    }
                }
            }
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(acked >= 300, "child acknowledged " + acked);
        return acked;
    }
}
