package syna.index.cascade;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Database;
import syna.api.DistanceMetric;
import syna.api.Durability;
import syna.api.Syna;
import syna.api.VectorQuery;
import syna.api.VectorStore;
import syna.api.VectorStoreOptions;

/**
 * A process inserting into a durable vector store indexed by cascade (links, re-inserts that tombstone, checkpoints that save the
 * index, re-inserts) is killed with SIGKILL; on reopening every acknowledged insert is there and found by search:
 * the store's log is the truth, and a saved index that does not match it is caught up or rebuilt.
 */
class CascadeStoreKillTest {
    static final int DIM = 12;

    static VectorStoreOptions options() {
        return VectorStoreOptions.builder(DIM).metric(DistanceMetric.EUCLIDEAN).index("cascade").indexThreshold(50)
                .indexParameters(CascadeOptions.builder().seed(3).consolidateFraction(0.05).build().toMap()).build();
    }

    static float[] vectorOf(int i, int version) {
        SplittableRandom r = new SplittableRandom(1000L * i + version);
        float[] v = new float[DIM];
        for (int j = 0; j < DIM; j++) {
            v[j] = (float) r.nextDouble(-1, 1) + (i % 7) * 3;
        }
        return v;
    }

    /** The child: inserts k0, k1, ...; every 5th key is inserted again with a new vector; checkpoints often. */
    public static void main(String[] args) {
        Database db = Syna.builder(Path.of(args[0])).durability(Durability.ALWAYS).open();
        VectorStore s = Syna.vectorStore(db, "kill", options());
        for (int n = 0; ; n++) {
            s.insert("k" + n, vectorOf(n, 0));
            if (n % 5 == 0) {
                s.insert("k" + n, vectorOf(n, 1));
            }
            if (n % 97 == 0) {
                s.checkpoint();
            }
            System.out.println("ACK " + n);
            System.out.flush();
        }
    }

    @Test
    void everyAcknowledgedInsertSurvivesSigkill(@TempDir Path dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "--module-path", System.getProperty("jdk.module.path"),
                "--patch-module", "syna.index.cascade=" + Path.of("target", "test-classes").toAbsolutePath(),
                "--add-modules", "syna.vector,syna.storage", "-m",
                "syna.index.cascade/" + CascadeStoreKillTest.class.getName(), dir.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int acked = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean killed = false;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acked = Integer.parseInt(line.substring(4));
                    if (acked >= 400 && !killed) {
                        p.toHandle().destroyForcibly();
                        killed = true;
                    }
                }
            }
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(acked >= 400, "child acknowledged " + acked);
        try (Database db = Syna.open(dir); VectorStore s = Syna.vectorStore(db, "kill", options())) {
            assertEquals("cascade", s.indexName());
            assertTrue(s.awaitIndex(Duration.ofMinutes(2)));
            syna.api.IndexStatus st = s.indexStatus();
            assertEquals(syna.api.IndexStatus.State.READY, st.state(), st.toString());
            assertEquals(s.size(), st.indexed(), "the index covers every vector: " + st);
            VectorQuery wide = VectorQuery.defaults().withEffort(1000);
            for (int i = 0; i <= acked; i++) {
                float[] v = vectorOf(i, i % 5 == 0 ? 1 : 0);
                assertArrayEquals(v, s.get("k" + i).orElseThrow(), "k" + i);
                assertEquals("k" + i, s.search(v, 1, wide).getFirst().key(), "search finds k" + i);
            }
            long size = s.size();
            assertTrue(size >= acked + 1 && size <= acked + 2, "size " + size + " after " + (acked + 1) + " acks");
        }
    }
}
