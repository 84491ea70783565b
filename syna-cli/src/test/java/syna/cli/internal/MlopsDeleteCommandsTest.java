package syna.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Database;
import syna.api.Syna;
import syna.cli.internal.CliRunner.Result;
import syna.mlops.ExperimentTracker;
import syna.mlops.ModelRegistry;
import syna.mlops.Run;
import syna.mlops.Stage;

/** The delete and stale-run options of {@code syna models} and {@code syna runs}. */
class MlopsDeleteCommandsTest {
    @TempDir
    Path tmp;

    private static Result ok(String... args) {
        Result r = CliRunner.run(args);
        assertEquals(0, r.exit(), r::toString);
        assertEquals("", r.err(), r::toString);
        return r;
    }

    @Test
    void deletesModelsVersionsRunsAndExperiments() {
        Path dir = tmp.resolve("ml");
        String kept;
        String gone;
        try (Database db = Syna.open(dir)) {
            ModelRegistry models = ModelRegistry.open(db);
            models.save("mnist", new byte[] {1, 2, 3}, Map.of());
            models.save("mnist", new byte[] {4, 5}, Map.of());
            models.setStage("mnist", 2, Stage.PRODUCTION);
            models.save("other", new byte[] {9}, Map.of());
            ExperimentTracker tracker = ExperimentTracker.open(db);
            try (Run r = tracker.experiment("a").startRun("one", Map.of())) {
                r.logMetric("loss", 0.5, 1);
                kept = r.id();
            }
            try (Run r = tracker.experiment("a").startRun("two", Map.of())) {
                gone = r.id();
            }
            try (Run r = tracker.experiment("b").startRun("three", Map.of())) {
                r.logParam("p", "1");
            }
        }
        String d = dir.toString();
        Result refused = CliRunner.run("models", d, "mnist", "--delete");
        assertEquals(22, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("Production"), refused.toString());
        assertEquals("deleted model 'mnist' version 1\n", ok("models", d, "mnist", "--delete-version", "1").out());
        assertEquals("deleted model 'mnist'\n", ok("models", d, "mnist", "--delete", "--force").out());
        String list = ok("models", d).out();
        assertTrue(list.contains("other") && !list.contains("mnist"), list);
        assertEquals(15, CliRunner.run("models", d, "mnist", "--delete").exit());
        assertEquals(2, CliRunner.run("models", d, "--delete").exit(), "--delete needs a NAME");

        assertEquals("deleted run " + gone + "\n", ok("runs", d, "--delete-run", gone).out());
        String runs = ok("runs", d, "a").out();
        assertTrue(runs.contains(kept) && !runs.contains(gone), runs);
        assertEquals("deleted experiment 'b'\n", ok("runs", d, "b", "--delete").out());
        String experiments = ok("runs", d).out();
        assertTrue(experiments.contains("a") && !experiments.contains("b"), experiments);
        assertEquals(15, CliRunner.run("runs", d, "b", "--delete").exit());
        String stale = ok("runs", d, "--stale").out();
        assertEquals(List.of("RUN", "EXPERIMENT", "NAME", "STARTED", "WHY"), List.of(stale.lines().findFirst().orElseThrow().trim().split("\\s+")));
        assertFalse(stale.contains(kept), stale);
        assertEquals(2, CliRunner.run("runs", d, "--end").exit(), "--end goes with --stale");
    }
}
