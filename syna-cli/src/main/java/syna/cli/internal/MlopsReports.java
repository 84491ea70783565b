package syna.cli.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import syna.cli.internal.json.JsonValue;
import syna.cli.internal.json.JsonValue.JsonArray;
import syna.cli.internal.json.JsonValue.JsonNumber;
import syna.cli.internal.json.JsonValue.JsonObject;
import syna.cli.internal.json.JsonValue.JsonString;
import syna.cli.internal.json.JsonWriter;
import syna.mlops.ArtifactInfo;
import syna.mlops.ExperimentTracker;
import syna.mlops.MetricHistory;
import syna.mlops.ModelRegistry;
import syna.mlops.ModelVersion;
import syna.mlops.RegistryEvent;
import syna.mlops.RunComparison;
import syna.mlops.RunInfo;
import syna.mlops.RunQuery;
import syna.mlops.Stage;

/**
 * What {@code syna models …} and {@code syna runs …} print: aligned text tables, the JSON export of
 * runs and experiments, metric CSV. Display lives here, in the CLI; {@code syna.mlops} returns data.
 * Only {@link MlopsViews} calls it (after {@link Mlops#require()}). Thread-safe (stateless).
 */
final class MlopsReports {
    private MlopsReports() {}

    /** {@code syna models list}: one row per model with its latest version, Production version and aliases. */
    static String models(ModelRegistry registry) {
        List<List<String>> rows = new ArrayList<>();
        for (String name : registry.listModels()) {
            List<ModelVersion> versions = registry.listVersions(name);
            String latest = versions.isEmpty() ? "-" : Integer.toString(versions.getLast().version());
            String production = versions.stream().filter(v -> v.stage() == Stage.PRODUCTION)
                    .map(v -> Integer.toString(v.version())).reduce((a, b) -> a + "," + b).orElse("-");
            rows.add(List.of(name, Integer.toString(versions.size()), latest, production,
                    new TreeMap<>(registry.aliases(name)).toString()));
        }
        return table(List.of("MODEL", "VERSIONS", "LATEST", "PRODUCTION", "ALIASES"), rows);
    }

    /** {@code syna models versions NAME}: one row per version. */
    static String versions(ModelRegistry registry, String model) {
        List<List<String>> rows = new ArrayList<>();
        Map<String, Integer> aliases = registry.aliases(model);
        for (ModelVersion v : registry.listVersions(model)) {
            List<String> names = aliases.entrySet().stream().filter(e -> e.getValue() == v.version())
                    .map(Map.Entry::getKey).sorted().toList();
            rows.add(List.of(Integer.toString(v.version()), v.stage().label(), Long.toString(v.sizeBytes()),
                    v.digestAlgorithm().label() + ":" + v.digest().substring(0, Math.min(16, v.digest().length())),
                    v.createdAt().toString(), String.join(",", names), v.runId().orElse("-"), v.signed() ? "yes" : "no"));
        }
        return table(List.of("VERSION", "STAGE", "BYTES", "DIGEST", "CREATED", "ALIASES", "RUN", "SIGNED"), rows);
    }

    /** {@code syna models history NAME}: every stage and alias change with its time. */
    static String history(ModelRegistry registry, String model) {
        List<List<String>> rows = new ArrayList<>();
        for (RegistryEvent e : registry.history(model)) {
            rows.add(List.of(e.time().toString(), Integer.toString(e.version()), e.kind().name(), e.subject(),
                    e.from(), e.to()));
        }
        return table(List.of("TIME", "VERSION", "EVENT", "SUBJECT", "FROM", "TO"), rows);
    }

    /** {@code syna runs list EXPERIMENT}: runs matching {@code query} with status, params and final metrics. */
    static String runs(ExperimentTracker tracker, String experiment, RunQuery query) {
        List<List<String>> rows = new ArrayList<>();
        for (RunInfo r : tracker.existingExperiment(experiment).search(query)) {
            rows.add(List.of(r.id(), r.name(), r.status().name(), r.startTime().toString(),
                    new TreeMap<>(r.params()).toString(), new TreeMap<>(r.metrics()).toString()));
        }
        return table(List.of("RUN", "NAME", "STATUS", "STARTED", "PARAMS", "METRICS"), rows);
    }

    /** {@code syna runs compare ID...}: params and final metrics side by side, a header of run names and ids. */
    static String compare(RunComparison c) {
        List<String> header = new ArrayList<>();
        header.add("");
        for (RunInfo r : c.runs()) {
            header.add(r.name() + " (" + r.id() + ")");
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < c.rowNames().size(); i++) {
            List<String> row = new ArrayList<>();
            row.add(c.rowNames().get(i));
            row.addAll(c.cells().get(i));
            rows.add(row);
        }
        return table(header, rows);
    }

