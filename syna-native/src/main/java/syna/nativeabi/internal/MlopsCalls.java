package syna.nativeabi.internal;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import syna.api.Database;
import syna.api.ErrorCode;
import syna.api.InvalidArgumentException;
import syna.api.SerializationException;
import syna.mlops.ExperimentTracker;
import syna.mlops.LoadedModel;
import syna.mlops.MetricHistory;
import syna.mlops.ModelRegistry;
import syna.mlops.ModelVersion;
import syna.mlops.Run;
import syna.mlops.RunInfo;
import syna.mlops.RunStatus;
import syna.mlops.Stage;

/**
 * The model registry and experiment tracker functions of the C ABI: registries and trackers are handles whose
 * parent is their database, runs handles whose parent is their tracker. Thread-safe (they are).
 */
@SuppressWarnings("restricted") // C pointers are this module's purpose (--enable-native-access=syna.nativeabi)
final class MlopsCalls {
    private static final int OK = ErrorCode.SUCCESS.code();

    private MlopsCalls() {}

    private static String str(MemorySegment p, String what) {
        return Native.string(p, what, ErrorCode.INVALID_ARGUMENT);
    }

    // ---- registry ------------------------------------------------------------------------------------------

    static int modelRegistryOpen(long db, MemorySegment out) {
        MemorySegment o = Native.out(out, 8, "out_registry");
        Database d = Handles.database(db);
        o.set(JAVA_LONG, 0, Handles.add(ModelRegistry.open(d), db, "model registry"));
        return OK;
    }

    private static ModelRegistry registry(long h) {
        return Handles.get(h, ModelRegistry.class, "model registry");
    }

    static int modelSave(long h, MemorySegment name, MemorySegment data, long len, MemorySegment metadata,
            MemorySegment outVersion) {
        ModelRegistry r = registry(h);
        String n = str(name, "model name");
        if (len < 0 || len > Integer.MAX_VALUE - 8 || (len > 0 && Native.isNull(data))) {
            throw new InvalidArgumentException("model '" + n + "': data is NULL or len " + len + " is out of range");
        }
        byte[] bytes = len == 0 ? new byte[0] : data.reinterpret(len).toArray(JAVA_BYTE);
        Map<String, String> meta = Native.isNull(metadata) ? Map.of()
                : strings(str(metadata, "metadata_json"), "metadata of model '" + n + "'");
        ModelVersion v = r.save(n, bytes, meta);
        if (!Native.isNull(outVersion)) {
            outVersion.reinterpret(4).set(JAVA_INT, 0, v.version());
        }
        return OK;
    }

    static int modelLoad(long h, MemorySegment name, int version, MemorySegment out, MemorySegment outLen,
            MemorySegment outInfo) {
        MemorySegment o = Native.out(out, 8, "out");
        MemorySegment l = Native.out(outLen, 8, "out_len");
        ModelRegistry r = registry(h);
        String n = str(name, "model name");
        LoadedModel m = switch (version) {
            case 0 -> r.load(n);
            case -1 -> r.loadProduction(n);
            default -> r.load(n, version);
        };
        byte[] bytes = m.data();
        MemorySegment c = Native.malloc(bytes.length);
        MemorySegment.copy(bytes, 0, c, JAVA_BYTE, 0, bytes.length);
        if (!Native.isNull(outInfo)) {
            Native.setPointer(outInfo.reinterpret(8), Native.cString(Json.write(version(m.version()))));
        }
        l.set(JAVA_LONG, 0, bytes.length);
        Native.setPointer(o, c);
        return OK;
    }

    static int modelList(long h, MemorySegment name, MemorySegment out) {
        MemorySegment o = Native.out(out, 8, "out_json");
        ModelRegistry r = registry(h);
        Object result;
        if (Native.isNull(name)) {
            result = r.listModels();
        } else {
            List<Object> versions = new ArrayList<>();
            for (ModelVersion v : r.listVersions(str(name, "model name"))) {
                versions.add(version(v));
            }
            result = versions;
        }
        Native.setPointer(o, Native.cString(Json.write(result)));
        return OK;
    }

    static int modelSetStage(long h, MemorySegment name, int version, MemorySegment stage) {
        registry(h).setStage(str(name, "model name"), version, Stage.parse(str(stage, "stage")));
        return OK;
    }

    private static Map<String, Object> version(ModelVersion v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", v.model());
        m.put("version", v.version());
        m.put("size_bytes", v.sizeBytes());
        m.put("digest_algorithm", v.digestAlgorithm().toString());
        m.put("digest", v.digest());
        m.put("created_at", v.createdAt().toString());
        m.put("stage", v.stage().label());
        m.put("metadata", v.metadata());
        m.put("tags", v.tags());
        m.put("run_id", v.runId().orElse(null));
        return m;
    }

    // ---- tracker -------------------------------------------------------------------------------------------

    static int expTrackerOpen(long db, MemorySegment out) {
        MemorySegment o = Native.out(out, 8, "out_tracker");
        Database d = Handles.database(db);
        o.set(JAVA_LONG, 0, Handles.add(ExperimentTracker.open(d), db, "experiment tracker"));
        return OK;
    }

