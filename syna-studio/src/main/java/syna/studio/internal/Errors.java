package syna.studio.internal;

import syna.api.SynaException;

/**
 * Maps failures to the API's error responses {@code {"code":…,"message":…}}: never a stack trace. A
 * database error keeps its {@link syna.api.ErrorCode} name and message; anything else is an internal
 * error whose details go to the log only. Thread-safe (stateless).
 */
final class Errors {
    private Errors() {}

    /** The HTTP status for a database error. */
    static int status(SynaException e) {
        return switch (e.errorCode()) {
            case KEY_NOT_FOUND, DATABASE_NOT_FOUND -> 404;
            case INVALID_ARGUMENT, TYPE_MISMATCH, DIMENSION_MISMATCH, SERIALIZATION, INVALID_PATH -> 400;
            case UNSUPPORTED, DATABASE_LOCKED -> 409;
            case CLOSED -> 503;
            case PROVIDER_NOT_FOUND, PROVIDER_CONFIGURATION -> 501;
            default -> 500;
        };
    }
}