    private static JsonValue number(double d) {
        return Double.isFinite(d) ? new JsonNumber(Double.toString(d)) : new JsonString(Double.toString(d));
    }

    private static JsonObject strings(Map<String, String> m) {
        Map<String, JsonValue> out = new LinkedHashMap<>();
        new TreeMap<>(m).forEach((k, v) -> out.put(k, new JsonString(v)));
        return new JsonObject(out);
    }

    private static JsonObject run(ExperimentTracker tracker, String runId) {
        RunInfo r = tracker.runInfo(runId);
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put("id", new JsonString(r.id()));
        m.put("experiment", new JsonString(r.experiment()));
        m.put("name", new JsonString(r.name()));
        m.put("status", new JsonString(r.status().name()));
        m.put("startTime", new JsonNumber(Long.toString(r.startTime().toEpochMilli())));
        m.put("endTime", r.endTime().<JsonValue>map(t -> new JsonNumber(Long.toString(t.toEpochMilli())))
                .orElse(JsonValue.JsonNull.INSTANCE));
        m.put("error", new JsonString(r.error()));
        m.put("tags", strings(r.tags()));
        m.put("params", strings(r.params()));
        Map<String, JsonValue> metrics = new LinkedHashMap<>();
        for (String k : new TreeMap<>(r.metrics()).keySet()) {
            MetricHistory h = tracker.metric(runId, k);
            Map<String, JsonValue> series = new LinkedHashMap<>();
            List<JsonValue> steps = new ArrayList<>();
            List<JsonValue> values = new ArrayList<>();
            List<JsonValue> times = new ArrayList<>();
            for (int i = 0; i < h.size(); i++) {
                steps.add(new JsonNumber(Long.toString(h.steps()[i])));
                values.add(number(h.values()[i]));
                times.add(new JsonNumber(Long.toString(h.timestamps()[i])));
            }
            series.put("steps", new JsonArray(steps));
            series.put("values", new JsonArray(values));
            series.put("timestamps", new JsonArray(times));
            metrics.put(k, new JsonObject(series));
        }
        m.put("metrics", new JsonObject(metrics));
        List<JsonValue> artifacts = new ArrayList<>();
        for (String a : r.artifacts()) {
            ArtifactInfo info = tracker.artifactInfo(runId, a);
            Map<String, JsonValue> am = new LinkedHashMap<>();
            am.put("name", new JsonString(a));
            am.put("size", new JsonNumber(Long.toString(info.sizeBytes())));
            am.put("algorithm", new JsonString(info.digestAlgorithm().label()));
            am.put("digest", new JsonString(info.digest()));
            artifacts.add(new JsonObject(am));
        }
        m.put("artifacts", new JsonArray(artifacts));
        return new JsonObject(m);
    }

    /** {@code syna runs export ID}: the run with params, tags, metric series and artifacts as one JSON object. */
    static String runJson(ExperimentTracker tracker, String runId) {
        return JsonWriter.write(run(tracker, runId));
    }

    /** {@code syna runs metrics ID}: every metric point of the run as CSV, {@code key,step,timestamp,value}. */
    static String metricsCsv(ExperimentTracker tracker, String runId) {
        StringBuilder sb = new StringBuilder("key,step,timestamp,value\n");
        for (String k : new TreeMap<>(tracker.runInfo(runId).metrics()).keySet()) {
            MetricHistory h = tracker.metric(runId, k);
            String key = HistoryCommand.csvField(k);
            long[] steps = h.steps();
            double[] values = h.values();
            long[] times = h.timestamps();
            for (int i = 0; i < values.length; i++) {
                sb.append(key).append(',').append(steps[i]).append(',').append(times[i]).append(',').append(values[i])
                        .append('\n');
            }
        }
        return sb.toString();
    }

    /** {@code header} and {@code rows} as a left-aligned text table, columns two spaces apart. */
    static String table(List<String> header, List<List<String>> rows) {
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = header.get(c).length();
            for (List<String> row : rows) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        appendRow(sb, header, width);
        for (List<String> row : rows) {
            appendRow(sb, row, width);
        }
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, List<String> row, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < width.length; c++) {
            line.append(row.get(c));
            if (c < width.length - 1) {
                line.append(" ".repeat(width[c] - row.get(c).length() + 2));
            }
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }

}
