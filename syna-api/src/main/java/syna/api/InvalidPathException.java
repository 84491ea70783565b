package syna.api;

import java.io.Serial;

/** The path cannot hold a database (not a directory, not writable, ...). Immutable; thread-safe. */
public class InvalidPathException extends SynaException {
    @Serial private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public InvalidPathException(String message) {
        super(ErrorCode.INVALID_PATH, message);
    }

    /** An exception with the given message and cause. */
    public InvalidPathException(String message, Throwable cause) {
        super(ErrorCode.INVALID_PATH, message, cause);
    }
}
