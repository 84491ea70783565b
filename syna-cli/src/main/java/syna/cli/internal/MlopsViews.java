package syna.cli.internal;

import java.util.List;
import syna.api.Database;
import syna.mlops.ExperimentTracker;
import syna.mlops.ModelRegistry;
import syna.mlops.RunQuery;
import syna.mlops.RunStatus;

/** The only CLI class that names syna.mlops types; loaded after {@link Mlops#require()}. Thread-safe. */
final class MlopsViews {
    private MlopsViews() {}

    static String models(Database db) {
        return MlopsReports.models(ModelRegistry.open(db));
    }

    static String versions(Database db, String model) {
        return MlopsReports.versions(ModelRegistry.open(db), model);
    }

    static String history(Database db, String model) {
        return MlopsReports.history(ModelRegistry.open(db), model);
    }

    static String experiments(Database db) {
        List<String> names = ExperimentTracker.open(db).listExperiments();
        return MlopsReports.table(List.of("EXPERIMENT"), names.stream().map(List::of).toList());
    }

    static String runs(Database db, String experiment, String status, int limit) {
        RunQuery.Builder q = RunQuery.builder();
        if (status != null) {
            q.status(RunStatus.valueOf(status.toUpperCase(java.util.Locale.ROOT)));
        }
        if (limit > 0) {
            q.limit(limit);
        }
        return MlopsReports.runs(ExperimentTracker.open(db), experiment, q.build());
    }

    static String runJson(Database db, String runId) {
        return MlopsReports.runJson(ExperimentTracker.open(db), runId);
    }

    static String metricsCsv(Database db, String runId) {
        return MlopsReports.metricsCsv(ExperimentTracker.open(db), runId);
    }

    static String compare(Database db, List<String> runIds) {
        return MlopsReports.compare(ExperimentTracker.open(db).compare(runIds));
    }

    static String deleteModel(Database db, String model, boolean force) {
        if (!ModelRegistry.open(db).deleteModel(model, force)) {
            throw new syna.mlops.ModelNotFoundException("model '" + model + "' does not exist in " + db.path());
        }
        return "deleted model '" + model + "'" + System.lineSeparator();
    }

    static String deleteVersion(Database db, String model, int version) {
        if (!ModelRegistry.open(db).deleteVersion(model, version)) {
            throw new syna.mlops.ModelNotFoundException("model '" + model + "' has no version " + version + " in " + db.path());
        }
        return "deleted model '" + model + "' version " + version + System.lineSeparator();
    }

    static String deleteRun(Database db, String runId) {
        if (!ExperimentTracker.open(db).deleteRun(runId)) {
            throw new syna.mlops.RunNotFoundException("run " + runId + " does not exist in " + db.path());
        }
        return "deleted run " + runId + System.lineSeparator();
    }

    static String deleteExperiment(Database db, String experiment) {
        if (!ExperimentTracker.open(db).deleteExperiment(experiment)) {
            throw new syna.mlops.RunNotFoundException("experiment '" + experiment + "' does not exist in " + db.path());
        }
        return "deleted experiment '" + experiment + "'" + System.lineSeparator();
    }

    static String staleRuns(Database db, boolean end) {
        ExperimentTracker tracker = ExperimentTracker.open(db);
        List<syna.mlops.RunInfo> runs = end ? tracker.endStaleRuns() : tracker.staleRuns();
        return MlopsReports.table(List.of("RUN", "EXPERIMENT", "NAME", "STARTED", "WHY"), runs.stream()
                .map(r -> List.of(r.id(), r.experiment(), r.name(), r.startTime().toString(), r.error())).toList());
    }
}
