package syna.mlops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Atom;
import syna.api.ChecksumMismatchException;
import syna.api.CorruptFileException;
import syna.api.Database;
import syna.api.SerializationException;
import syna.api.Syna;
import syna.api.SynaException;

/**
 * The golden database of the model registry and experiment tracker, key layout version 1 (written
 * once by {@link GoldenMlops}, never edited; layout in docs/format/mlops.md). Today's code reads
 * every model, version, stage, alias, tag, digest, signature, run, param, metric point and artifact
 * of it; written afresh, the same keys hold the same values except the fields that are times or
 * name the writing process (masked: {@code createdAt}, event {@code t}, {@code startTime},
 * {@code endTime}, {@code owner}, the INT64 {@code created} keys) and the run ids (time and random
 * bits; replaced by their position); damaged copies give typed errors, never wrong bytes.
 */
class GoldenMlopsFormatTest {
    private static final String R1 = "01a213d436f1057c50fa";
    private static final String R2 = "01a213d4385a5a80a6b8";

    private static Path golden(Path dir) throws IOException {
        try (InputStream in = GoldenMlopsFormatTest.class.getResourceAsStream("/golden/mlops-v1/data.log")) {
            assertNotNull(in, "golden mlops-v1/data.log is missing");
            Files.createDirectories(dir);
            Files.copy(in, dir.resolve("data.log"));
        }
        return dir;
    }

    private static String sha256(byte[] b) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void mlopsV1ReadsBackEveryModelAndRun(@TempDir Path tmp) throws Exception {
        try (Database db = Syna.open(golden(tmp.resolve("db")));
                ModelRegistry models = ModelRegistry.open(db);
                ExperimentTracker runs = ExperimentTracker.open(db)) {
            assertEquals(1, db.stats().formatVersion(), "a format-1 log keeps its keys among the user keys");
            assertEquals(List.of(), db.keys("_models/scratch/"));
            assertTrue(db.exists("_modelidx/n"));
            readsBackEverything(models, runs);
        }
    }

    /**
     * Compacted (which upgrades the log to format 2), the first registry and tracker move their keys
     * into namespaces mlops.registry and mlops.tracker; everything reads back, the user keys are
     * empty, and a second open moves nothing.
     */
    @Test
    void mlopsV1AfterAnUpgradeMovesIntoNamespacesAndReadsBackEverything(@TempDir Path tmp) throws Exception {
        Path dir = golden(tmp.resolve("db"));
        TreeMap<String, List<String>> before;
        try (Database db = Syna.open(dir)) {
            before = dump(db);
            db.compact();
            assertEquals(2, db.stats().formatVersion());
            assertTrue(db.keys().size() > 40, "still the old layout among the user keys");
        }
        try (Database db = Syna.open(dir); ModelRegistry models = ModelRegistry.open(db)) {
            assertEquals(List.of("mlops.registry"), db.namespaces());
            assertTrue(db.keys("_models/").isEmpty() && !db.exists("_modelidx/n"), db.keys().toString());
            assertFalse(db.keys("_run/").isEmpty(), "the tracker's keys wait for the tracker");
            try (ExperimentTracker runs = ExperimentTracker.open(db)) {
                assertEquals(List.of(), db.keys(), "no mlops key is left among the user keys");
                readsBackEverything(models, runs);
            }
            assertEquals(before.keySet(), dump(db).keySet());
            TreeMap<String, List<String>> after = dump(db);
            for (String k : before.keySet()) {
                List<String> b = before.get(k);
                List<String> a = after.get(k);
                if (k.contains("/m/")) {
                    assertEquals(b, a, "metric histories move whole: " + k);
                } else {
                    assertEquals(b.getLast(), a.getLast(), k);
                }
            }
        }
        try (Database db = Syna.open(dir); ModelRegistry models = ModelRegistry.open(db);
                ExperimentTracker runs = ExperimentTracker.open(db)) {
            readsBackEverything(models, runs);
            assertEquals(List.of("mlops.registry", "mlops.tracker"), db.namespaces());
        }
    }

