package syna.studio.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import syna.mlops.MetricHistory;
import syna.mlops.ModelRegistry;
import syna.mlops.ModelVersion;
import syna.mlops.ProductionPolicy;
import syna.mlops.RegistryEvent;
import syna.mlops.RunComparison;
import syna.mlops.RunInfo;
import syna.mlops.Stage;
import tools.jackson.core.JsonGenerator;

/**
 * The models and experiments API over {@code syna.mlops}: models with versions, stages, aliases, tags,
 * digests and events, and stage changes (token required); experiments, their runs with params and metrics,
 * metric histories and side-by-side comparisons. Thread-safe.
 */
final class MlopsApi {
    private static final int MAX_COMPARE = 20;

    private MlopsApi() {}

    static void register(Router r, StudioContext c) {
        r.get("/api/models", x -> models(x, c));
        r.get("/api/models/{name}", x -> model(x, c));
        r.post("/api/models/{name}/versions/{version}/stage", x -> stage(x, c));
        r.get("/api/experiments", x -> experiments(x, c));
        r.get("/api/experiments/{name}/runs", x -> runs(x, c));
        r.get("/api/runs/{id}", x -> run(x, c));
        r.get("/api/runs/{id}/metrics/{key}", x -> metric(x, c));
        r.get("/api/compare", x -> compare(x, c));
    }

    private static List<String> filter(List<String> names, String q) {
        String lq = q.toLowerCase(Locale.ROOT);
        return names.stream().filter(n -> n.toLowerCase(Locale.ROOT).contains(lq)).sorted().toList();
    }

