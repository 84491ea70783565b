package syna.mlops.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import syna.api.store.Names;
import syna.api.SynaIOException;
import syna.api.WriteBatch;
import syna.api.store.BlobInfo;
import syna.api.store.ChunkedBlobs;
import syna.mlops.DigestAlgorithm;
import syna.mlops.ParamConflictException;
import syna.mlops.Run;
import syna.mlops.RunEndedException;
import syna.mlops.RunInfo;
import syna.mlops.RunStatus;

/** A handle to one run; state shared through the tracker's {@link RunState}. Thread-safe. */
final class RunImpl implements Run {
    private static final int ARTIFACT_CHUNK = 1 << 20;

    private final Tracker tracker;
    private final RunState state;

    RunImpl(Tracker tracker, RunState state) {
        this.tracker = tracker;
        this.state = state;
    }

    @Override
    public String id() {
        return state.id;
    }

    @Override
    public RunInfo info() {
        return tracker.runInfo(state.id);
    }

    private String key(String suffix) {
        return RunKeys.run(state.id) + suffix;
    }

    private void ensureRunning(String action) {
        tracker.ensureOpen();
        RunStatus s = state.status;
        if (s.ended()) {
            throw new RunEndedException("cannot " + action + ": run " + state.id + " of experiment '" + state.experiment
                    + "' has already ended with status " + s);
        }
    }

    @Override
    public void logParam(String key, String value) {
        Names.check("param key", key);
        Objects.requireNonNull(value, "param value");
        state.lock.lock();
        try {
            ensureRunning("log param '" + key + "'");
            Map<String, Object> info = new LinkedHashMap<>(tracker.info(state.id));
            Map<String, String> params = new TreeMap<>(Json.stringMap(info.get("params"), "params of run " + state.id));
            String old = params.get(key);
            if (old != null) {
                if (old.equals(value)) {
                    return;
                }
                throw new ParamConflictException("run " + state.id + ": param '" + key + "' is already '" + old
                        + "'; params are write-once, refusing '" + value + "'");
            }
            params.put(key, value);
            info.put("params", params);
            tracker.db.putText(key("info"), Json.write(info));
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public void logMetric(String key, double value, long step) {
        logMetric(key, value, step, System.currentTimeMillis());
    }

    @Override
    public void logMetric(String key, double value, long step, long timestampMillis) {
        String m = RunKeys.metric(state.id, key);
        ensureRunning("log metric '" + key + "'");
        WriteBatch batch = WriteBatch.create();
        batch.putFloat(m + "v", value);
        batch.putInt(m + "s", step);
        batch.putInt(m + "t", timestampMillis);
        if (state.metricKeys.contains(key)) {
            tracker.db.write(batch);
            return;
        }
        state.lock.lock();
        try {
            if (state.metricKeys.add(key)) {
                List<String> keys = new ArrayList<>(state.metricKeys);
                keys.sort(null);
                Map<String, Object> info = new LinkedHashMap<>(tracker.info(state.id));
                info.put("metrics", keys);
                batch.putText(key("info"), Json.write(info));
            }
            tracker.db.write(batch);
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public void setTag(String key, String value) {
        Names.check("run tag key", key);
        Objects.requireNonNull(value, "tag value");
        state.lock.lock();
        try {
            tracker.ensureOpen();
            Map<String, Object> info = new LinkedHashMap<>(tracker.info(state.id));
            Map<String, String> tags = new TreeMap<>(Json.stringMap(info.get("tags"), "tags of run " + state.id));
            tags.put(key, value);
            info.put("tags", tags);
            tracker.db.putText(key("info"), Json.write(info));
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public void logArtifact(String name, byte[] data) {
        logArtifact(name, new ByteArrayInputStream(data));
    }

    @Override
    public void logArtifact(String name, Path file) {
        Objects.requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file)) {
            logArtifact(name, in);
        } catch (IOException e) {
            throw new SynaIOException("logging artifact '" + name + "' of run " + state.id + " from " + file + " failed", e);
        }
    }

    @Override
    public void logArtifact(String name, InputStream data) {
        String base = RunKeys.artifact(state.id, name);
        Objects.requireNonNull(data, "data");
        state.lock.lock();
        try {
            ensureRunning("log artifact '" + name + "'");
            String w = "artifact '" + name + "' of run " + state.id;
            Optional<ArtifactManifest> old = tracker.artifactManifest(state.id, name);
            long gen = old.map(m -> m.generation() + 1).orElse(1L);
            BlobInfo s = ChunkedBlobs.write(tracker.db, base + gen + "/c/", data, ARTIFACT_CHUNK, BlobFields.digest(DigestAlgorithm.SHA_256), w);
            WriteBatch batch = WriteBatch.create();
            batch.putText(base + "manifest", new ArtifactManifest(gen, s).toJson());
            if (old.isEmpty()) {
                Map<String, Object> info = new LinkedHashMap<>(tracker.info(state.id));
                List<String> names = new ArrayList<>(Json.stringList(info.get("artifacts"), "artifacts of run " + state.id));
                names.add(name);
                info.put("artifacts", names);
                batch.putText(key("info"), Json.write(info));
            }
            tracker.db.write(batch);
            if (old.isPresent()) { // the new generation is committed: the old chunks can go
                ChunkedBlobs.deleteChunks(tracker.db, base + (gen - 1) + "/c/", 0);
            }
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public void end(RunStatus status) {
        Objects.requireNonNull(status, "status");
        if (status == RunStatus.RUNNING) {
            throw new syna.api.InvalidArgumentException("run " + state.id + " cannot end with status RUNNING");
        }
        finish(status, "");
    }

    @Override
    public void fail(String message) {
        finish(RunStatus.FAILED, Objects.requireNonNull(message, "message"));
    }

    private void finish(RunStatus status, String error) {
        state.lock.lock();
        try {
            ensureRunning("end it as " + status);
            Map<String, Object> info = new LinkedHashMap<>(tracker.info(state.id));
            info.put("status", status.name());
            info.put("endTime", System.currentTimeMillis());
            if (!error.isEmpty()) {
                info.put("error", error);
            }
            tracker.db.putText(key("info"), Json.write(info));
            state.status = status;
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public void close() {
        state.lock.lock();
        try {
            if (!state.status.ended()) {
                finish(RunStatus.COMPLETED, "");
            }
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Run[" + state.id + ", experiment=" + state.experiment + ", status=" + state.status + "]";
    }
}
