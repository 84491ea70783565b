package syna.tensor;

import java.io.Serial;
import syna.api.TypeMismatchException;

/**
 * A tensor has another dtype than the one a read, an adapter or a concatenation needs; the message
 * names the tensor and both dtypes. A {@link TypeMismatchException}.
 */
public class DTypeMismatchException extends TypeMismatchException {
    @Serial private static final long serialVersionUID = 1L;

    private final DType expected;
    private final DType actual;

    /** {@code expected} was needed, {@code actual} is what there is. */
    public DTypeMismatchException(String message, DType expected, DType actual) {
        super(message);
        this.expected = expected;
        this.actual = actual;
    }

    /** The dtype needed; may be the first of several acceptable ones. */
    public DType expected() {
        return expected;
    }

    /** The dtype found. */
    public DType actual() {
        return actual;
    }
}
