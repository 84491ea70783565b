package syna.mlops;

import java.io.Serial;
import syna.api.KeyNotFoundException;

/** The model, version, alias or Production version asked for does not exist; the message names the model. Thread-safe (immutable). */
public class ModelNotFoundException extends KeyNotFoundException {
    @Serial private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public ModelNotFoundException(String message) {
        super(message);
    }
}
