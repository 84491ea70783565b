package syna.mlops;

import java.io.Serial;
import syna.api.InvalidArgumentException;

/**
 * A param was logged again with another value (params are write-once, as in MLflow); the message
 * names the run, the key, the stored value and the rejected one. Thread-safe (immutable).
 */
public class ParamConflictException extends InvalidArgumentException {
    @Serial private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public ParamConflictException(String message) {
        super(message);
    }
}
