package syna.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** {@code syna models} and {@code syna runs} against a registry and a tracker written through syna.mlops. */
class MlopsCommandsTest {
    @TempDir
    Path tmp;

    private static Result ok(String... args) {
        Result r = CliRunner.run(args);
        assertEquals(0, r.exit(), r::toString);
        assertEquals("", r.err(), r::toString);
        return r;
    }

    @Test
    void listsModelsVersionsHistoryExperimentsAndRuns() {
        Path dir = tmp.resolve("ml");
        String runId;
        try (Database db = Syna.open(dir)) {
            ModelRegistry models = ModelRegistry.open(db);
            models.save("mnist", new byte[] {1, 2, 3}, Map.of("framework", "onnx"));
            models.save("mnist", new byte[] {4, 5}, Map.of());
            models.setStage("mnist", 2, Stage.PRODUCTION);
            models.setAlias("mnist", "champion", 2);
            ExperimentTracker tracker = ExperimentTracker.open(db);
            try (Run r = tracker.experiment("baseline").startRun("first", Map.of("team", "ml"))) {
                r.logParam("lr", "0.01");
                r.logMetric("loss", 0.5, 1);
                r.logMetric("loss", 0.25, 2);
                runId = r.id();
            }
        }
        String d = dir.toString();
        String list = ok("models", d).out();
        assertTrue(list.contains("mnist") && list.contains("champion"), list);
        String versions = ok("models", d, "mnist").out();
        assertTrue(versions.contains("Production") && versions.lines().count() >= 3, versions);
        String history = ok("models", d, "mnist", "--history").out();
        assertTrue(history.contains("champion"), history);
        assertTrue(ok("runs", d).out().contains("baseline"));
        String runs = ok("runs", d, "baseline", "--status", "completed").out();
        assertTrue(runs.contains(runId) && runs.contains("lr=0.01"), runs);
        assertTrue(ok("runs", d, "--run", runId).out().contains("\"lr\""));
        String csv = ok("runs", d, "--run", runId, "--csv").out();
        assertTrue(csv.contains("0.25"), csv);
        assertTrue(ok("runs", d, "--compare", runId).out().contains("0.25"));
        Result unknown = CliRunner.run("models", d, "nope");
        assertTrue(unknown.exit() != 0 && unknown.err().startsWith("error: "), unknown.toString());
        Result badStatus = CliRunner.run("runs", d, "baseline", "--status", "sleeping");
        assertEquals(2, badStatus.exit(), badStatus.toString());
        assertTrue(List.of(ok("runs", d, "baseline", "--limit", "1").out().split("\n")).size() >= 2);
    }
}
