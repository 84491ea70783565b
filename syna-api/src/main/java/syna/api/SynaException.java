package syna.api;

import java.io.Serial;

/**
 * Root of Syna's unchecked exception family. Every exception carries an {@link ErrorCode}; its
 * message says what failed and where (file, offset, key, provider), with the bound and the value.
 * Immutable; thread-safe.
 */
public class SynaException extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;

    /** An exception with the given code and message. */
    public SynaException(ErrorCode errorCode, String message) {
        super(message);
        this.errorCode = checkCode(errorCode);
    }

    /** An exception with the given code, message and cause. */
    public SynaException(ErrorCode errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = checkCode(errorCode);
    }

    private static ErrorCode checkCode(ErrorCode code) {
        if (code == null) {
            throw new InvalidArgumentException("error code of a SynaException must not be null");
        }
        return code;
    }

    /** The stable error code. */
    public ErrorCode errorCode() {
        return errorCode;
    }
}
