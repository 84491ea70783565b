package syna.mlops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Database;
import syna.api.Syna;

/**
 * Kills a process while it logs metric points: the step, value and time series stay aligned, and the
 * run it left Running reads as Killed (stale) once its process is gone.
 */
class MetricKillTest {

    @Test
    void pointsLoggedBeforeASigkillStayWholeAndAligned(@TempDir Path dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java,
                "--module-path", System.getProperty("jdk.module.path"),
                "--patch-module", "syna.mlops=" + Path.of("target", "test-classes").toAbsolutePath(),
                "--add-modules", "syna.storage",
                "-m", "syna.mlops/" + MetricCrashChild.class.getName(), dir.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String runId = "";
        long acked = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("RUN ")) {
                    runId = line.substring(4);
                } else if (line.startsWith("ACK ") && (acked = Long.parseLong(line.substring(4))) >= 2_000) {
                    break;
                }
            }
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(acked >= 2_000, "child acknowledged " + acked);
        try (Database db = Syna.open(dir); ExperimentTracker tracker = ExperimentTracker.open(db)) {
            RunInfo info = tracker.runInfo(runId);
            assertEquals(RunStatus.KILLED, info.status(), "a run whose process is gone reads as Killed");
            assertTrue(info.error().startsWith("stale: process " + p.pid()), info.error());
            assertTrue(info.endTime().isEmpty());
            assertTrue(MlopsKeys.runs(db).getText("_run/" + runId + "/info").contains("\"status\":\"RUNNING\""), "stored as it was left");
            assertEquals(List.of(runId), tracker.staleRuns().stream().map(RunInfo::id).toList());
            assertEquals(Map.of("lr", "0.1"), info.params());
            MetricHistory h = tracker.metric(runId, "loss");
            String prefix = "_run/" + runId + "/m/loss/";
            assertTrue(h.size() > acked, h.size() + " points after " + acked + " acknowledged; histories "
                    + MlopsKeys.runs(db).historyAsDoubles(prefix + "v").length + " " + MlopsKeys.runs(db).historyAsLongs(prefix + "s").length + " "
                    + MlopsKeys.runs(db).historyAsLongs(prefix + "t").length + ", " + db.stats());
            assertEquals(h.size(), MlopsKeys.runs(db).historyAsDoubles(prefix + "v").length, "no torn point");
            long[] steps = h.steps();
            double[] values = h.values();
            long[] times = h.timestamps();
            for (int i = 0; i < h.size(); i++) {
                assertEquals(i, steps[i]);
                assertEquals(i * 0.5, values[i]);
                assertEquals(1_000_000L + i, times[i]);
            }
            Run orphan = tracker.run(runId);
            assertThrows(RunEndedException.class, () -> orphan.logMetric("loss", 1, 1));
            List<RunInfo> ended = tracker.endStaleRuns(); // stores Killed, no longer reading the process table
            assertEquals(List.of(runId), ended.stream().map(RunInfo::id).toList());
            assertTrue(MlopsKeys.runs(db).getText("_run/" + runId + "/info").contains("\"status\":\"KILLED\""));
            assertTrue(ended.getFirst().endTime().isPresent());
            assertEquals(List.of(), tracker.staleRuns());
            assertTrue(tracker.deleteRun(runId));
            assertEquals(List.of(), MlopsKeys.runs(db).keys("_run/" + runId + "/"));
        }
    }
}
