package syna.api;

import java.io.Serial;

/** The key is not present (or was deleted). Immutable; thread-safe. */
public class KeyNotFoundException extends SynaException {
    @Serial private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public KeyNotFoundException(String message) {
        super(ErrorCode.KEY_NOT_FOUND, message);
    }

    /** An exception with the given message and cause. */
    public KeyNotFoundException(String message, Throwable cause) {
        super(ErrorCode.KEY_NOT_FOUND, message, cause);
    }
}
