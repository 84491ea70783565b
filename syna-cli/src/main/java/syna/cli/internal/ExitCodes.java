package syna.cli.internal;

import syna.api.ErrorCode;

/**
 * Exit statuses of {@code syna}: 0 success, 1 unexpected failure, 2 bad usage, and
 * {@code 10 + |code|} for a {@link syna.api.SynaException} with {@link ErrorCode} {@code code}
 * (so key not found, code -5, exits 15, and a corrupt file, -7, exits 17); {@link #meanings()} lists
 * every one. Thread-safe.
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

    /** What each exit status means, in order: the help footer and {@code docs/cli.md} list exactly these. */
    static java.util.SequencedMap<Integer, String> meanings() {
        java.util.SequencedMap<Integer, String> m = new java.util.LinkedHashMap<>();
        m.put(OK, "ok");
        m.put(FAILURE, "unexpected failure (a bug: run again with --verbose and report it)");
        m.put(USAGE, "bad usage: unknown command or option, missing or malformed argument");
        for (ErrorCode c : ErrorCode.values()) {
            if (c != ErrorCode.SUCCESS) {
                m.put(of(c), describe(c));
            }
        }
        return m;
    }

    /** The meaning of the exit status of a Syna error with {@code code}. */
    static String describe(ErrorCode code) {
        return switch (code) {
            case SUCCESS -> "ok";
            case GENERIC -> "Syna error without a more specific code";
            case DATABASE_NOT_FOUND -> "database not found";
            case INVALID_PATH -> "path not usable as a database (a file, or not creatable)";
            case IO -> "I/O error";
            case SERIALIZATION -> "bad input data (import file, stored value that does not decode)";
            case KEY_NOT_FOUND -> "key not found";
            case TYPE_MISMATCH -> "type mismatch";
            case CORRUPT_FILE -> "corrupt file (or verify found problems)";
            case FORMAT_VERSION -> "file written by a newer format version";
            case PROVIDER_NOT_FOUND -> "provider (plugin module) missing";
            case DIMENSION_MISMATCH -> "vector dimension mismatch";
            case DATABASE_LOCKED -> "database locked by another process";
            case INVALID_ARGUMENT -> "invalid argument (out of bounds, or refused)";
            case CLOSED -> "used after close";
            case PROVIDER_CONFIGURATION -> "provider broken or two with one name";
            case CHECKSUM_MISMATCH -> "checksum mismatch (model registry, artifacts)";
            case UNSUPPORTED -> "not supported (for example a write to a read-only database)";
            case INTERNAL -> "internal error (a bug in Syna)";
        };
    }

    /** The help footer that lists the exit statuses. */
    static String[] footer() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        lines.add("");
        lines.add("Exit status:");
        meanings().forEach((status, what) -> lines.add(String.format(java.util.Locale.ROOT, "  %3d  %s", status, what)));
        lines.add("Add --verbose to any command to see the stack trace of an error.");
        return lines.toArray(String[]::new);
    }
}
