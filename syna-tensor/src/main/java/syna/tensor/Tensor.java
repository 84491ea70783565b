package syna.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import syna.api.ClosedException;
import syna.api.InvalidArgumentException;

/**
 * An n-dimensional array: a read-only {@link MemorySegment} with a {@link DType}, a {@link Shape}
 * and byte strides. Elements are little-endian; a tensor read from a {@link TensorEngine} or made
 * by the factories here is packed in row-major order ({@link #isContiguous()}), and views
 * ({@link #slice}, {@link #transpose}, {@link #reshape}) share its memory without copying.
 *
 * <p>The segment is handed out as is ({@link #segment()}): zero-copy to native code, a GPU, or a DJL
 * {@code NDArray}. The array adapters ({@link #toFloatArray()}, {@link #toDoubleArray()},
 * {@link #toLongArray()}) copy, widening where the dtype allows and throwing
 * {@link DTypeMismatchException} where it does not.
 *
 * <p>A tensor that owns its memory frees it on {@link #close()} (idempotent); views and tensors that
 * {@link #wrap} a caller's segment own nothing. After the owner is closed, every method of it and of
 * its views throws {@link ClosedException}; a segment taken from it earlier throws
 * {@link IllegalStateException} from the FFM API. Memory is allocated in shared arenas, so any thread
 * may read and close. Thread-safe (immutable; close once).
 */
public final class Tensor implements AutoCloseable {
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Alignment of the memory the factories allocate: enough for any SIMD load or a DJL buffer. */
    private static final long ALIGN = 64;

    /** What owns the memory: closed once, seen by every view. */
    private static final class Owner {
        private final Arena arena;
        private volatile boolean closed;

        Owner(Arena arena) {
            this.arena = arena;
        }
    }

    private final DType dtype;
    private final Shape shape;
    private final long[] strides;
    private final MemorySegment data;
    private final Owner owner;
    private final boolean owns;

    private Tensor(DType dtype, Shape shape, long[] strides, MemorySegment data, Owner owner, boolean owns) {
        this.dtype = dtype;
        this.shape = shape;
        this.strides = strides;
        this.data = data;
        this.owner = owner;
        this.owns = owns;
    }

    // ---- factories ---------------------------------------------------------------------------

    /**
     * A tensor over {@code data} without copying it: the caller keeps the memory alive and frees it;
     * {@link #close()} frees nothing. {@code data} must hold at least {@code shape.byteSize(dtype)}
     * bytes, little-endian, packed row-major.
     */
    public static Tensor wrap(DType dtype, Shape shape, MemorySegment data) {
        checkArgs(dtype, shape, data);
        return new Tensor(dtype, shape, shape.contiguousStrides(dtype),
                data.asSlice(0, shape.byteSize(dtype)).asReadOnly(), new Owner(null), false);
    }

    /**
     * A tensor that takes over {@code arena}: {@code data} (memory of {@code arena}, as
     * {@link #wrap}) stays valid until {@link #close()}, which closes {@code arena}.
     */
    public static Tensor owning(DType dtype, Shape shape, MemorySegment data, Arena arena) {
        checkArgs(dtype, shape, data);
        if (arena == null) {
            throw new InvalidArgumentException("arena of an owning tensor must not be null");
        }
        return new Tensor(dtype, shape, shape.contiguousStrides(dtype),
                data.asSlice(0, shape.byteSize(dtype)).asReadOnly(), new Owner(arena), true);
    }

    /** A tensor with its own copy of the first {@code shape.byteSize(dtype)} bytes of {@code data}. */
    public static Tensor copyOf(DType dtype, Shape shape, MemorySegment data) {
        checkArgs(dtype, shape, data);
        Arena arena = Arena.ofShared();
        MemorySegment seg = allocate(arena, shape.byteSize(dtype));
        MemorySegment.copy(data, 0, seg, 0, seg.byteSize());
        return owning(dtype, shape, seg, arena);
    }

    /** A 1-D f32 tensor of {@code values} (copied). */
    public static Tensor ofFloats(float... values) {
        notNull(values, "values");
        return fromFloats(DType.F32, Shape.of(values.length), values);
    }

    /** A 1-D f64 tensor of {@code values} (copied). */
    public static Tensor ofDoubles(double... values) {
        notNull(values, "values");
        return fromDoubles(DType.F64, Shape.of(values.length), values);
    }

    /** A 1-D i64 tensor of {@code values} (copied). */
    public static Tensor ofLongs(long... values) {
        notNull(values, "values");
        return fromLongs(DType.I64, Shape.of(values.length), values);
    }

