package syna.bench.store;

import java.io.Serial;

/** An engine cannot run on this machine or class path (no provider, no native library); the run skips it. */
public final class EngineUnavailableException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Why the engine is unavailable, with the cause. */
    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