    private static ExperimentTracker tracker(long h) {
        return Handles.get(h, ExperimentTracker.class, "experiment tracker");
    }

    private static Run run(long h) {
        return Handles.get(h, Run.class, "run");
    }

    static int expStartRun(long h, MemorySegment experiment, MemorySegment runName, MemorySegment tags,
            MemorySegment outRun, MemorySegment outRunId) {
        MemorySegment o = Native.out(outRun, 8, "out_run");
        ExperimentTracker t = tracker(h);
        String e = str(experiment, "experiment");
        String n = Native.stringOr(runName, "run_name", "");
        Map<String, String> tagMap = Native.isNull(tags) ? Map.of() : strings(str(tags, "tags_json"), "tags");
        Run run = t.experiment(e).startRun(n, tagMap);
        long rh = Handles.add(run, h, "run");
        if (!Native.isNull(outRunId)) {
            Native.setPointer(outRunId.reinterpret(8), Native.cString(run.id()));
        }
        o.set(JAVA_LONG, 0, rh);
        return OK;
    }

    static int expLogParam(long h, MemorySegment key, MemorySegment value) {
        run(h).logParam(str(key, "param key"), str(value, "param value"));
        return OK;
    }

    static int expLogMetric(long h, MemorySegment key, double value, long step) {
        run(h).logMetric(str(key, "metric key"), value, step);
        return OK;
    }

    static int expLogArtifact(long h, MemorySegment name, MemorySegment data, long len) {
        String n = str(name, "artifact name");
        if (len < 0 || len > Integer.MAX_VALUE - 8 || (len > 0 && Native.isNull(data))) {
            throw new InvalidArgumentException("artifact '" + n + "': data is NULL or len " + len + " is out of range");
        }
        run(h).logArtifact(n, len == 0 ? new byte[0] : data.reinterpret(len).toArray(JAVA_BYTE));
        return OK;
    }

    static int expEndRun(long h, MemorySegment status, MemorySegment message) {
        Run r = run(h);
        RunStatus s = RunStatus.parse(str(status, "status"));
        if (s == RunStatus.FAILED && !Native.isNull(message)) {
            r.fail(str(message, "message"));
        } else {
            r.end(s);
        }
        Handles.close(h);
        return OK;
    }

    static int expRunInfo(long h, MemorySegment runId, MemorySegment out) {
        MemorySegment o = Native.out(out, 8, "out_json");
        RunInfo info = tracker(h).runInfo(str(runId, "run id"));
        Native.setPointer(o, Native.cString(Json.write(info(info))));
        return OK;
    }

    static int expGetMetric(long h, MemorySegment runId, MemorySegment key, MemorySegment outSteps,
            MemorySegment outValues, MemorySegment outLen) {
        MemorySegment s = Native.out(outSteps, 8, "out_steps");
        MemorySegment v = Native.out(outValues, 8, "out_values");
        MemorySegment l = Native.out(outLen, 8, "out_len");
        MetricHistory m = tracker(h).metric(str(runId, "run id"), str(key, "metric key"));
        long[] steps = m.steps();
        double[] values = m.values();
        MemorySegment cs = MemorySegment.NULL;
        MemorySegment cv = MemorySegment.NULL;
        if (steps.length > 0) {
            cs = Native.malloc(steps.length * 8L);
            MemorySegment.copy(steps, 0, cs, JAVA_LONG, 0, steps.length);
            try {
                cv = Native.malloc(values.length * 8L);
            } catch (RuntimeException e) {
                Native.free(cs);
                throw e;
            }
            MemorySegment.copy(values, 0, cv, java.lang.foreign.ValueLayout.JAVA_DOUBLE, 0, values.length);
        }
        l.set(JAVA_LONG, 0, steps.length);
        Native.setPointer(s, cs);
        Native.setPointer(v, cv);
        return OK;
    }

    static int expListRuns(long h, MemorySegment experiment, MemorySegment out) {
        MemorySegment o = Native.out(out, 8, "out_json");
        List<Object> runs = new ArrayList<>();
        for (RunInfo i : tracker(h).existingExperiment(str(experiment, "experiment")).listRuns()) {
            runs.add(info(i));
        }
        Native.setPointer(o, Native.cString(Json.write(runs)));
        return OK;
    }

    private static Map<String, Object> info(RunInfo i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("experiment", i.experiment());
        m.put("name", i.name());
        m.put("status", VectorCalls.lower(i.status()));
        m.put("start_time", i.startTime().toString());
        m.put("end_time", i.endTime().map(Object::toString).orElse(null));
        m.put("error", i.error());
        m.put("tags", i.tags());
        m.put("params", i.params());
        m.put("metrics", i.metrics());
        m.put("artifacts", i.artifacts());
        return m;
    }

    /** A JSON object whose values are all strings (numbers and booleans are turned into their text). */
    static Map<String, String> strings(String json, String what) {
        if (!(Json.parse(json, what) instanceof Map<?, ?> m)) {
            throw new SerializationException(what + " must be a JSON object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Object v = e.getValue();
            if (v == null || v instanceof Map || v instanceof List) {
                throw new SerializationException(what + "." + e.getKey() + " must be a string, number or boolean");
            }
            out.put((String) e.getKey(), v.toString());
        }
        return out;
    }
}
