package syna.mlops.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import syna.api.store.Names;
import syna.api.Atom;
import syna.api.ClosedException;
import syna.api.Database;
import syna.api.KeySpace;
import syna.api.InvalidArgumentException;
import syna.api.SerializationException;
import syna.api.SynaIOException;
import syna.api.WriteBatch;
import syna.api.store.BlobInfo;
import syna.api.store.ChunkedBlobs;
import syna.mlops.ArtifactInfo;
import syna.mlops.Experiment;
import syna.mlops.ExperimentTracker;
import syna.mlops.MetricHistory;
import syna.mlops.Run;
import syna.mlops.RunBody;
import syna.mlops.RunActiveException;
import syna.mlops.RunComparison;
import syna.mlops.RunInfo;
import syna.mlops.RunNotFoundException;
import syna.mlops.RunQuery;
import syna.mlops.RunStatus;

/** The experiment tracker over one database; key layout in {@link RunKeys}. Thread-safe. */
public final class Tracker implements ExperimentTracker {
    private static final Pattern RUN_ID = Pattern.compile("[0-9a-f]{20}");

    private final Database database;
    /** Namespace {@value MlopsSpaces#TRACKER}, or the user keys of a format-1 database. */
    final KeySpace db;
    private final boolean ownsDatabase;
    private final ReentrantLock indexLock;
    private final ConcurrentHashMap<String, RunState> states;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A tracker over {@code db}; closes it on {@link #close()} when {@code ownsDatabase}. */
    public Tracker(Database db, boolean ownsDatabase) {
        if (db == null) {
            throw new InvalidArgumentException("database must not be null");
        }
        this.database = db;
        this.ownsDatabase = ownsDatabase;
        this.db = MlopsSpaces.tracker(db);
        MlopsSpaces.TrackerState state = this.db.attachment(MlopsSpaces.TrackerState.class,
                MlopsSpaces.TrackerState::new);
        this.indexLock = state.runIndexLock;
        this.states = state.runStates;
        Trash.finishPending(this.db, db.options().readOnly(), database.path().toString());
    }

    @Override
    public Database database() {
        return database;
    }

    void ensureOpen() {
        if (closed.get()) {
            throw new ClosedException("experiment tracker over " + database.path() + " is closed");
        }
    }

    Optional<String> text(String key) {
        return db.get(key).orElse(null) instanceof Atom.Text t ? Optional.of(t.value()) : Optional.empty();
    }

    // ---- experiments --------------------------------------------------------------------------

    @Override
    public Experiment experiment(String name) {
        ensureOpen();
        String e = RunKeys.experiment(name);
        if (!db.exists(e + "created")) {
            indexLock.lock();
            try {
                if (!db.exists(e + "created")) {
                    WriteBatch batch = WriteBatch.create();
                    batch.putInt(e + "created", System.currentTimeMillis());
                    IndexList.append(db, batch, RunKeys.EXPERIMENT_INDEX, name);
                    db.write(batch);
                }
            } finally {
                indexLock.unlock();
            }
        }
        return new ExperimentImpl(name);
    }

    @Override
    public Experiment existingExperiment(String name) {
        ensureOpen();
        if (!db.exists(RunKeys.experiment(name) + "created")) {
            throw new RunNotFoundException("experiment '" + name + "' does not exist in " + database.path());
        }
        return new ExperimentImpl(name);
    }

    @Override
    public List<String> listExperiments() {
        ensureOpen();
        return IndexList.read(db, RunKeys.EXPERIMENT_INDEX);
    }

    private final class ExperimentImpl implements Experiment {
        private final String name;

        ExperimentImpl(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Run startRun(String runName, Map<String, String> tags) {
            Names.check("run name", runName);
            Map<String, String> t = new TreeMap<>(tags);
            t.forEach((k, v) -> Names.check("run tag key", k));
            ensureOpen();
            long now = System.currentTimeMillis();
            indexLock.lock();
            try {
                String id;
                do {
                    id = String.format("%012x%08x", now, ThreadLocalRandom.current().nextInt());
                } while (db.exists(RunKeys.run(id) + "info") || Trash.mentions(db, id));
                Map<String, Object> info = new LinkedHashMap<>();
                info.put("id", id);
                info.put("experiment", name);
                info.put("name", runName);
                info.put("status", RunStatus.RUNNING.name());
                info.put("startTime", now);
                info.put("tags", t);
                info.put("params", Map.of());
                info.put("metrics", List.of());
                info.put("artifacts", List.of());
                info.put("owner", Owners.current());
                WriteBatch batch = WriteBatch.create();
                batch.putText(RunKeys.run(id) + "info", Json.write(info));
                IndexList.append(db, batch, RunKeys.experiment(name) + "runs/", id);
                db.write(batch);
                RunState s = new RunState(id, name, RunStatus.RUNNING);
                states.put(id, s);
                return new RunImpl(Tracker.this, s);
            } finally {
                indexLock.unlock();
            }
        }

        @Override
        public <E extends Exception> RunInfo run(String runName, Map<String, String> tags, RunBody<E> body) throws E {
            Objects.requireNonNull(body, "body");
            Run run = startRun(runName, tags);
            try {
                body.accept(run);
            } catch (Throwable t) {
                String msg = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
                try {
                    if (!states.get(run.id()).status.ended()) {
                        run.fail(msg);
                    }
                } catch (RuntimeException suppressed) {
                    t.addSuppressed(suppressed);
                }
                throw t;
            }
            run.close();
            return run.info();
        }

        @Override
        public List<RunInfo> listRuns() {
            ensureOpen();
            List<String> ids = IndexList.read(db, RunKeys.experiment(name) + "runs/");
            List<RunInfo> out = new ArrayList<>(ids.size());
            for (String id : ids) {
                readRun(id).ifPresent(out::add);
            }
            return out;
        }

        @Override
        public List<RunInfo> search(RunQuery q) {
            Objects.requireNonNull(q, "query");
            List<RunInfo> hits = new ArrayList<>();
            for (RunInfo r : listRuns()) {
                if (matches(r, q)) {
                    hits.add(r);
                }
            }
            Comparator<RunInfo> order;
            if (q.orderBy().isPresent()) {
                String key = q.orderBy().get();
                Comparator<Double> values = q.order() == RunQuery.SortOrder.ASCENDING
                        ? Comparator.naturalOrder() : Comparator.reverseOrder();
                order = Comparator.comparing((RunInfo r) -> r.metrics().get(key), Comparator.nullsLast(values));
            } else {
                order = Comparator.comparing(RunInfo::startTime).reversed();
            }
            hits.sort(order.thenComparing(RunInfo::id));
            return hits.size() > q.limit() ? List.copyOf(hits.subList(0, q.limit())) : hits;
        }

        @Override
        public String toString() {
            return "Experiment[" + name + "]";
        }
    }

    private static boolean matches(RunInfo r, RunQuery q) {
        if (!q.statuses().isEmpty() && !q.statuses().contains(r.status())) {
            return false;
        }
        for (Map.Entry<String, String> e : q.tags().entrySet()) {
            if (!e.getValue().equals(r.tags().get(e.getKey()))) {
                return false;
            }
        }
        for (Map.Entry<String, String> e : q.params().entrySet()) {
            if (!e.getValue().equals(r.params().get(e.getKey()))) {
                return false;
            }
        }
        for (RunQuery.MetricCondition c : q.metrics()) {
            Double v = r.metrics().get(c.key());
            if (v == null || !c.comparison().test(v, c.bound())) {
                return false;
            }
        }
        return true;
    }

    // ---- runs ---------------------------------------------------------------------------------

    static String checkRunId(String id) {
        Objects.requireNonNull(id, "run id");
        if (!RUN_ID.matcher(id).matches()) {
            throw new InvalidArgumentException("run id must be 20 lower-case hex digits, got '" + id + "'");
        }
        return id;
    }

    RunState state(String id) {
        checkRunId(id);
        RunState s = states.get(id);
        if (s != null) {
            return s;
        }
        Map<String, Object> info = info(id);
        RunState fresh = new RunState(id, (String) info.get("experiment"), effectiveStatus(info));
        fresh.metricKeys.addAll(Json.stringList(field(info, "metrics", "run " + id, List.class), "run " + id));
        RunState prior = states.putIfAbsent(id, fresh);
        return prior == null ? fresh : prior;
    }

    Map<String, Object> info(String id) {
        return text(RunKeys.run(checkRunId(id)) + "info").map(t -> Json.parseObject(t, "info of run " + id))
                .orElseThrow(() -> new RunNotFoundException("run " + id + " does not exist in " + database.path()));
    }

    @Override
    public Run run(String runId) {
        ensureOpen();
        return new RunImpl(this, state(runId));
    }

    @Override
    public RunInfo runInfo(String runId) {
        ensureOpen();
        return readRun(checkRunId(runId))
                .orElseThrow(() -> new RunNotFoundException("run " + runId + " does not exist in " + database.path()));
    }

    Optional<RunInfo> readRun(String id) {
        Optional<String> infoText = text(RunKeys.run(id) + "info");
        if (infoText.isEmpty()) {
            return Optional.empty();
        }
        String w = "run " + id;
        Map<String, Object> info = Json.parseObject(infoText.get(), w);
        Map<String, String> tags = Json.stringMap(field(info, "tags", w, Map.class), w);
        Map<String, String> params = Json.stringMap(field(info, "params", w, Map.class), w);
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String k : Json.stringList(field(info, "metrics", w, List.class), w)) {
            if (db.get(RunKeys.metric(id, k) + "v").orElse(null) instanceof Atom.Float64 f) {
                metrics.put(k, f.value());
            }
        }
        Object end = info.get("endTime");
        RunStatus stored = RunStatus.parse((String) info.get("status"));
        Optional<String> gone = stored == RunStatus.RUNNING ? Owners.gone(info) : Optional.empty();
        return Optional.of(new RunInfo(id, (String) info.get("experiment"), (String) info.get("name"),
                gone.isPresent() ? RunStatus.KILLED : stored,
                Instant.ofEpochMilli(((Number) info.get("startTime")).longValue()),
                end instanceof Number n ? Optional.of(Instant.ofEpochMilli(n.longValue())) : Optional.empty(),
                gone.map(why -> STALE + why).orElse((String) info.getOrDefault("error", "")), tags, params, metrics,
                Json.stringList(field(info, "artifacts", w, List.class), w)));
    }

    /** Start of the error text of a run reported Killed because its process is gone. */
    static final String STALE = "stale: ";

    /** The stored status, or KILLED for a Running run whose owner process is gone. */
    static RunStatus effectiveStatus(Map<String, Object> info) {
        RunStatus stored = RunStatus.parse((String) info.get("status"));
        return stored == RunStatus.RUNNING && Owners.gone(info).isPresent() ? RunStatus.KILLED : stored;
    }

    // ---- stale runs and deletes ---------------------------------------------------------------

    @Override
    public List<RunInfo> staleRuns() {
        ensureOpen();
        List<RunInfo> out = new ArrayList<>();
        for (String e : IndexList.read(db, RunKeys.EXPERIMENT_INDEX)) {
            for (String id : IndexList.read(db, RunKeys.experiment(e) + "runs/")) {
                Optional<String> t = text(RunKeys.run(id) + "info");
                if (t.isPresent()) {
                    Map<String, Object> info = Json.parseObject(t.get(), "run " + id);
                    if (RunStatus.RUNNING.name().equals(info.get("status")) && Owners.gone(info).isPresent()) {
                        readRun(id).ifPresent(out::add);
                    }
                }
            }
        }
        return out;
    }

    @Override
    public List<RunInfo> endStaleRuns() {
        List<RunInfo> ended = new ArrayList<>();
        for (RunInfo r : staleRuns()) {
            RunState s = state(r.id());
            s.lock.lock();
            try {
                Map<String, Object> info = new LinkedHashMap<>(info(r.id()));
                Optional<String> gone = Owners.gone(info);
                if (!RunStatus.RUNNING.name().equals(info.get("status")) || gone.isEmpty()) {
                    continue;
                }
                info.put("status", RunStatus.KILLED.name());
                info.put("endTime", System.currentTimeMillis());
                info.put("error", STALE + gone.get());
                db.putText(RunKeys.run(r.id()) + "info", Json.write(info));
                s.status = RunStatus.KILLED;
                ended.add(runInfo(r.id()));
            } finally {
                s.lock.unlock();
            }
        }
        return ended;
    }

    private RunActiveException active(String id, Map<String, Object> info) {
        return new RunActiveException("run " + id + " of experiment '" + info.get("experiment") + "' is Running in a live"
                + " process " + info.get("owner") + "; end or kill it before deleting it");
    }

    @Override
    public boolean deleteRun(String runId) {
        ensureOpen();
        checkRunId(runId);
        if (text(RunKeys.run(runId) + "info").isEmpty()) {
            return false;
        }
        RunState s = state(runId);
        s.lock.lock();
        try {
            Optional<String> t = text(RunKeys.run(runId) + "info");
            if (t.isEmpty()) {
                return false;
            }
            Map<String, Object> info = Json.parseObject(t.get(), "run " + runId);
            if (effectiveStatus(info) == RunStatus.RUNNING) {
                throw active(runId, info);
            }
            String experiment = field(info, "experiment", "run " + runId, String.class);
            WriteBatch batch = WriteBatch.create();
            Map<String, Object> run = deleteRunKeys(batch, runId, info);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("kind", "runs");
            item.put("runs", List.of(run));
            String id = "run/" + runId;
            indexLock.lock();
            try {
                IndexList.remove(db, batch, RunKeys.experiment(experiment) + "runs/", runId);
                Trash.commit(db, batch, id, item); // the commit point: the run is gone
            } finally {
                indexLock.unlock();
            }
            states.remove(runId);
            Trash.purge(db, item, database.path().toString());
            Trash.done(db, id);
            return true;
        } finally {
            s.lock.unlock();
        }
    }

    /** Adds the deletes of the run record and artifact manifests to {@code batch}; returns the purge item of the run. */
    private Map<String, Object> deleteRunKeys(WriteBatch batch, String runId, Map<String, Object> info) {
        Map<String, Object> run = Trash.runItem(this, runId, info);
        batch.delete(RunKeys.run(runId) + "info");
        for (Object a : ((Map<?, ?>) run.get("artifacts")).keySet()) {
            String mf = RunKeys.artifact(runId, (String) a) + "manifest";
            if (db.exists(mf)) {
                batch.delete(mf);
            }
        }
        return run;
    }

    @Override
    public boolean deleteExperiment(String name) {
        ensureOpen();
        String e = RunKeys.experiment(name);
        Map<String, Object> item = new LinkedHashMap<>();
        String id = "experiment/" + name + "/" + System.nanoTime();
        List<String> ids;
        // runs with handles in this process: hold their locks so no tag or param write lands after the commit
        List<RunState> held = new ArrayList<>();
        for (String runId : IndexList.read(db, e + "runs/")) {
            RunState cached = states.get(runId);
            if (cached != null) {
                cached.lock.lock();
                held.add(cached);
            }
        }
        indexLock.lock();
        try {
            if (!db.exists(e + "created")) {
                return false;
            }
            ids = IndexList.read(db, e + "runs/");
            WriteBatch batch = WriteBatch.create();
            List<Object> runs = new ArrayList<>();
            for (String runId : ids) {
                Optional<String> t = text(RunKeys.run(runId) + "info");
                if (t.isEmpty()) {
                    continue;
                }
                Map<String, Object> info = Json.parseObject(t.get(), "run " + runId);
                RunState cached = states.get(runId);
                if (effectiveStatus(info) == RunStatus.RUNNING || (cached != null && !cached.status.ended())) {
                    throw active(runId, info);
                }
                runs.add(deleteRunKeys(batch, runId, info));
            }
            batch.delete(e + "created");
            IndexList.clear(db, batch, e + "runs/");
            IndexList.remove(db, batch, RunKeys.EXPERIMENT_INDEX, name);
            item.put("kind", "runs");
            item.put("runs", runs);
            Trash.commit(db, batch, id, item); // the commit point: experiment and runs are gone
        } finally {
            indexLock.unlock();
            held.forEach(h -> h.lock.unlock());
        }
        ids.forEach(states::remove);
        Trash.purge(db, item, database.path().toString());
        Trash.done(db, id);
        return true;
    }

    /** Field {@code name} of a run record, which must have type {@code type}. */
    static <T> T field(Map<String, Object> info, String name, String what, Class<T> type) {
        Object v = info.get(name);
        if (!type.isInstance(v)) {
            throw new SerializationException(what + ": record field '" + name + "' is " + v + ", expected a "
                    + type.getSimpleName());
        }
        return type.cast(v);
    }

    @Override
    public MetricHistory metric(String runId, String key) {
        ensureOpen();
        RunState s = state(runId);
        if (!s.metricKeys.contains(key)) {
            throw new RunNotFoundException("run " + runId + " has no metric '" + key + "' (metrics: "
                    + new TreeSet<>(s.metricKeys) + ")");
        }
        String m = RunKeys.metric(runId, key);
        long[] steps = db.historyAsLongs(m + "s");
        double[] values = db.historyAsDoubles(m + "v");
        long[] times = db.historyAsLongs(m + "t");
        // a point being logged right now may have landed in one array and not yet in another
        int n = Math.min(steps.length, Math.min(values.length, times.length));
        if (n != values.length || n != steps.length || n != times.length) {
            steps = java.util.Arrays.copyOf(steps, n);
            values = java.util.Arrays.copyOf(values, n);
            times = java.util.Arrays.copyOf(times, n);
        }
        return new MetricHistory(runId, key, steps, values, times);
    }

    @Override
    public RunComparison compare(List<String> runIds) {
        ensureOpen();
        List<RunInfo> runs = new ArrayList<>();
        TreeSet<String> params = new TreeSet<>();
        TreeSet<String> metrics = new TreeSet<>();
        for (String id : runIds) {
            RunInfo r = runInfo(id);
            runs.add(r);
            params.addAll(r.params().keySet());
            metrics.addAll(r.metrics().keySet());
        }
        List<String> rows = new ArrayList<>();
        List<List<String>> cells = new ArrayList<>();
        for (String p : params) {
            rows.add("param:" + p);
            cells.add(runs.stream().map(r -> r.params().getOrDefault(p, "-")).toList());
        }
        for (String m : metrics) {
            rows.add("metric:" + m);
            cells.add(runs.stream().map(r -> r.metrics().containsKey(m) ? Double.toString(r.metrics().get(m)) : "-").toList());
        }
        return new RunComparison(runs, rows, cells);
    }

    // ---- artifacts ----------------------------------------------------------------------------

    Optional<ArtifactManifest> artifactManifest(String runId, String name) {
        return text(RunKeys.artifact(runId, name) + "manifest")
                .map(t -> ArtifactManifest.parse(t, "artifact '" + name + "' of run " + runId));
    }

    @Override
    public byte[] artifact(String runId, String name) {
        try (InputStream in = openArtifact(runId, name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new SynaIOException("reading artifact '" + name + "' of run " + runId + " failed", e);
        }
    }

    @Override
    public InputStream openArtifact(String runId, String name) {
        ensureOpen();
        checkRunId(runId);
        String w = "artifact '" + name + "' of run " + runId;
        ArtifactManifest mf = artifactManifest(runId, name).orElseThrow(() -> {
            info(runId);
            return new RunNotFoundException("run " + runId + " has no " + w.substring(0, w.indexOf(" of run")));
        });
        return ChunkedBlobs.open(db, RunKeys.artifact(runId, name) + mf.generation() + "/c/", mf.blob(),
                BlobFields.digestOf(mf.blob()), w);
    }

    @Override
    public ArtifactInfo artifactInfo(String runId, String name) {
        ensureOpen();
        checkRunId(runId);
        String w = "artifact '" + name + "' of run " + runId;
        ArtifactManifest mf = artifactManifest(runId, name).orElseThrow(
                () -> new RunNotFoundException(w + " does not exist in " + database.path()));
        BlobInfo b = mf.blob();
        return new ArtifactInfo(name, mf.generation(), b.size(), syna.mlops.DigestAlgorithm.ofLabel(b.algorithm()),
                b.digest());
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && ownsDatabase) {
            database.close();
        }
    }

    @Override
    public String toString() {
        return "ExperimentTracker[" + database.path() + "]";
    }
}
