package syna.faiss.internal.binding;

import syna.api.InvalidArgumentException;
import syna.api.SynaException;
import syna.api.SynaIOException;
import syna.api.UnsupportedFeatureException;
import syna.faiss.FaissException;

/** The shim's status codes ({@code SYNA_FAISS_*} in {@code syna_faiss.h}) and the exception each becomes. Thread-safe. */
final class Status {
    static final int OK = 0;
    static final int E_FAISS = -1;
    static final int E_ARGUMENT = -2;
    static final int E_NOMEM = -3;
    static final int E_IO = -4;
    static final int E_UNSUPPORTED = -5;
    static final int E_UNKNOWN = -6;

    private Status() {}

    /**
     * Throws for a failed call: {@code status} is what the shim returned, {@code operation} says what
     * Syna asked for (e.g. {@code "train 'IVF64,Flat'"}). Reads the shim's message for this thread, so call
     * it straight after the failing call, on the same thread. {@code ioCause} is the Java exception a write
     * callback caught, if any.
     */
    static void check(int status, String operation, Throwable ioCause) {
        if (status == OK) {
            return;
        }
        throw failure(status, operation + ": " + Shim.lastError(), ioCause);
    }

    static void check(int status, String operation) {
        check(status, operation, null);
    }

    static SynaException failure(int status, String message, Throwable ioCause) {
        return switch (status) {
            case E_ARGUMENT -> new InvalidArgumentException(message);
            case E_UNSUPPORTED -> new UnsupportedFeatureException(message);
            case E_IO -> ioCause != null ? new SynaIOException(message + ": " + ioCause, ioCause) : new SynaIOException(message);
            case E_NOMEM -> new FaissException(status, message);
            case E_FAISS, E_UNKNOWN -> new FaissException(status, message);
            default -> new FaissException(status, message + " (unknown shim status " + status + ")");
        };
    }
}
