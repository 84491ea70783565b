package syna.cli.internal;

import syna.api.ErrorCode;

/**
 * Exit statuses of {@code syna}: 0 success, 1 unexpected failure, 2 bad usage, and
 * {@code 10 + |code|} for a {@link syna.api.SynaException} with {@link ErrorCode} {@code code}
 * (so key not found, code -5, exits 15, and a corrupt file, -7, exits 17). Thread-safe.
 */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** A failure that is not a Syna error (a bug, or an unexpected JDK exception). */
    public static final int FAILURE = 1;
    /** Unknown command or option, missing or malformed argument. */
    public static final int USAGE = 2;
    /** Offset added to the magnitude of an {@link ErrorCode}. */
    public static final int ERROR_CODE_BASE = 10;

    private ExitCodes() {}

    /** The exit status for a Syna error with {@code code}. */
    public static int of(ErrorCode code) {
        return ERROR_CODE_BASE + Math.abs(code.code());
    }

    /** The help footer that lists the exit statuses. */
    static String[] footer() {
        return new String[] {
            "",
            "Exit status: 0 ok, 1 unexpected failure, 2 bad usage, 10+|code| for a",
            "Syna error: " + of(ErrorCode.DATABASE_NOT_FOUND) + " database not found, " + of(ErrorCode.IO) + " I/O, "
                    + of(ErrorCode.SERIALIZATION) + " bad input data,",
            "  " + of(ErrorCode.KEY_NOT_FOUND) + " key not found, " + of(ErrorCode.TYPE_MISMATCH) + " type mismatch, "
                    + of(ErrorCode.CORRUPT_FILE) + " corrupt (or verify found problems),",
            "  " + of(ErrorCode.PROVIDER_NOT_FOUND) + " provider missing, " + of(ErrorCode.DATABASE_LOCKED)
                    + " database locked, " + of(ErrorCode.INVALID_ARGUMENT) + " invalid argument,",
            "  " + of(ErrorCode.INTERNAL) + " internal error.",
            "Add --verbose to any command to see the stack trace of an error."
        };
    }
}
