package syna.tests.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Database;
import syna.api.DistanceMetric;
import syna.api.Durability;
import syna.api.IndexStatus;
import syna.api.Syna;
import syna.api.VectorQuery;
import syna.api.VectorStore;
import syna.api.VectorStoreOptions;

/**
 * The SIGKILL suite of an index plugin under a durable vector store: a child process inserts into a store
 * indexed by the plugin (training, re-inserts, checkpoints that save the index) and is killed with SIGKILL
 * after 400 acknowledged inserts; on reopening every acknowledged insert is there, the index covers every
 * vector and search finds each one: the store's log is the truth, and a saved index that does not match it
 * must be caught up or rebuilt. A plugin's test extends it, naming its index, parameters and module.
 */
public abstract class IndexedStoreKillTest {
    private static final int DIM = 12;
    private static final int KILL_AFTER = 400;

    /** The index provider's name, e.g. {@code "gwi"}. */
    protected abstract String indexName();

    /** The index parameters the store is opened with (small settings, so the index trains and reorganises). */
    protected abstract Map<String, String> indexParameters();

    private static VectorStoreOptions options(String index, Map<String, String> parameters) {
        return VectorStoreOptions.builder(DIM).metric(DistanceMetric.EUCLIDEAN).index(index).indexThreshold(50)
                .indexParameters(parameters).build();
    }

    private static float[] vectorOf(int i, int version) {
        SplittableRandom r = new SplittableRandom(1000L * i + version);
        float[] v = new float[DIM];
        for (int j = 0; j < DIM; j++) {
            v[j] = (float) r.nextDouble(-1, 1) + (i % 7) * 3;
        }
        return v;
    }

    /**
     * The child: inserts k0, k1, ... (every 5th key a second time with a new vector), checkpoints every 97
     * keys and prints {@code ACK n} after each key. Arguments: the database directory, the index name, then
     * its parameters as {@code name=value} words.
     *
     * @param args directory, index, parameters
     */
    public static void main(String[] args) {
        Map<String, String> parameters = new TreeMap<>();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            parameters.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        Database db = Syna.builder(Path.of(args[0])).durability(Durability.ALWAYS).open();
        VectorStore s = Syna.vectorStore(db, "kill", options(args[1], parameters));
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
        // The child runs on the class path (the modules' META-INF/services find the providers there): this kit
        // is on the test's class path, the modules under test on its module path; both go on the child's.
        String path = String.join(File.pathSeparator, System.getProperty("jdk.module.path", ""),
                System.getProperty("java.class.path", ""));
        List<String> command = new ArrayList<>(List.of(java, "-cp", path, IndexedStoreKillTest.class.getName(),
                dir.toString(), indexName()));
        indexParameters().forEach((k, v) -> command.add(k + "=" + v));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int acked = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean killed = false;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acked = Integer.parseInt(line.substring(4));
                    if (acked >= KILL_AFTER && !killed) {
                        p.toHandle().destroyForcibly();
                        killed = true;
                    }
                }
            }
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(acked >= KILL_AFTER, "child acknowledged " + acked + " inserts (did it start? " + command + ")");
        try (Database db = Syna.open(dir); VectorStore s = Syna.vectorStore(db, "kill", options(indexName(), indexParameters()))) {
            assertEquals(indexName(), s.indexName());
            assertTrue(s.awaitIndex(Duration.ofMinutes(2)));
            IndexStatus st = s.indexStatus();
            assertEquals(IndexStatus.State.READY, st.state(), st.toString());
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
