package syna.api;

import java.io.Serial;

/** The database does not exist and the options did not ask to create it. Immutable; thread-safe. */
public class DatabaseNotFoundException extends SynaException {
    @Serial private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public DatabaseNotFoundException(String message) {
        super(ErrorCode.DATABASE_NOT_FOUND, message);
    }

    /** An exception with the given message and cause. */
    public DatabaseNotFoundException(String message, Throwable cause) {
        super(ErrorCode.DATABASE_NOT_FOUND, message, cause);
    }
}
