package syna.api;

import java.io.Serial;

/** A stored checksum does not match the data it guards. Immutable; thread-safe. */
public class ChecksumMismatchException extends SynaException {
    @Serial private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public ChecksumMismatchException(String message) {
        super(ErrorCode.CHECKSUM_MISMATCH, message);
    }

    /** An exception with the given message and cause. */
    public ChecksumMismatchException(String message, Throwable cause) {
        super(ErrorCode.CHECKSUM_MISMATCH, message, cause);
    }
}
