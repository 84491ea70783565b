package syna.api;

import java.io.Serial;

/** An I/O operation failed; the cause is the JDK's {@link java.io.IOException}. Immutable; thread-safe. */
public class SynaIOException extends SynaException {
    @Serial private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public SynaIOException(String message) {
        super(ErrorCode.IO, message);
    }

    /** An exception with the given message and cause. */
    public SynaIOException(String message, Throwable cause) {
        super(ErrorCode.IO, message, cause);
    }
}
