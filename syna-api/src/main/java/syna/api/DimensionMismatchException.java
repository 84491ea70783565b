package syna.api;

import java.io.Serial;

/** A vector has another dimension than its collection or index. Immutable; thread-safe. */
public class DimensionMismatchException extends SynaException {
    @Serial private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public DimensionMismatchException(String message) {
        super(ErrorCode.DIMENSION_MISMATCH, message);
    }

    /** An exception with the given message and cause. */
    public DimensionMismatchException(String message, Throwable cause) {
        super(ErrorCode.DIMENSION_MISMATCH, message, cause);
    }
}
