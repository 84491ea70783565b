package syna.mlops;

import java.io.Serial;
import syna.api.InvalidArgumentException;

/** Something was logged to, or asked of, a run that has already ended; the message names run and status. Thread-safe (immutable). */
public class RunEndedException extends InvalidArgumentException {
    @Serial private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public RunEndedException(String message) {
        super(message);
    }
}
