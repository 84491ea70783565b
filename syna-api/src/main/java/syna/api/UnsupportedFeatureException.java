package syna.api;

import java.io.Serial;

/** The provider does not support this operation; see its capabilities. Immutable; thread-safe. */
public class UnsupportedFeatureException extends SynaException {
    @Serial private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public UnsupportedFeatureException(String message) {
        super(ErrorCode.UNSUPPORTED, message);
    }

    /** An exception with the given message and cause. */
    public UnsupportedFeatureException(String message, Throwable cause) {
        super(ErrorCode.UNSUPPORTED, message, cause);
    }
}
