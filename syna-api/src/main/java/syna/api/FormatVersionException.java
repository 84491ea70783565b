package syna.api;

import java.io.Serial;
import java.nio.file.Path;

/**
 * The file was written in a format version this code does not read: a newer Syna or plugin wrote
 * it. Upgrade the module named in the message.
 * Immutable; thread-safe.
 */
public class FormatVersionException extends SynaException {
    @Serial private static final long serialVersionUID = 1L;

    private final int found;
    private final int supported;

    /** {@code file} has format {@code found}; this code reads versions up to {@code supported}. */
    public FormatVersionException(Path file, String provider, int found, int supported) {
        super(
                ErrorCode.FORMAT_VERSION,
                "file " + file + " has format version " + found + " of provider '" + provider
                        + "'; this version reads up to " + supported
                        + ": open it with a newer release of the module that provides '" + provider + "'");
        this.found = found;
        this.supported = supported;
    }

    /** The version found in the file. */
    public int found() {
        return found;
    }

    /** The newest version this code reads. */
    public int supported() {
        return supported;
    }
}
