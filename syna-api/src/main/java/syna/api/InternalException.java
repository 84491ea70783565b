package syna.api;

import java.io.Serial;

/** A bug in Syna: an internal invariant did not hold. Immutable; thread-safe. */
public class InternalException extends SynaException {
    @Serial private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public InternalException(String message) {
        super(ErrorCode.INTERNAL, message);
    }

    /** An exception with the given message and cause. */
    public InternalException(String message, Throwable cause) {
        super(ErrorCode.INTERNAL, message, cause);
    }
}
