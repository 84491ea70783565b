package syna.mlops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.util.Map;
import java.util.SplittableRandom;
import syna.api.Database;
import syna.api.Durability;
import syna.api.Syna;

/**
 * Writes the golden database of the model registry and experiment tracking, key layout version 1
 * (docs/format/mlops.md): run once with a target directory to produce
 * {@code src/test/resources/golden/mlops-v1/}; called by {@link GoldenMlopsFormatTest} to write the
 * same content afresh. Content is a function of fixed seeds; only times (creation times, event
 * times, run start and end) and the owner process of runs differ between two runs of it. A test
 * utility, not a test.
 */
public final class GoldenMlops {
    static final int CHUNK = 64;

    private GoldenMlops() {}

    /** {@code n} seeded bytes for model version {@code v}. */
    static byte[] modelBytes(int v, int n) {
        SplittableRandom r = new SplittableRandom(4242L + v);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    /** The Ed25519 key pair that signs version 2: generated from a fixed seed, so the same every time. */
    static KeyPair signingKeys() {
        try {
            SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
            seeded.setSeed(new byte[] {'s', 'y', 'n', 'a', 'g', 'o', 'l', 'd'});
            KeyPairGenerator gen = KeyPairGenerator.getInstance("Ed25519");
            gen.initialize(NamedParameterSpec.ED25519, seeded);
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes into {@code dir}: model "mnist" (v1 SHA-256 200 bytes with run lineage and a version tag,
     * v2 BLAKE3 300 bytes signed in Production with alias "champion", v3 deleted), model tag
     * team=vision; model "scratch" saved then deleted whole; experiment "baseline" with run "r1"
     * (Completed: params, tags, two metrics with explicit steps and times, an artifact replaced once)
     * and run "r2" (Failed with a message); experiment "tmp" created and deleted with its run.
     * Returns the id of r1.
     */
    static String write(Path dir) {
        try (Database db = Syna.builder(dir).durability(Durability.ALWAYS).open();
                ModelRegistry models = ModelRegistry.open(db, ModelRegistryOptions.builder().chunkSize(CHUNK).build());
                ExperimentTracker runs = ExperimentTracker.open(db)) {
            Experiment baseline = runs.experiment("baseline");
            Run r1 = baseline.startRun("r1", Map.of("owner", "ada"));
            r1.logParam("lr", "0.01");
            r1.logParam("layers", "3");
            for (int step = 0; step < 5; step++) {
                r1.logMetric("loss", 1.0 / (step + 1), step, 1_700_000_000_000L + step * 1000L);
            }
            r1.logMetric("acc/top1", 0.875, 4, 1_700_000_004_500L);
            r1.logArtifact("config.json", "{\"draft\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            r1.logArtifact("config.json", "{\"lr\":0.01}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            r1.close();
            Run r2 = baseline.startRun("r2", Map.of());
            r2.logParam("lr", "0.5");
            r2.fail("diverged at step 3");

            models.save("mnist", new java.io.ByteArrayInputStream(modelBytes(1, 200)), Map.of("framework", "onnx"),
                    SaveOptions.builder().runId(r1.id()).tag("data", "v7").build());
            models.save("mnist", new java.io.ByteArrayInputStream(modelBytes(2, 300)), Map.of(),
                    SaveOptions.builder().digest(DigestAlgorithm.BLAKE3).signWith(signingKeys().getPrivate()).build());
            models.save("mnist", modelBytes(3, 10), Map.of());
            models.setStage("mnist", 1, Stage.STAGING);
            models.setStage("mnist", 2, Stage.PRODUCTION);
            models.setAlias("mnist", "champion", 2);
            models.setModelTag("mnist", "team", "vision");
            models.deleteVersion("mnist", 3);
            models.save("scratch", modelBytes(9, 100), Map.of());
            models.deleteModel("scratch");

            Run t = runs.experiment("tmp").startRun("t", Map.of());
            t.logMetric("x", 1, 0, 1_700_000_000_000L);
            t.close();
            runs.deleteExperiment("tmp");
            return r1.id();
        }
    }

    /** Writes the golden database into {@code args[0]} (its LOCK file removed). */
    public static void main(String[] args) throws java.io.IOException {
        Path dir = Path.of(args[0]);
        System.out.println("r1 = " + write(dir));
        Files.deleteIfExists(dir.resolve("LOCK"));
    }
}
