package syna.mlops;

import java.io.Serial;
import syna.api.InvalidArgumentException;

/**
 * A delete was asked of a run (or of an experiment holding a run) that is Running in a live process;
 * the message names the run. End or kill it first; a run whose process is gone (see
 * {@link ExperimentTracker#staleRuns()}) counts as ended. Thread-safe (immutable).
 */
public class RunActiveException extends InvalidArgumentException {
    @Serial private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public RunActiveException(String message) {
        super(message);
    }
}
