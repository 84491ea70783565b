package syna.api;

import java.io.Serial;

/** The stored value has another type than the one asked for. Immutable; thread-safe. */
public class TypeMismatchException extends SynaException {
    @Serial private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public TypeMismatchException(String message) {
        super(ErrorCode.TYPE_MISMATCH, message);
    }

    /** An exception with the given message and cause. */
    public TypeMismatchException(String message, Throwable cause) {
        super(ErrorCode.TYPE_MISMATCH, message, cause);
    }
}
