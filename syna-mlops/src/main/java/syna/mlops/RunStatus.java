package syna.mlops;

import syna.api.InvalidArgumentException;

/** Status of a run; serialised by name: append only, never rename. Thread-safe. */
public enum RunStatus {
    /** Started and not ended. */
    RUNNING,
    /** Ended normally. */
    COMPLETED,
    /** Ended because its body threw; {@link RunInfo#error()} keeps the message. */
    FAILED,
    /** Ended on request before finishing. */
    KILLED;

    /** Whether the run has ended. */
    public boolean ended() {
        return this != RUNNING;
    }

    /** The status named {@code text}, ignoring case. */
    public static RunStatus parse(String text) {
        for (RunStatus s : values()) {
            if (s.name().equalsIgnoreCase(text)) {
                return s;
            }
        }
        throw new InvalidArgumentException("unknown run status '" + text + "'; expected RUNNING, COMPLETED, FAILED or KILLED");
    }
}
