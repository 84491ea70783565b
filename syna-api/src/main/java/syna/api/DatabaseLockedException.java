package syna.api;

import java.io.Serial;

/** Another process or handle holds the database's file lock. Immutable; thread-safe. */
public class DatabaseLockedException extends SynaException {
    @Serial private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public DatabaseLockedException(String message) {
        super(ErrorCode.DATABASE_LOCKED, message);
    }

    /** An exception with the given message and cause. */
    public DatabaseLockedException(String message, Throwable cause) {
        super(ErrorCode.DATABASE_LOCKED, message, cause);
    }
}