    /** A move a crash interrupted is redone (while copying) or finished (while deleting the old keys). */
    @Test
    void anInterruptedMoveIsRedoneOrFinished(@TempDir Path tmp) throws Exception {
        Path dir = golden(tmp.resolve("db"));
        try (Database db = Syna.open(dir)) {
            db.compact();
            db.namespace("mlops.registry").putText("_models/half/created", "a partial copy");
            db.namespace("mlops.tracker").putInt("_migrated", 1); // copied, old keys not yet deleted
            db.namespace("mlops.tracker").putInt("_expidx/n", 0);
        }
        try (Database db = Syna.open(dir); ModelRegistry models = ModelRegistry.open(db);
                ExperimentTracker runs = ExperimentTracker.open(db)) {
            assertFalse(db.namespace("mlops.registry").exists("_models/half/created"), "the partial copy was dropped");
            assertEquals(List.of("mnist"), models.listModels());
            assertEquals(List.of(), db.keys(), "the old keys were deleted");
            assertEquals(List.of(), runs.listExperiments(), "the tracker trusted its finished copy");
        }
    }

    private static void readsBackEverything(ModelRegistry models, ExperimentTracker runs) throws Exception {
        {
            assertEquals(List.of("mnist"), models.listModels(), "scratch was deleted whole");
            List<ModelVersion> versions = models.listVersions("mnist");
            assertEquals(List.of(1, 2), versions.stream().map(ModelVersion::version).toList(), "v3 was deleted");
            ModelVersion v1 = versions.get(0);
            ModelVersion v2 = versions.get(1);
            assertEquals(Stage.STAGING, v1.stage());
            assertEquals(Stage.PRODUCTION, v2.stage());
            assertEquals(DigestAlgorithm.SHA_256, v1.digestAlgorithm());
            assertEquals(sha256(GoldenMlops.modelBytes(1, 200)), v1.digest());
            assertEquals("83b9bc3b2905e01d57f8ef1d88933435e36a4a76499afc6fe32e0d1f3e56234b", v1.digest());
            assertEquals(DigestAlgorithm.BLAKE3, v2.digestAlgorithm());
            assertEquals(200, v1.sizeBytes());
            assertEquals(300, v2.sizeBytes());
            assertEquals(4, v1.chunks());
            assertEquals(Map.of("framework", "onnx"), v1.metadata());
            assertEquals(Map.of("data", "v7"), v1.tags());
            assertEquals(Optional.of(R1), v1.runId());
            assertFalse(v1.signed());
            assertTrue(v2.signed());
            assertTrue(models.verifySignature("mnist", 2, GoldenMlops.signingKeys().getPublic()));
            assertArrayEquals(GoldenMlops.modelBytes(1, 200), models.load("mnist", 1).data());
            assertArrayEquals(GoldenMlops.modelBytes(2, 300), models.loadProduction("mnist").data());
            assertArrayEquals(GoldenMlops.modelBytes(2, 300), models.loadAlias("mnist", "champion").data());
            assertEquals(Map.of("champion", 2), models.aliases("mnist"));
            assertEquals(Map.of("team", "vision"), models.modelTags("mnist"));
            assertEquals(List.of("CREATED 1", "CREATED 2", "CREATED 3", "STAGE 1", "STAGE 2", "ALIAS_SET 2", "DELETED 3"),
                    models.history("mnist").stream().map(e -> e.kind() + " " + e.version()).toList());
            assertThrows(ModelNotFoundException.class, () -> models.version("mnist", 3));

            assertEquals(List.of("baseline"), runs.listExperiments(), "tmp was deleted with its run");
            List<RunInfo> listed = runs.existingExperiment("baseline").listRuns();
            assertEquals(List.of(R1, R2), listed.stream().map(RunInfo::id).toList());
            RunInfo r1 = listed.get(0);
            assertEquals("r1", r1.name());
            assertEquals(RunStatus.COMPLETED, r1.status());
            assertEquals(Map.of("lr", "0.01", "layers", "3"), r1.params());
            assertEquals(Map.of("owner", "ada"), r1.tags());
            assertEquals(Map.of("loss", 0.2, "acc/top1", 0.875), r1.metrics());
            assertEquals(List.of("config.json"), r1.artifacts());
            assertTrue(r1.endTime().isPresent() && r1.endTime().get().isAfter(r1.startTime().minusMillis(1)));
            MetricHistory loss = runs.metric(R1, "loss");
            assertArrayEquals(new long[] {0, 1, 2, 3, 4}, loss.steps());
            assertArrayEquals(new double[] {1, 0.5, 1.0 / 3, 0.25, 0.2}, loss.values());
            assertArrayEquals(new long[] {1_700_000_000_000L, 1_700_000_001_000L, 1_700_000_002_000L, 1_700_000_003_000L,
                    1_700_000_004_000L}, loss.timestamps());
            assertEquals("{\"lr\":0.01}", new String(runs.artifact(R1, "config.json"), StandardCharsets.UTF_8));
            RunInfo r2 = listed.get(1);
            assertEquals(RunStatus.FAILED, r2.status());
            assertEquals("diverged at step 3", r2.error());
            assertEquals(Map.of("lr", "0.5"), r2.params());
            assertEquals(List.of(), runs.staleRuns(), "ended runs are never judged by their owner process");
            assertTrue(r1.startTime().isAfter(Instant.parse("2026-01-01T00:00:00Z")));
        }
    }

