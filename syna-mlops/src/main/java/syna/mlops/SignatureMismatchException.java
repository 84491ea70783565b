package syna.mlops;

import java.io.Serial;
import syna.api.ChecksumMismatchException;

/** A model version's Ed25519 signature is missing or does not verify with the expected key. Thread-safe (immutable). */
public class SignatureMismatchException extends ChecksumMismatchException {
    @Serial private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public SignatureMismatchException(String message) {
        super(message);
    }

    /** An exception with the given message and cause. */
    public SignatureMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
