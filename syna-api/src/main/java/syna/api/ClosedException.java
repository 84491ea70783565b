package syna.api;

import java.io.Serial;

/** The object was used after it was closed. Immutable; thread-safe. */
public class ClosedException extends SynaException {
    @Serial private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public ClosedException(String message) {
        super(ErrorCode.CLOSED, message);
    }

    /** An exception with the given message and cause. */
    public ClosedException(String message, Throwable cause) {
        super(ErrorCode.CLOSED, message, cause);
    }
}