    /**
     * Every live key with the values of its whole history, times and owners masked, run ids by
     * position: the user keys of a format-1 log, the mlops namespaces of a format-2 one.
     */
    static TreeMap<String, List<String>> dump(Database db) {
        TreeMap<String, List<String>> out = new TreeMap<>();
        boolean legacy = db.stats().formatVersion() < 2 || !db.namespaces().contains("mlops.registry");
        syna.api.KeySpace runs = legacy ? db : db.namespace("mlops.tracker");
        List<String> ids = new ArrayList<>();
        for (String k : runs.keys("_exp/baseline/runs/")) {
            if (runs.get(k).orElseThrow() instanceof Atom.Text t) {
                ids.add(t.value());
            }
        }
        if (legacy) {
            dump(db, ids, out);
        } else {
            dump(db.namespace("mlops.registry"), ids, out);
            dump(runs, ids, out);
        }
        return out;
    }

    private static void dump(syna.api.KeySpace db, List<String> ids, TreeMap<String, List<String>> out) {
        for (String key : db.keys()) {
            if (key.equals("_migrated")) {
                continue;
            }
            List<String> values = new ArrayList<>();
            for (var h : db.history(key)) {
                String v = switch (h.value()) {
                    case Atom.Text t -> t.value()
                            .replaceAll("\"(createdAt|t|startTime|endTime)\":\\d+", "\"$1\":0")
                            .replaceAll("\"owner\":\\{[^}]*\\}", "\"owner\":{}");
                    case Atom.Bytes b -> "bytes " + HexFormat.of().formatHex(b.value());
                    case Atom.Int64 n when key.endsWith("/created") -> "int64 (time)";
                    case null -> "null";
                    default -> h.value().toString();
                };
                values.add(mapIds(v, ids));
            }
            out.put(mapIds(key, ids), values);
        }
    }

    private static String mapIds(String s, List<String> ids) {
        for (int i = 0; i < ids.size(); i++) {
            s = s.replace(ids.get(i), "<run" + i + ">");
        }
        return s;
    }

