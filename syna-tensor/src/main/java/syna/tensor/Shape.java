package syna.tensor;

import java.util.Arrays;
import syna.api.InvalidArgumentException;

/**
 * The dimensions of a tensor, outermost first: {@code [rows, cols]}. Rank 0 (a scalar, one element)
 * up to {@value #MAX_RANK}; each dimension is {@code >= 0}; the element count must fit a
 * {@code long} of bytes at 8 bytes per element. Immutable. Thread-safe.
 */
public final class Shape {
    /** Highest rank stored (numpy 1.x's limit; numpy 2 and safetensors allow more, Syna refuses them). */
    public static final int MAX_RANK = 32;

    private static final Shape SCALAR = new Shape(new long[0]);

    private final long[] dims;
    private final long elements;

    private Shape(long[] dims) {
        if (dims.length > MAX_RANK) {
            throw new InvalidArgumentException("rank " + dims.length + " is above the highest rank " + MAX_RANK);
        }
        long n = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new InvalidArgumentException("dimension " + i + " of shape " + Arrays.toString(dims)
                        + " is negative");
            }
            try {
                n = Math.multiplyExact(n, dims[i]);
                Math.multiplyExact(n, 8L);
            } catch (ArithmeticException e) {
                throw new InvalidArgumentException("shape " + Arrays.toString(dims) + " has more elements than fit "
                        + Long.MAX_VALUE + " bytes", e);
            }
        }
        this.dims = dims;
        this.elements = n;
    }

    /** The shape with these dimensions (copied). */
    public static Shape of(long... dims) {
        if (dims == null) {
            throw new InvalidArgumentException("shape dimensions must not be null");
        }
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    /** The shape with these dimensions. */
    public static Shape of(int... dims) {
        if (dims == null) {
            throw new InvalidArgumentException("shape dimensions must not be null");
        }
        return of(Arrays.stream(dims).asLongStream().toArray());
    }

    /** The rank-0 shape of a scalar. */
    public static Shape scalar() {
        return SCALAR;
    }

    /** Number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** Dimension {@code i}, outermost first. */
    public long dim(int i) {
        if (i < 0 || i >= dims.length) {
            throw new InvalidArgumentException("dimension " + i + " of a rank-" + dims.length + " shape " + this);
        }
        return dims[i];
    }

    /** The dimensions (a copy). */
    public long[] dims() {
        return dims.clone();
    }

    /** Number of elements (1 for a scalar). */
    public long elements() {
        return elements;
    }

    /** Bytes of a packed tensor of {@code dtype} with this shape. */
    public long byteSize(DType dtype) {
        return elements * dtype.byteSize();
    }

    /** The shape without its first dimension: the shape of one row. A scalar has no rows. */
    public Shape rowShape() {
        if (dims.length == 0) {
            throw new InvalidArgumentException("a scalar (shape []) has no rows");
        }
        return of(Arrays.copyOfRange(dims, 1, dims.length));
    }

    /** {@code [n] ++ this}: the shape of {@code n} stacked tensors of this shape. */
    public Shape prepend(long n) {
        long[] d = new long[dims.length + 1];
        d[0] = n;
        System.arraycopy(dims, 0, d, 1, dims.length);
        return new Shape(d);
    }

    /** This shape with its first dimension replaced by {@code n}. */
    public Shape withRows(long n) {
        long[] d = dims();
        if (d.length == 0) {
            throw new InvalidArgumentException("a scalar (shape []) has no rows");
        }
        d[0] = n;
        return new Shape(d);
    }

    /** Packed row-major strides in bytes for {@code dtype}. */
    public long[] contiguousStrides(DType dtype) {
        long[] s = new long[dims.length];
        long acc = dtype.byteSize();
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= Math.max(1, dims[i]);
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** {@code [2, 3]}; a scalar is {@code []}. */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
