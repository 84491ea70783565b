package syna.api;

import java.io.Serial;

/** An argument is outside its documented bounds; the message names the bound and the value. Immutable; thread-safe. */
public class InvalidArgumentException extends SynaException {
    @Serial private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public InvalidArgumentException(String message) {
        super(ErrorCode.INVALID_ARGUMENT, message);
    }

    /** An exception with the given message and cause. */
    public InvalidArgumentException(String message, Throwable cause) {
        super(ErrorCode.INVALID_ARGUMENT, message, cause);
    }
}
