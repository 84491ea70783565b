package syna.mlops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Printable reports for the {@code syna models …} and {@code syna runs …} commands: aligned text
 * tables, JSON and CSV, so the CLI only parses arguments and prints strings. Thread-safe (stateless).
 */
public final class MlopsReports {
    private MlopsReports() {}

    /** {@code syna models list}: one row per model with its latest version, Production version and aliases. */
    public static String models(ModelRegistry registry) {
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
    public static String versions(ModelRegistry registry, String model) {
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
    public static String history(ModelRegistry registry, String model) {
        List<List<String>> rows = new ArrayList<>();
        for (RegistryEvent e : registry.history(model)) {
            rows.add(List.of(e.time().toString(), Integer.toString(e.version()), e.kind().name(), e.subject(),
                    e.from(), e.to()));
        }
        return table(List.of("TIME", "VERSION", "EVENT", "SUBJECT", "FROM", "TO"), rows);
    }

    /** {@code syna runs list EXPERIMENT}: runs matching {@code query} with status, params and final metrics. */
    public static String runs(ExperimentTracker tracker, String experiment, RunQuery query) {
        Objects.requireNonNull(query, "query");
        List<List<String>> rows = new ArrayList<>();
        for (RunInfo r : tracker.existingExperiment(experiment).search(query)) {
            rows.add(List.of(r.id(), r.name(), r.status().name(), r.startTime().toString(),
                    new TreeMap<>(r.params()).toString(), new TreeMap<>(r.metrics()).toString()));
        }
        return table(List.of("RUN", "NAME", "STATUS", "STARTED", "PARAMS", "METRICS"), rows);
    }

    /** {@code syna runs compare ID...}: params and final metrics side by side. */
    public static String compare(ExperimentTracker tracker, List<String> runIds) {
        return tracker.compare(runIds).toText();
    }

    /** {@code syna runs export ID}: the run as JSON. */
    public static String runJson(ExperimentTracker tracker, String runId) {
        return tracker.runJson(runId);
    }

    /** {@code syna runs export --experiment NAME}: the experiment as JSON. */
    public static String experimentJson(ExperimentTracker tracker, String experiment) {
        return tracker.experimentJson(experiment);
    }

    /** {@code syna runs metrics ID}: every metric point as CSV. */
    public static String metricsCsv(ExperimentTracker tracker, String runId) {
        return tracker.metricsCsv(runId);
    }

    /** {@code header} and {@code rows} as a left-aligned text table, columns two spaces apart. */
    public static String table(List<String> header, List<List<String>> rows) {
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
