package syna.mlops;

import java.nio.file.Path;
import java.util.Map;
import syna.api.Database;
import syna.api.Durability;
import syna.api.Syna;

/** Child process of {@link MetricKillTest}: prints the run id, then logs points for ever, "ACK step" every 100 after a sync. */
public final class MetricCrashChild {
    private MetricCrashChild() {}

    /** Logs until killed. */
    public static void main(String[] args) {
        Database db = Syna.builder(Path.of(args[0])).durability(Durability.NONE).open();
        ExperimentTracker tracker = ExperimentTracker.open(db);
        Run run = tracker.experiment("kill").startRun("r", Map.of());
        run.logParam("lr", "0.1");
        System.out.println("RUN " + run.id());
        System.out.flush();
        for (long step = 0; ; step++) {
            run.logMetric("loss", step * 0.5, step, 1_000_000L + step);
            if (step % 100 == 0) {
                db.sync(); // NONE hands writes to the OS every few ms; an acknowledgement promises more
                System.out.println("ACK " + step);
                System.out.flush();
            }
        }
    }
}
