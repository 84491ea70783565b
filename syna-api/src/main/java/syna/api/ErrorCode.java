package syna.api;

/**
 * Stable numeric error codes, shared with the C ABI. Codes 1 to -100 are the original system's FFI
 * codes; new codes are appended and a code is never reused. Append only: never reorder.
 * Immutable; thread-safe.
 */
public enum ErrorCode {
    /** Operation succeeded (only used across the C ABI). */
    SUCCESS(1),
    /** A failure with no more specific code. */
    GENERIC(0),
    /** The database does not exist and was not to be created. */
    DATABASE_NOT_FOUND(-1),
    /** The path is not usable as a database location. */
    INVALID_PATH(-2),
    /** An I/O operation failed. */
    IO(-3),
    /** A value could not be encoded or decoded. */
    SERIALIZATION(-4),
    /** The key is not present. */
    KEY_NOT_FOUND(-5),
    /** The stored value has another type than the one asked for. */
    TYPE_MISMATCH(-6),
    /** Bytes on disk do not match what the format requires. */
    CORRUPT_FILE(-7),
    /** The file was written by a newer or unknown format version. */
    FORMAT_VERSION(-8),
    /** A provider (plugin) named by the caller or by a file is not available. */
    PROVIDER_NOT_FOUND(-9),
    /** A vector has another dimension than its collection or index. */
    DIMENSION_MISMATCH(-10),
    /** Another process (or another handle) holds the database's lock. */
    DATABASE_LOCKED(-11),
    /** An argument is out of its documented bounds. */
    INVALID_ARGUMENT(-12),
    /** The object was used after {@code close()}. */
    CLOSED(-13),
    /** A provider is present but broken, or two providers share a name. */
    PROVIDER_CONFIGURATION(-14),
    /** A stored checksum does not match the data (model registry, artifacts). */
    CHECKSUM_MISMATCH(-15),
    /** The operation is not supported by this provider. */
    UNSUPPORTED(-16),
    /** A bug: an invariant of Syna itself did not hold. */
    INTERNAL(-100);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    /** The stable integer code, as returned by the C ABI. */
    public int code() {
        return code;
    }

    /** The error code with the given integer value. */
    public static ErrorCode of(int code) {
        for (ErrorCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown Syna error code " + code);
    }
}
