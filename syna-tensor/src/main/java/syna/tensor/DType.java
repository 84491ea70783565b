package syna.tensor;

import java.util.Optional;
import syna.api.InvalidArgumentException;

/**
 * Element types of a {@link Tensor}. Elements are stored little-endian, packed, in row-major order;
 * {@link #BOOL} is one byte per element (0 or 1), as in numpy and safetensors.
 *
 * <p>Append only: {@link #tag()} is written into stored tensors, so constants are never reordered,
 * removed or renumbered.
 */
public enum DType {
    /** IEEE 754 half precision (binary16). */
    F16(1, 2, "<f2", "F16"),
    /** bfloat16: the upper 16 bits of a float32. numpy has no such dtype. */
    BF16(2, 2, null, "BF16"),
    /** IEEE 754 single precision. */
    F32(3, 4, "<f4", "F32"),
    /** IEEE 754 double precision. */
    F64(4, 8, "<f8", "F64"),
    /** Signed 8-bit integer. */
    I8(5, 1, "|i1", "I8"),
    /** Unsigned 8-bit integer. */
    U8(6, 1, "|u1", "U8"),
    /** Signed 16-bit integer. */
    I16(7, 2, "<i2", "I16"),
    /** Signed 32-bit integer. */
    I32(8, 4, "<i4", "I32"),
    /** Signed 64-bit integer. */
    I64(9, 8, "<i8", "I64"),
    /** Boolean, one byte per element: 0 is false, 1 is true. */
    BOOL(10, 1, "|b1", "BOOL");

    private final int tag;
    private final int byteSize;
    private final String numpy;
    private final String safetensors;

    DType(int tag, int byteSize, String numpy, String safetensors) {
        this.tag = tag;
        this.byteSize = byteSize;
        this.numpy = numpy;
        this.safetensors = safetensors;
    }

    /** The stable number stored with a tensor. */
    public int tag() {
        return tag;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether it is a floating-point type (f16, bf16, f32, f64). */
    public boolean isFloatingPoint() {
        return this == F16 || this == BF16 || this == F32 || this == F64;
    }

    /** Whether it is an integer type or bool (read as 0 and 1). */
    public boolean isIntegral() {
        return !isFloatingPoint();
    }

    /** The numpy {@code descr} of the type ({@code <f4}, {@code |b1}...); empty for bf16, which numpy lacks. */
    public Optional<String> numpyDescr() {
        return Optional.ofNullable(numpy);
    }

    /** The safetensors dtype name ({@code F32}, {@code BOOL}...). */
    public String safetensorsName() {
        return safetensors;
    }

    /** Lower-case name as the CLI prints it: {@code f32}, {@code bf16}, {@code bool}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The type with stored number {@code tag}; empty when unknown (a newer writer). */
    public static Optional<DType> ofTag(int tag) {
        for (DType d : values()) {
            if (d.tag == tag) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** The type named {@code label} ({@code f32}, {@code F32}, {@code bool}...). */
    public static DType ofLabel(String label) {
        if (label != null) {
            for (DType d : values()) {
                if (d.name().equalsIgnoreCase(label)) {
                    return d;
                }
            }
        }
        throw new InvalidArgumentException("unknown dtype '" + label + "'; known: f16, bf16, f32, f64, i8, u8, i16, "
                + "i32, i64, bool");
    }

    /** The type with safetensors name {@code name}; empty for the ones Syna does not store (U16, F8_E4M3...). */
    public static Optional<DType> ofSafetensors(String name) {
        for (DType d : values()) {
            if (d.safetensors.equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
