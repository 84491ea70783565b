package syna.faiss;

import java.io.Serial;
import syna.api.ErrorCode;
import syna.api.SynaException;

/**
 * FAISS (or the native shim around it) reported a failure: the message names Syna's operation and
 * carries FAISS's own text, e.g. {@code create 'IVF8,Flat' (dimension 4): Error in ... could not parse
 * index string}. Failures that have a closer type (a bad argument, use after close, I/O, an unsupported
 * operation) are thrown as that type instead.
 */
public class FaissException extends SynaException {
    @Serial private static final long serialVersionUID = 1L;

    private final int nativeStatus;

    /** An exception for the shim's status code {@code nativeStatus} with the given message. */
    public FaissException(int nativeStatus, String message) {
        super(ErrorCode.GENERIC, message);
        this.nativeStatus = nativeStatus;
    }

    /** The shim's status code (negative; see {@code syna_faiss.h}). */
    public int nativeStatus() {
        return nativeStatus;
    }
}
