package syna.mlops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Database;
import syna.api.Durability;
import syna.api.Syna;
import syna.tests.Seeded;

/** Deletes of whole models, runs and experiments, and the refusals that guard them. */
@Seeded
class DeleteTest {
    @TempDir Path dir;
    private Database db;
    private ModelRegistry registry;
    private ExperimentTracker tracker;
    private Random random;

    @BeforeEach
    void open(Random seeded) {
        random = seeded;
        db = Syna.builder(dir).durability(Durability.NONE).open();
        registry = ModelRegistry.open(db, ModelRegistryOptions.builder().chunkSize(64).build());
        tracker = ExperimentTracker.open(db);
    }

    @AfterEach
    void close() {
        tracker.close();
        registry.close();
        db.close();
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @Test
    void deleteModelRemovesEveryKeyAndTheNameStartsAgainAtVersionOne() {
        byte[] other = bytes(300);
        registry.save("keep", other, Map.of());
        registry.save("m", bytes(1000), Map.of("a", "1"));
        registry.save("m", bytes(700), Map.of());
        registry.setAlias("m", "champion", 2);
        registry.setModelTag("m", "team", "x");
        registry.setVersionTag("m", 1, "k", "v");
        registry.setStage("m", 1, Stage.STAGING);
        assertTrue(registry.deleteModel("m"));
        assertEquals(List.of("keep"), registry.listModels());
        assertThrows(ModelNotFoundException.class, () -> registry.load("m", 1));
        assertThrows(ModelNotFoundException.class, () -> registry.listVersions("m"));
        assertEquals(List.of(), MlopsKeys.models(db).keys("_models/m/"), "no key of the model is left, chunks included");
        assertFalse(MlopsKeys.models(db).exists("_mlops/journal"), "no pending delete is left");
        assertFalse(registry.deleteModel("m"), "a second delete finds nothing");
        assertArrayEquals(other, registry.load("keep").data());

        byte[] again = bytes(200);
        assertEquals(1, registry.save("m", again, Map.of()).version());
        assertArrayEquals(again, registry.load("m").data());
        assertEquals(List.of(RegistryEvent.Kind.CREATED), registry.history("m").stream().map(RegistryEvent::kind).toList());
        assertEquals(Map.of(), registry.aliases("m"));
        assertEquals(List.of("keep", "m"), registry.listModels());
    }

    @Test
    void aModelInProductionIsRefusedWithoutForce() {
        byte[] data = bytes(500);
        registry.save("m", data, Map.of());
        registry.save("m", bytes(10), Map.of());
        registry.setStage("m", 1, Stage.PRODUCTION);
        ModelInProductionException e = assertThrows(ModelInProductionException.class, () -> registry.deleteModel("m"));
        assertTrue(e.getMessage().contains("'m'") && e.getMessage().contains("[1]"), e.getMessage());
        assertArrayEquals(data, registry.loadProduction("m").data(), "a refused delete changes nothing");
        assertEquals(2, registry.listVersions("m").size());
        assertTrue(registry.deleteModel("m", true));
        assertEquals(List.of(), registry.listModels());
        assertEquals(List.of(), MlopsKeys.models(db).keys("_models/"));
    }

    @Test
    void deletedModelBytesAreReclaimedByCompaction() {
        registry.save("m", bytes(200_000), Map.of());
        db.sync();
        long before = db.stats().fileBytes();
        registry.deleteModel("m");
        ModelRegistry.reclaimDeletedBytes(db);
        assertTrue(db.stats().fileBytes() < before / 4, db.stats().fileBytes() + " bytes after, " + before + " before");
    }

    private String fullRun(Experiment exp, String name) {
        Run r = exp.startRun(name, Map.of("t", "1"));
        r.logParam("lr", "0.1");
        for (int i = 0; i < 5; i++) {
            r.logMetric("loss", 1.0 / (i + 1), i);
        }
        r.logMetric("acc", 0.5, 0);
        r.logArtifact("model.bin", bytes(3 << 20)); // several 1 MiB chunks
        r.logArtifact("model.bin", bytes(100)); // a second generation
        r.logArtifact("notes", bytes(10));
        r.close();
        return r.id();
    }

    @Test
    void deleteRunRemovesItsRecordMetricsAndArtifacts() {
        Experiment exp = tracker.experiment("e");
        String gone = fullRun(exp, "a");
        String kept = fullRun(exp, "b");
        assertTrue(tracker.deleteRun(gone));
        assertEquals(List.of(), MlopsKeys.runs(db).keys("_run/" + gone + "/"));
        assertFalse(MlopsKeys.runs(db).exists("_mlops/journal"));
        assertThrows(RunNotFoundException.class, () -> tracker.runInfo(gone));
        assertEquals(List.of(kept), exp.listRuns().stream().map(RunInfo::id).toList());
        assertEquals(5, tracker.metric(kept, "loss").size());
        assertEquals(100, tracker.artifact(kept, "model.bin").length);
        assertFalse(tracker.deleteRun(gone));
        assertEquals(1, exp.search(RunQuery.builder().build()).size());
    }

    @Test
    void aRunningRunIsRefusedUntilItEnds() {
        Experiment exp = tracker.experiment("e");
        Run r = exp.startRun("live", Map.of());
        r.logMetric("loss", 1, 0);
        assertThrows(RunActiveException.class, () -> tracker.deleteRun(r.id()));
        assertThrows(RunActiveException.class, () -> tracker.deleteExperiment("e"));
        assertEquals(RunStatus.RUNNING, tracker.runInfo(r.id()).status(), "this process owns it: not stale");
        assertEquals(List.of(), tracker.staleRuns());
        assertEquals(List.of("e"), tracker.listExperiments());
        r.kill();
        assertTrue(tracker.deleteRun(r.id()));
        assertThrows(RunEndedException.class, () -> r.logMetric("loss", 2, 1));
    }

    @Test
    void deleteExperimentRemovesItsRunsAndLeavesOthers() {
        Experiment e1 = tracker.experiment("e1");
        Experiment e2 = tracker.experiment("e2");
        String a = fullRun(e1, "a");
        String b = fullRun(e1, "b");
        String c = fullRun(e2, "c");
        assertTrue(tracker.deleteExperiment("e1"));
        assertEquals(List.of("e2"), tracker.listExperiments());
        assertEquals(List.of(), MlopsKeys.runs(db).keys("_run/" + a + "/"));
        assertEquals(List.of(), MlopsKeys.runs(db).keys("_run/" + b + "/"));
        assertEquals(List.of(), MlopsKeys.runs(db).keys("_exp/e1/"));
        assertThrows(RunNotFoundException.class, () -> tracker.existingExperiment("e1"));
        assertEquals(List.of(c), e2.listRuns().stream().map(RunInfo::id).toList());
        assertFalse(tracker.deleteExperiment("e1"));
        Experiment again = tracker.experiment("e1");
        assertEquals(List.of(), again.listRuns());
        assertEquals(List.of("e2", "e1"), tracker.listExperiments());
    }

    /** A delete left unfinished by a version that kept the pending list as JSON at _mlops/trash is finished on open. */
    @Test
    void aPendingDeleteInTheOldListIsFinishedOnOpen() {
        syna.api.KeySpace models = MlopsKeys.models(db);
        String chunk = "_models/gone/v/0000000001/c/00000000";
        models.putBytes(chunk, bytes(10));
        models.putText("_mlops/trash", "{\"model/gone\":{\"kind\":\"model\",\"name\":\"gone\",\"seq\":1}}");
        try (ModelRegistry again = ModelRegistry.open(db)) {
            assertFalse(models.exists(chunk), "the old item's chunks were deleted");
            assertFalse(models.exists("_mlops/trash"), "and the old list emptied");
            assertEquals(List.of(), again.listModels());
        }
    }
}
