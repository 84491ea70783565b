package syna.api;

import java.io.Serial;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Bytes on disk are not what the format requires: a bad magic, a CRC mismatch, a length out of
 * bounds. Names the file, the byte offset and what was expected. Never thrown for a torn tail that
 * recovery may truncate; always thrown for damage in the middle of a file.
 * Immutable; thread-safe.
 */
public class CorruptFileException extends SynaException {
    @Serial private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    /** Corruption found in {@code file} at byte {@code offset}; {@code problem} says what was expected. */
    public CorruptFileException(Path file, long offset, String problem) {
        super(ErrorCode.CORRUPT_FILE, message(file, offset, problem));
        this.file = file;
        this.offset = offset;
    }

    /** As {@link #CorruptFileException(Path, long, String)}, keeping the cause. */
    public CorruptFileException(Path file, long offset, String problem, Throwable cause) {
        super(ErrorCode.CORRUPT_FILE, message(file, offset, problem), cause);
        this.file = file;
        this.offset = offset;
    }

    private static String message(Path file, long offset, String problem) {
        return "corrupt file " + (file == null ? "<stream>" : file) + " at offset " + offset + ": " + problem;
    }

    /** The damaged file, when known. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** Byte offset of the damage in the file. */
    public long offset() {
        return offset;
    }
}
