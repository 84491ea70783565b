package syna.api;

import java.io.Serial;

/** A value could not be encoded or decoded. Immutable; thread-safe. */
public class SerializationException extends SynaException {
    @Serial private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public SerializationException(String message) {
        super(ErrorCode.SERIALIZATION, message);
    }

    /** An exception with the given message and cause. */
    public SerializationException(String message, Throwable cause) {
        super(ErrorCode.SERIALIZATION, message, cause);
    }
}
