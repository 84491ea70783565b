package syna.tensor;

import java.io.Serial;
import syna.api.DimensionMismatchException;

/**
 * A tensor has another shape than the one asked for or than the tensors it goes with; the message
 * names both shapes and the tensors. A {@link DimensionMismatchException}, so code that handles
 * vector dimension errors handles these too.
 */
public class ShapeMismatchException extends DimensionMismatchException {
    @Serial private static final long serialVersionUID = 1L;

    private final transient Shape expected;
    private final transient Shape actual;

    /** {@code expected} was asked for or required, {@code actual} is what there is. */
    public ShapeMismatchException(String message, Shape expected, Shape actual) {
        super(message);
        this.expected = expected;
        this.actual = actual;
    }

    /** The shape asked for or required. */
    public Shape expected() {
        return expected;
    }

    /** The shape found. */
    public Shape actual() {
        return actual;
    }
}