    /** A 1-D i32 tensor of {@code values} (copied). */
    public static Tensor ofInts(int... values) {
        notNull(values, "values");
        return fromLongs(DType.I32, Shape.of(values.length), Arrays.stream(values).asLongStream().toArray());
    }

    /** A bool tensor of {@code shape} from {@code values}. */
    public static Tensor ofBooleans(Shape shape, boolean... values) {
        notNull(values, "values");
        long[] l = new long[values.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = values[i] ? 1 : 0;
        }
        return fromLongs(DType.BOOL, shape, l);
    }

    /**
     * A tensor of floating-point {@code dtype} and {@code shape} from {@code values}, rounded to
     * nearest even for f16 and bf16.
     */
    public static Tensor fromFloats(DType dtype, Shape shape, float... values) {
        notNull(values, "values");
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return fromDoubles(dtype, shape, d);
    }

    /** A tensor of floating-point {@code dtype} and {@code shape} from {@code values}, rounded to the dtype. */
    public static Tensor fromDoubles(DType dtype, Shape shape, double... values) {
        notNull(values, "values");
        checkCount(dtype, shape, values.length);
        if (!dtype.isFloatingPoint()) {
            throw new DTypeMismatchException("fromDoubles makes floating-point tensors, not " + dtype.label(), DType.F64,
                    dtype);
        }
        Arena arena = Arena.ofShared();
        MemorySegment seg = allocate(arena, shape.byteSize(dtype));
        for (int i = 0; i < values.length; i++) {
            Elements.setDouble(seg, dtype, (long) i * dtype.byteSize(), values[i]);
        }
        return owning(dtype, shape, seg, arena);
    }

