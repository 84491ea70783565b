package syna.studio.internal;

/**
 * A request the API refuses before it reaches the database: an HTTP status, a code for the page and a
 * message for the user. Errors of the database itself are {@link syna.api.SynaException}s, mapped to a
 * status by {@link Errors}. Thread-safe (immutable).
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "BAD_REQUEST", message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "NOT_FOUND", message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
