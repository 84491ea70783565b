package syna.mlops;

import java.io.Serial;
import syna.api.KeyNotFoundException;

/** The run, experiment, metric or artifact asked for does not exist; the message names it. Thread-safe (immutable). */
public class RunNotFoundException extends KeyNotFoundException {
    @Serial private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public RunNotFoundException(String message) {
        super(message);
    }
}