    /**
     * A tensor of integral {@code dtype} (or bool) and {@code shape} from {@code values}; a value out
     * of the dtype's range (or other than 0 and 1 for bool) throws {@link InvalidArgumentException}.
     */
    public static Tensor fromLongs(DType dtype, Shape shape, long... values) {
        notNull(values, "values");
        checkCount(dtype, shape, values.length);
        if (!dtype.isIntegral()) {
            throw new DTypeMismatchException("fromLongs makes integral tensors, not " + dtype.label(), DType.I64, dtype);
        }
        Arena arena = Arena.ofShared();
        MemorySegment seg = allocate(arena, shape.byteSize(dtype));
        try {
            for (int i = 0; i < values.length; i++) {
                Elements.setLong(seg, dtype, (long) i * dtype.byteSize(), values[i], i);
            }
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
        return owning(dtype, shape, seg, arena);
    }

    private static MemorySegment allocate(Arena arena, long bytes) {
        return arena.allocate(Math.max(1, bytes), ALIGN).asSlice(0, bytes);
    }

    private static void checkArgs(DType dtype, Shape shape, MemorySegment data) {
        if (dtype == null || shape == null || data == null) {
            throw new InvalidArgumentException("tensor " + (dtype == null ? "dtype" : shape == null ? "shape" : "data")
                    + " must not be null");
        }
        if (data.byteSize() < shape.byteSize(dtype)) {
            throw new InvalidArgumentException("segment of " + data.byteSize() + " bytes is too small for a "
                    + dtype.label() + " tensor of shape " + shape + " (" + shape.byteSize(dtype) + " bytes)");
        }
    }

    private static void checkCount(DType dtype, Shape shape, int n) {
        if (dtype == null || shape == null) {
            throw new InvalidArgumentException("tensor " + (dtype == null ? "dtype" : "shape") + " must not be null");
        }
        if (shape.elements() != n) {
            throw new ShapeMismatchException(n + " values do not fill shape " + shape + " (" + shape.elements()
                    + " elements)", shape, Shape.of(n));
        }
    }

    private static void notNull(Object o, String what) {
        if (o == null) {
            throw new InvalidArgumentException(what + " must not be null");
        }
    }

    // ---- accessors ---------------------------------------------------------------------------

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** The shape. */
    public Shape shape() {
        return shape;
    }

    /** Byte strides, one a dimension (a copy); packed row-major for a contiguous tensor. */
    public long[] strides() {
        return strides.clone();
    }

    /** Number of elements. */
    public long elements() {
        return shape.elements();
    }

    /** Bytes of the elements when packed: elements times the dtype's size. */
    public long byteSize() {
        return shape.byteSize(dtype);
    }

    /** Whether the elements are packed in row-major order, so {@link #segment()} is exactly them. */
    public boolean isContiguous() {
        return Arrays.equals(strides, shape.contiguousStrides(dtype)) || shape.elements() <= 1;
    }

    /**
     * The read-only memory of the elements, zero-copy. For a contiguous tensor it holds exactly
     * {@link #byteSize()} bytes in row-major order; for a strided view, the span from element
     * {@code [0,...,0]} that the {@link #strides()} address.
     */
    public MemorySegment segment() {
        check();
        return data;
    }

    /** Whether this tensor frees memory on {@link #close()} (views and wrapped segments do not). */
    public boolean ownsMemory() {
        return owns;
    }

    // ---- views ---------------------------------------------------------------------------------

    /** Rows {@code [from, to)} of dimension 0, sharing this tensor's memory. */
    public Tensor slice(long from, long to) {
        check();
        if (shape.rank() == 0) {
            throw new InvalidArgumentException("a scalar has no rows to slice");
        }
        if (from < 0 || to < from || to > shape.dim(0)) {
            throw new InvalidArgumentException("rows [" + from + ", " + to + ") out of [0, " + shape.dim(0) + ") of shape "
                    + shape);
        }
        Shape s = shape.withRows(to - from);
        MemorySegment d = to == from ? data.asSlice(0, 0) : data.asSlice(from * strides[0], span(s, strides, dtype.byteSize()));
        return new Tensor(dtype, s, strides, d, owner, false);
    }

    /** Row {@code i} of dimension 0 (rank one less), sharing this tensor's memory. */
    public Tensor row(long i) {
        Tensor t = slice(i, i + 1);
        long[] st = Arrays.copyOfRange(strides, 1, strides.length);
        return new Tensor(dtype, shape.rowShape(), st, t.data, owner, false);
    }

    /** The same elements in {@code newShape} (same element count); needs a contiguous tensor. */
    public Tensor reshape(Shape newShape) {
        check();
        notNull(newShape, "shape");
        if (newShape.elements() != shape.elements()) {
            throw new ShapeMismatchException("cannot reshape " + shape + " (" + shape.elements() + " elements) to "
                    + newShape + " (" + newShape.elements() + " elements)", newShape, shape);
        }
        if (!isContiguous()) {
            throw new InvalidArgumentException("reshape needs a contiguous tensor; this view has strides "
                    + Arrays.toString(strides) + " for shape " + shape + ": call contiguous() first");
        }
        return new Tensor(dtype, newShape, newShape.contiguousStrides(dtype), data, owner, false);
    }

    /** The dimensions in reverse order (a matrix's transpose), sharing memory; not contiguous for rank >= 2. */
    public Tensor transpose() {
        check();
        long[] d = shape.dims();
        long[] s = strides.clone();
        for (int i = 0, j = d.length - 1; i < j; i++, j--) {
            long t = d[i];
            d[i] = d[j];
            d[j] = t;
            t = s[i];
            s[i] = s[j];
            s[j] = t;
        }
        return new Tensor(dtype, Shape.of(d), s, data, owner, false);
    }

    /** This tensor if contiguous, else a packed row-major copy that owns its memory. */
    public Tensor contiguous() {
        check();
        if (isContiguous()) {
            return this;
        }
        Arena arena = Arena.ofShared();
        MemorySegment seg = allocate(arena, byteSize());
        copyTo(seg);
        return owning(dtype, shape, seg, arena);
    }

    /** Copies the elements in row-major order, packed, into {@code target} at offset 0. */
    public void copyTo(MemorySegment target) {
        check();
        notNull(target, "target");
        if (target.byteSize() < byteSize()) {
            throw new InvalidArgumentException("target of " + target.byteSize() + " bytes cannot hold " + byteSize()
                    + " bytes of " + this);
        }
        if (isContiguous()) {
            MemorySegment.copy(data, 0, target, 0, byteSize());
            return;
        }
        long[] idx = new long[shape.rank()];
        long es = dtype.byteSize();
        for (long e = 0, n = shape.elements(); e < n; e++) {
            long off = 0;
            for (int i = 0; i < idx.length; i++) {
                off += idx[i] * strides[i];
            }
            MemorySegment.copy(data, off, target, e * es, es);
            for (int i = idx.length - 1; i >= 0; i--) {
                if (++idx[i] < shape.dim(i)) {
                    break;
                }
                idx[i] = 0;
            }
        }
    }

    /** Bytes from element [0,...,0] to the end of the last element the strides address. */
    private static long span(Shape s, long[] strides, int elementSize) {
        if (s.elements() == 0) {
            return 0;
        }
        long last = 0;
        for (int i = 0; i < s.rank(); i++) {
            last += (s.dim(i) - 1) * strides[i];
        }
        return last + elementSize;
    }

    // ---- element access ----------------------------------------------------------------------

    /** The element at {@code index} (one index a dimension) as a double; any dtype (bool as 0 or 1). */
    public double getDouble(long... index) {
        long off = offset(index);
        return dtype.isFloatingPoint() ? Elements.getDouble(data, dtype, off) : Elements.getLong(data, dtype, off);
    }

    /** The element at {@code index} of an integral or bool tensor; a float tensor throws {@link DTypeMismatchException}. */
    public long getLong(long... index) {
        if (!dtype.isIntegral()) {
            throw new DTypeMismatchException("getLong on a " + dtype.label() + " tensor; use getDouble", DType.I64, dtype);
        }
        return Elements.getLong(data, dtype, offset(index));
    }

    private long offset(long[] index) {
        check();
        notNull(index, "index");
        if (index.length != shape.rank()) {
            throw new InvalidArgumentException(index.length + " indices for a rank-" + shape.rank() + " tensor " + shape);
        }
        long off = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape.dim(i)) {
                throw new InvalidArgumentException("index " + Arrays.toString(index) + " out of shape " + shape);
            }
            off += index[i] * strides[i];
        }
        return off;
    }

    // ---- adapters ------------------------------------------------------------------------------

    /**
     * The elements as floats in row-major order (a copy): f32 as is, f16 and bf16 widened exactly.
     * f64 and integral tensors throw {@link DTypeMismatchException} (use {@link #toDoubleArray()} or
     * {@link #toLongArray()}).
     */
    public float[] toFloatArray() {
        if (dtype != DType.F32 && dtype != DType.F16 && dtype != DType.BF16) {
            throw new DTypeMismatchException("toFloatArray needs an f32, f16 or bf16 tensor, this one is " + dtype.label()
                    + " " + shape, DType.F32, dtype);
        }
        Tensor c = contiguous();
        try {
            float[] out = new float[arrayLength()];
            if (dtype == DType.F32) {
                MemorySegment.copy(c.data, FLOAT, 0, out, 0, out.length);
            } else {
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) Elements.getDouble(c.data, dtype, (long) i * 2);
                }
            }
            return out;
        } finally {
            closeCopy(c);
        }
    }

    /** The elements as doubles in row-major order (a copy); any floating-point dtype, widened exactly. */
    public double[] toDoubleArray() {
        if (!dtype.isFloatingPoint()) {
            throw new DTypeMismatchException("toDoubleArray needs a floating-point tensor, this one is " + dtype.label()
                    + " " + shape + ": use toLongArray", DType.F64, dtype);
        }
        Tensor c = contiguous();
        try {
            double[] out = new double[arrayLength()];
            if (dtype == DType.F64) {
                MemorySegment.copy(c.data, DOUBLE, 0, out, 0, out.length);
            } else {
                for (int i = 0; i < out.length; i++) {
                    out[i] = Elements.getDouble(c.data, dtype, (long) i * dtype.byteSize());
                }
            }
            return out;
        } finally {
            closeCopy(c);
        }
    }

    /** The elements as longs in row-major order (a copy); any integral dtype (u8 unsigned, bool 0 or 1). */
    public long[] toLongArray() {
        if (!dtype.isIntegral()) {
            throw new DTypeMismatchException("toLongArray needs an integral or bool tensor, this one is " + dtype.label()
                    + " " + shape + ": use toDoubleArray", DType.I64, dtype);
        }
        Tensor c = contiguous();
        try {
            long[] out = new long[arrayLength()];
            if (dtype == DType.I64) {
                MemorySegment.copy(c.data, LONG, 0, out, 0, out.length);
            } else {
                for (int i = 0; i < out.length; i++) {
                    out[i] = Elements.getLong(c.data, dtype, (long) i * dtype.byteSize());
                }
            }
            return out;
        } finally {
            closeCopy(c);
        }
    }

    /** The packed little-endian bytes in row-major order (a copy). */
    public byte[] toByteArray() {
        check();
        if (byteSize() > Integer.MAX_VALUE - 8) {
            throw new InvalidArgumentException(this + " has " + byteSize() + " bytes, more than a Java array holds");
        }
        byte[] out = new byte[(int) byteSize()];
        copyTo(MemorySegment.ofArray(out));
        return out;
    }

    private int arrayLength() {
        if (shape.elements() > Integer.MAX_VALUE - 8) {
            throw new InvalidArgumentException(this + " has " + shape.elements()
                    + " elements, more than a Java array holds: read it through segment()");
        }
        return (int) shape.elements();
    }

    private void closeCopy(Tensor c) {
        if (c != this) {
            c.close();
        }
    }

    /** Whether {@code other} has the same dtype, shape and element bytes (NaNs compare by their bits). */
    public boolean contentEquals(Tensor other) {
        check();
        if (other == null || other.dtype != dtype || !other.shape.equals(shape)) {
            return false;
        }
        Tensor a = contiguous();
        Tensor b = other.contiguous();
        try {
            return MemorySegment.mismatch(a.data, 0, byteSize(), b.data, 0, byteSize()) < 0;
        } finally {
            closeCopy(a);
            other.closeCopy(b);
        }
    }

    private void check() {
        if (owner.closed) {
            throw new ClosedException("tensor " + dtype.label() + " " + shape + " is closed");
        }
    }

    /** Frees the memory if this tensor owns it; idempotent. Views of it are closed with it. */
    @Override
    public void close() {
        if (!owns || owner.closed) {
            return;
        }
        synchronized (owner) {
            if (!owner.closed) {
                owner.closed = true;
                owner.arena.close();
            }
        }
    }

    /** {@code Tensor[f32 [2, 3]]}. */
    @Override
    public String toString() {
        return "Tensor[" + dtype.label() + " " + shape + (isContiguous() ? "" : " strides " + Arrays.toString(strides))
                + "]";
    }

    /** Element reads and writes by dtype, little-endian. Thread-safe (stateless). */
    static final class Elements {
        private Elements() {}

        static double getDouble(MemorySegment s, DType t, long off) {
            return switch (t) {
                case F16 -> Float.float16ToFloat(s.get(SHORT, off));
                case BF16 -> Float.intBitsToFloat((s.get(SHORT, off) & 0xFFFF) << 16);
                case F32 -> s.get(FLOAT, off);
                case F64 -> s.get(DOUBLE, off);
                default -> getLong(s, t, off);
            };
        }

        static long getLong(MemorySegment s, DType t, long off) {
            return switch (t) {
                case I8 -> s.get(ValueLayout.JAVA_BYTE, off);
                case U8, BOOL -> s.get(ValueLayout.JAVA_BYTE, off) & 0xFF;
                case I16 -> s.get(SHORT, off);
                case I32 -> s.get(INT, off);
                case I64 -> s.get(LONG, off);
                default -> throw new DTypeMismatchException("not an integral dtype: " + t.label(), DType.I64, t);
            };
        }

        static void setDouble(MemorySegment s, DType t, long off, double v) {
            switch (t) {
                case F16 -> s.set(SHORT, off, Float.floatToFloat16((float) v));
                case BF16 -> s.set(SHORT, off, toBf16((float) v));
                case F32 -> s.set(FLOAT, off, (float) v);
                case F64 -> s.set(DOUBLE, off, v);
                default -> throw new DTypeMismatchException("not a floating-point dtype: " + t.label(), DType.F64, t);
            }
        }

        static void setLong(MemorySegment s, DType t, long off, long v, long index) {
            long lo = switch (t) {
                case I8 -> Byte.MIN_VALUE;
                case I16 -> Short.MIN_VALUE;
                case I32 -> Integer.MIN_VALUE;
                case I64 -> Long.MIN_VALUE;
                default -> 0;
            };
            long hi = switch (t) {
                case I8 -> Byte.MAX_VALUE;
                case U8 -> 255;
                case BOOL -> 1;
                case I16 -> Short.MAX_VALUE;
                case I32 -> Integer.MAX_VALUE;
                default -> Long.MAX_VALUE;
            };
            if (v < lo || v > hi) {
                throw new InvalidArgumentException("value " + v + " at index " + index + " is out of the " + t.label()
                        + " range [" + lo + ", " + hi + "]");
            }
            switch (t) {
                case I8, U8, BOOL -> s.set(ValueLayout.JAVA_BYTE, off, (byte) v);
                case I16 -> s.set(SHORT, off, (short) v);
                case I32 -> s.set(INT, off, (int) v);
                case I64 -> s.set(LONG, off, v);
                default -> throw new DTypeMismatchException("not an integral dtype: " + t.label(), DType.I64, t);
            }
        }

        /** float32 to bfloat16, rounding to nearest even; NaN stays a (quiet) NaN. */
        static short toBf16(float f) {
            int bits = Float.floatToRawIntBits(f);
            if (Float.isNaN(f)) {
                return (short) ((bits >>> 16) | 0x0040);
            }
            int rounding = 0x7FFF + ((bits >>> 16) & 1);
            return (short) ((bits + rounding) >>> 16);
        }
    }
}