    @Test
    void mlopsV1WrittenAfreshHoldsTheSameKeysAndValues(@TempDir Path tmp) throws IOException {
        GoldenMlops.write(tmp.resolve("fresh"));
        TreeMap<String, List<String>> fresh;
        TreeMap<String, List<String>> old;
        try (Database db = Syna.open(tmp.resolve("fresh"))) {
            fresh = dump(db);
        }
        try (Database db = Syna.open(golden(tmp.resolve("golden")))) {
            old = dump(db);
        }
        assertEquals(old.keySet(), fresh.keySet());
        for (String k : old.keySet()) {
            assertEquals(old.get(k), fresh.get(k), k);
        }
        assertTrue(old.size() > 40, old.size() + " keys");
    }

    @Test
    void mlopsV1TruncatedOrBitFlippedGivesTypedErrorsOrAWholePrefixNeverWrongBytes(@TempDir Path tmp) throws Exception {
        byte[] good = Files.readAllBytes(golden(tmp.resolve("g")).resolve("data.log"));
        int n = 0;
        List<byte[]> damaged = new ArrayList<>();
        for (int len = 0; len < good.length; len += 97) {
            damaged.add(Arrays.copyOf(good, len));
        }
        for (int i = 0; i < good.length; i += 61) {
            byte[] bad = good.clone();
            bad[i] ^= (byte) (1 << (i % 8));
            damaged.add(bad);
        }
        int opened = 0;
        for (byte[] bad : damaged) {
            Path dir = tmp.resolve("d" + n++);
            Files.createDirectories(dir);
            Files.write(dir.resolve("data.log"), bad);
            Database db;
            try {
                db = Syna.open(dir);
            } catch (CorruptFileException expected) {
                continue; // a flip with valid records after it, or a damaged header
            }
            opened++;
            try (db; ModelRegistry models = ModelRegistry.open(db); ExperimentTracker runs = ExperimentTracker.open(db)) {
                for (String m : models.listModels()) {
                    for (ModelVersion v : models.listVersions(m)) {
                        int seed = m.equals("scratch") ? 9 : v.version();
                        byte[] want = GoldenMlops.modelBytes(seed, (int) v.sizeBytes());
                        assertArrayEquals(want, models.load(m, v.version()).data(), "damage #" + n);
                    }
                }
                for (String e : runs.listExperiments()) {
                    for (RunInfo r : runs.existingExperiment(e).listRuns()) {
                        for (String a : r.artifacts()) {
                            runs.artifact(r.id(), a); // digest-checked
                        }
                    }
                }
            }
        }
        assertTrue(opened > 0, "no truncation reopened to a prefix");
    }

    @Test
    void mlopsV1DamagedValuesGiveChecksumAndSerializationErrors(@TempDir Path tmp) throws IOException {
        try (Database db = Syna.open(golden(tmp.resolve("db")));
                ModelRegistry models = ModelRegistry.open(db);
                ExperimentTracker runs = ExperimentTracker.open(db)) {
            String chunk = "_models/mnist/v/0000000001/c/00000002";
            byte[] c = db.getBytes(chunk);
            c[5] ^= 0x10;
            db.putBytes(chunk, c);
            ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class, () -> models.load("mnist", 1));
            assertTrue(e.getMessage().contains("mnist"), e.getMessage());
            assertArrayEquals(GoldenMlops.modelBytes(2, 300), models.load("mnist", 2).data(), "other versions unaffected");
            String manifest = "_models/mnist/v/0000000002/manifest";
            String text = db.getText(manifest);
            db.putText(manifest, text.substring(0, text.length() / 2));
            assertThrows(SerializationException.class, () -> models.load("mnist", 2));
            db.putText("_run/" + R2 + "/info", "{\"id\":");
            SynaException bad = assertThrows(SynaException.class, () -> runs.runInfo(R2));
            assertTrue(bad instanceof SerializationException, bad.toString());
            String art = "_run/" + R1 + "/art/config.json/2/c/00000000";
            db.putBytes(art, "{\"lr\":0.02}".getBytes(StandardCharsets.UTF_8));
            assertThrows(ChecksumMismatchException.class, () -> runs.artifact(R1, "config.json"));
        }
    }
}
