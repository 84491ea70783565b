package syna.bench.store;

import java.io.Serial;

/** A peer engine or the raw baseline failed; the message names the engine and the operation. */
public final class EngineException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** A failure of {@code engine} while doing {@code what}, with its cause. */
    public EngineException(String engine, String what, Throwable cause) {
        super(engine + ": " + what + " failed: " + cause, cause);
    }
}
