package syna.mlops;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import syna.api.Database;
import syna.api.Syna;
import syna.mlops.internal.Tracker;

/**
 * Experiments, runs, params, metrics and artifacts in a {@link Database}.
 *
 * <p>Metric points are appended to the histories of three keys (value, step, time) in one atomic
 * batch, and read back with {@link Database#historyAsDoubles(String)}: keep the database's history
 * (the default {@link syna.api.HistoryRetention#all()}) or metric series are cut at the next
 * compaction. Runs are found through maintained index keys read by point lookups: listing 10,000
 * runs never scans the key space.
 *
 * <p>Trackers over one {@code Database} object share locks and the cached status of runs, so a run
 * ended through one is ended for all. Thread-safe.
 */
public interface ExperimentTracker extends AutoCloseable {

    /** A tracker over {@code database}; closing it leaves the database open. */
    static ExperimentTracker open(Database database) {
        return new Tracker(database, false);
    }

    /**
     * Opens (creating if missing) the database in {@code dir} and a tracker that owns and closes it.
     * To use a registry and a tracker on one database, open the {@link Database} once and pass it to both.
     */
    static ExperimentTracker open(Path dir) {
        Database db = Syna.open(dir);
        try {
            return new Tracker(db, true);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** The database it stores into. */
    Database database();

    /** The experiment {@code name}, created if missing. */
    Experiment experiment(String name);

    /** The existing experiment {@code name}; {@link RunNotFoundException} if none. */
    Experiment existingExperiment(String name);

    /** Every experiment name, in creation order. */
    List<String> listExperiments();

    /** A handle to run {@code runId}; {@link RunNotFoundException} if unknown. */
    Run run(String runId);

    /** Run {@code runId} as stored now. */
    RunInfo runInfo(String runId);

    /** Every point of metric {@code key} of run {@code runId}. */
    MetricHistory metric(String runId, String key);

    /** Runs side by side: params and final metrics. */
    RunComparison compare(List<String> runIds);

    /** Artifact {@code name} of run {@code runId}, digest-checked. */
    byte[] artifact(String runId, String name);

    /** A digest-checked stream over artifact {@code name}. Not thread-safe; one per thread. */
    InputStream openArtifact(String runId, String name);

    /** Size, digest and generation of artifact {@code name} of run {@code runId}; {@link RunNotFoundException} if none. */
    ArtifactInfo artifactInfo(String runId, String name);

    /**
     * Running runs whose owner process is gone, in experiment and start order. A run records its
     * process (pid, start time, host) when it starts; a process that died without ending its run
     * (SIGKILL, a crash, power loss) leaves it Running in storage. Every read ({@link #runInfo},
     * {@link Experiment#listRuns()}, searches) reports such a run as {@link RunStatus#KILLED} with an
     * {@link RunInfo#error()} starting {@code "stale: "}, and logging to it throws
     * {@link RunEndedException}; this query lists them. Only owners on this host are judged; runs
     * recorded on another host, or before owners were recorded, keep their stored status. Reads every run.
     */
    List<RunInfo> staleRuns();

    /**
     * Stores the Killed status (with end time now and the {@code "stale: "} error) of every run
     * {@link #staleRuns()} lists, so it no longer depends on the process table; returns them.
     */
    List<RunInfo> endStaleRuns();

    /**
     * Deletes run {@code runId}: its record, params, tags, metric histories and artifacts, and its
     * place in the experiment. A run Running in a live process is refused with
     * {@link RunActiveException}. Crash-safe: one atomic write removes the record and index entry
     * (the run is gone at once), then metric and artifact keys are deleted; a crash in between leaves
     * them to the next tracker or registry opened writable on the database. Deleted keys keep their
     * bytes in the log until {@link ModelRegistry#reclaimDeletedBytes}. Returns whether it existed.
     */
    boolean deleteRun(String runId);

    /**
     * Deletes experiment {@code name} with every run (as {@link #deleteRun(String)}), in one atomic
     * commit; refused with {@link RunActiveException}, changing nothing, while one of its runs is
     * Running in a live process. Returns whether it existed.
     */
    boolean deleteExperiment(String name);

    /** Closes the tracker (and the database when it opened it); idempotent. */
    @Override
    void close();
}
