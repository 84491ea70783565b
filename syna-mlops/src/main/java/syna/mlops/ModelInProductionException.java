package syna.mlops;

import java.io.Serial;
import syna.api.InvalidArgumentException;

/**
 * {@link ModelRegistry#deleteModel(String)} was asked to delete a model that has a version in
 * Production; the message names the model and those versions. Move them to another stage first,
 * or call {@link ModelRegistry#deleteModel(String, boolean)} with {@code force}. Thread-safe (immutable).
 */
public class ModelInProductionException extends InvalidArgumentException {
    @Serial private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public ModelInProductionException(String message) {
        super(message);
    }
}
