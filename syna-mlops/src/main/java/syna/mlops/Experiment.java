package syna.mlops;

import java.util.List;
import java.util.Map;

/** A named group of runs. Handles are cheap and stateless. Thread-safe. */
public interface Experiment {

    /** The experiment name. */
    String name();

    /** Starts a run with status Running. */
    Run startRun(String runName, Map<String, String> tags);

    /**
     * Runs {@code body} in a new run: Completed when it returns, Failed with the exception's message
     * when it throws (the exception is rethrown unchanged). Returns the run as ended.
     */
    <E extends Exception> RunInfo run(String runName, Map<String, String> tags, RunBody<E> body) throws E;

    /** As {@link #run(String, Map, RunBody)} without tags. */
    default <E extends Exception> RunInfo run(String runName, RunBody<E> body) throws E {
        return run(runName, Map.of(), body);
    }

    /** Every run, oldest first. */
    List<RunInfo> listRuns();

    /** The runs matching {@code query}, sorted and limited as it says. */
    List<RunInfo> search(RunQuery query);
}
