package syna.mlops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Database;
import syna.api.Durability;
import syna.api.Syna;
import syna.tests.Seeded;

/**
 * Crash safety of deletes: the log is cut at many points inside a model delete and an experiment
 * delete (a crash leaves a prefix of the log), and every cut must reopen to either the old state
 * (model or experiment whole and readable) or the new one (not a key left once a registry or
 * tracker has been opened, which finishes a delete the crash interrupted).
 */
@Seeded
class DeleteCrashTest {

    @Test
    void everyPrefixOfADeleteReopensToTheOldOrTheNewState(@TempDir Path dir, Random random) throws IOException {
        Path src = dir.resolve("src");
        byte[][] versions = new byte[3][];
        String[] runs = new String[2];
        byte[][] artifacts = new byte[2][];
        long start;
        long end;
        try (Database db = Syna.builder(src).durability(Durability.NONE).open();
                ModelRegistry registry = ModelRegistry.open(db, ModelRegistryOptions.builder().chunkSize(64).build());
                ExperimentTracker tracker = ExperimentTracker.open(db)) {
            for (int v = 0; v < 3; v++) {
                // v1 has 600+ chunks: its chunk deletes span several batches, whose cuts must not strand chunks
                versions[v] = new byte[v == 0 ? 40_000 + random.nextInt(1000) : 1500 + random.nextInt(1000)];
                random.nextBytes(versions[v]);
                registry.save("m", versions[v], Map.of());
            }
            registry.setStage("m", 2, Stage.PRODUCTION);
            registry.setAlias("m", "champion", 3);
            Experiment e = tracker.experiment("e");
            for (int i = 0; i < 2; i++) {
                try (Run r = e.startRun("r" + i, Map.of())) {
                    r.logParam("i", Integer.toString(i));
                    for (int s = 0; s < 20; s++) {
                        r.logMetric("loss", s * 0.25 + i, s);
                    }
                    artifacts[i] = new byte[50 + i];
                    random.nextBytes(artifacts[i]);
                    r.logArtifact("a", new byte[7]);
                    r.logArtifact("a", artifacts[i]);
                    runs[i] = r.id();
                }
            }
            db.sync();
            start = Files.size(src.resolve("data.log"));
            assertTrue(registry.deleteModel("m", true));
            assertTrue(tracker.deleteExperiment("e"));
            db.sync();
            end = Files.size(src.resolve("data.log"));
        }
        byte[] log = Files.readAllBytes(src.resolve("data.log"));
        assertEquals(end, log.length);
        long step = Math.max(1, (end - start) / 250);
        int modelGone = 0;
        int experimentGone = 0;
        int pendingSeen = 0;
        int cuts = 0;
        for (long cut = start; ; cut = Math.min(end, cut + step)) {
            Path d = dir.resolve("cut-" + cut);
            Files.createDirectories(d);
            Files.write(d.resolve("data.log"), Arrays.copyOf(log, (int) cut));
            long at = cut;
            try (Database db = Syna.builder(d).durability(Durability.NONE).open()) {
                if ((MlopsKeys.models(db).exists("_mlops/journal") || MlopsKeys.runs(db).exists("_mlops/journal"))) {
                    pendingSeen++;
                }
                try (ModelRegistry registry = ModelRegistry.open(db); ExperimentTracker tracker = ExperimentTracker.open(db)) {
                    assertFalse((MlopsKeys.models(db).exists("_mlops/journal") || MlopsKeys.runs(db).exists("_mlops/journal")), "cut " + at + ": opening finishes pending deletes");
                    if (registry.listModels().contains("m")) {
                        for (int v = 0; v < 3; v++) {
                            assertArrayEquals(versions[v], registry.load("m", v + 1).data(), "cut " + at + " v" + (v + 1));
                        }
                        assertEquals(2, registry.loadProduction("m").version().version());
                        assertEquals(Map.of("champion", 3), registry.aliases("m"));
                    } else {
                        modelGone++;
                        assertEquals(List.of(), MlopsKeys.models(db).keys("_models/m/"), "cut " + at);
                    }
                    if (tracker.listExperiments().contains("e")) {
                        List<RunInfo> listed = tracker.existingExperiment("e").listRuns();
                        assertEquals(List.of(runs[0], runs[1]), listed.stream().map(RunInfo::id).toList(), "cut " + at);
                        for (int i = 0; i < 2; i++) {
                            assertEquals(20, tracker.metric(runs[i], "loss").size(), "cut " + at);
                            assertArrayEquals(artifacts[i], tracker.artifact(runs[i], "a"), "cut " + at);
                            assertEquals(RunStatus.COMPLETED, listed.get(i).status());
                        }
                    } else {
                        experimentGone++;
                        assertEquals(List.of(), MlopsKeys.runs(db).keys("_exp/e/"), "cut " + at);
                        assertEquals(List.of(), MlopsKeys.runs(db).keys("_run/"), "cut " + at);
                    }
                }
            }
            cuts++;
            if (cut == end) {
                break;
            }
        }
        assertTrue(modelGone > 0 && modelGone < cuts, modelGone + " of " + cuts + " cuts without the model");
        assertTrue(experimentGone > 0 && experimentGone < cuts, experimentGone + " of " + cuts + " cuts without the experiment");
        assertTrue(pendingSeen > 0, "no cut fell between a delete's commit and its end");
    }
}