    private static void models(Exchange x, StudioContext c) throws IOException {
        ModelRegistry reg = c.registry();
        List<String> names = filter(reg.listModels(), x.param("q", ""));
        Exchange.Page p = x.page();
        x.json(g -> {
            g.writeStartObject();
            g.writeNumberProperty("total", names.size());
            g.writeNumberProperty("offset", p.offset());
            g.writeArrayPropertyStart("items");
            for (String n : names.subList(Math.min(p.offset(), names.size()), p.end(names.size()))) {
                List<ModelVersion> vs = reg.listVersions(n);
                g.writeStartObject();
                g.writeStringProperty("name", n);
                g.writeNumberProperty("versions", vs.size());
                g.writeNumberProperty("latest", vs.isEmpty() ? 0 : vs.getLast().version());
                g.writeArrayPropertyStart("production");
                for (ModelVersion v : vs) {
                    if (v.stage() == Stage.PRODUCTION) {
                        g.writeNumber(v.version());
                    }
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void writeVersion(JsonGenerator g, ModelVersion v) {
        g.writeStartObject();
        g.writeNumberProperty("version", v.version());
        g.writeStringProperty("stage", v.stage().label());
        g.writeNumberProperty("sizeBytes", v.sizeBytes());
        g.writeNumberProperty("chunks", v.chunks());
        g.writeStringProperty("digestAlgorithm", v.digestAlgorithm().name());
        g.writeStringProperty("digest", v.digest());
        g.writeStringProperty("createdAt", v.createdAt().toString());
        g.writeBooleanProperty("signed", v.signed());
        g.writeStringProperty("runId", v.runId().orElse(""));
        writeMap(g, "metadata", v.metadata());
        writeMap(g, "tags", v.tags());
        g.writeEndObject();
    }

    private static void writeMap(JsonGenerator g, String name, Map<String, String> m) {
        g.writeObjectPropertyStart(name);
        m.forEach(g::writeStringProperty);
        g.writeEndObject();
    }

    private static void model(Exchange x, StudioContext c) throws IOException {
        String name = x.path("name");
        ModelRegistry reg = c.registry();
        List<ModelVersion> vs = reg.listVersions(name);
        Map<String, Integer> aliases = reg.aliases(name);
        Map<String, String> tags = reg.modelTags(name);
        List<RegistryEvent> events = reg.history(name);
        x.json(g -> {
            g.writeStartObject();
            g.writeStringProperty("name", name);
            g.writeArrayPropertyStart("versions");
            for (ModelVersion v : vs) {
                writeVersion(g, v);
            }
            g.writeEndArray();
            g.writeObjectPropertyStart("aliases");
            aliases.forEach(g::writeNumberProperty);
            g.writeEndObject();
            writeMap(g, "tags", tags);
            g.writeArrayPropertyStart("events");
            for (RegistryEvent e : events.reversed()) {
                g.writeStartObject();
                g.writeStringProperty("time", e.time().toString());
                g.writeNumberProperty("version", e.version());
                g.writeStringProperty("kind", e.kind().name());
                g.writeStringProperty("subject", e.subject());
                g.writeStringProperty("from", e.from());
                g.writeStringProperty("to", e.to());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void stage(Exchange x, StudioContext c) throws IOException {
        String name = x.path("name");
        int version;
        try {
            version = Integer.parseInt(x.path("version"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("version must be a number, got '" + x.path("version") + "'");
        }
        Stage stage = Stage.parse(x.required("stage"));
        String policyText = x.param("policy", "ARCHIVE_PREVIOUS");
        ProductionPolicy policy;
        try {
            policy = ProductionPolicy.valueOf(policyText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("policy must be ARCHIVE_PREVIOUS or KEEP_OTHERS, got '" + policyText + "'");
        }
        ModelVersion v = c.registry().setStage(name, version, stage, policy);
        x.json(g -> writeVersion(g, v));
    }

    private static void experiments(Exchange x, StudioContext c) throws IOException {
        var tracker = c.tracker();
        List<String> names = filter(tracker.listExperiments(), x.param("q", ""));
        Exchange.Page p = x.page();
        x.json(g -> {
            g.writeStartObject();
            g.writeNumberProperty("total", names.size());
            g.writeNumberProperty("offset", p.offset());
            g.writeArrayPropertyStart("items");
            for (String n : names.subList(Math.min(p.offset(), names.size()), p.end(names.size()))) {
                g.writeStartObject();
                g.writeStringProperty("name", n);
                g.writeNumberProperty("runs", tracker.existingExperiment(n).listRuns().size());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void writeRun(JsonGenerator g, RunInfo r) {
        g.writeStartObject();
        g.writeStringProperty("id", r.id());
        g.writeStringProperty("experiment", r.experiment());
        g.writeStringProperty("name", r.name());
        g.writeStringProperty("status", r.status().name());
        g.writeStringProperty("startTime", r.startTime().toString());
        g.writeStringProperty("endTime", r.endTime().map(Object::toString).orElse(""));
        g.writeStringProperty("error", r.error());
        writeMap(g, "tags", r.tags());
        writeMap(g, "params", r.params());
        g.writeObjectPropertyStart("metrics");
        r.metrics().forEach((k, v) -> {
            g.writeName(k);
            Json.number(g, v);
        });
        g.writeEndObject();
        g.writeArrayPropertyStart("artifacts");
        for (String a : r.artifacts()) {
            g.writeString(a);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void runs(Exchange x, StudioContext c) throws IOException {
        String name = x.path("name");
        String q = x.param("q", "").toLowerCase(Locale.ROOT);
        String status = x.param("status", "").toUpperCase(Locale.ROOT);
        List<RunInfo> runs = new ArrayList<>(c.tracker().existingExperiment(name).listRuns());
        runs.removeIf(r -> !(r.name().toLowerCase(Locale.ROOT).contains(q) || r.id().toLowerCase(Locale.ROOT).contains(q))
                || (!status.isEmpty() && !r.status().name().equals(status)));
        Exchange.Page p = x.page();
        x.json(g -> {
            g.writeStartObject();
            g.writeNumberProperty("total", runs.size());
            g.writeNumberProperty("offset", p.offset());
            g.writeArrayPropertyStart("items");
            for (RunInfo r : runs.subList(Math.min(p.offset(), runs.size()), p.end(runs.size()))) {
                writeRun(g, r);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void run(Exchange x, StudioContext c) throws IOException {
        RunInfo r = c.tracker().runInfo(x.path("id"));
        x.json(g -> writeRun(g, r));
    }

    private static void metric(Exchange x, StudioContext c) throws IOException {
        MetricHistory m = c.tracker().metric(x.path("id"), x.path("key"));
        long[] steps = m.steps();
        double[] values = m.values();
        KeysApi.Downsampled d = KeysApi.downsample(steps, values, x.intParam("points", 2_000, 2, KeysApi.MAX_SERIES_POINTS));
        x.json(g -> {
            g.writeStartObject();
            g.writeStringProperty("run", m.runId());
            g.writeStringProperty("key", m.key());
            g.writeNumberProperty("total", m.size());
            g.writeArrayPropertyStart("steps");
            for (long s : d.t()) {
                g.writeNumber(s);
            }
            g.writeEndArray();
            g.writeArrayPropertyStart("values");
            for (double v : d.v()) {
                Json.number(g, v);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void compare(Exchange x, StudioContext c) throws IOException {
        List<String> ids = Arrays.stream(x.required("runs").split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (ids.size() > MAX_COMPARE) {
            throw ApiException.badRequest("at most " + MAX_COMPARE + " runs can be compared, got " + ids.size());
        }
        RunComparison cmp = c.tracker().compare(ids);
        x.json(g -> {
            g.writeStartObject();
            g.writeArrayPropertyStart("runs");
            for (RunInfo r : cmp.runs()) {
                writeRun(g, r);
            }
            g.writeEndArray();
            g.writeArrayPropertyStart("rows");
            for (int i = 0; i < cmp.rowNames().size(); i++) {
                g.writeStartObject();
                g.writeStringProperty("name", cmp.rowNames().get(i));
                g.writeArrayPropertyStart("cells");
                for (String cell : cmp.cells().get(i)) {
                    g.writeString(cell);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }
}
