package syna.storage.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import syna.api.Atom;
import syna.api.ValueType;

/** Encodes single values into records and decodes them back. Stateless. */
final class ValueEncoding {
    private ValueEncoding() {}

    static final Atom.Null NULL = Atom.ofNull();

    /** Encoded size of {@code value} in bytes (before any codec); text is measured by its UTF-8 bytes. */
    static long rawSize(Atom value, byte[] textUtf8) {
        return switch (value) {
            case Atom.Null n -> 0;
            case Atom.Float64 f -> 8;
            case Atom.Int64 i -> 8;
            case Atom.Text t -> textUtf8.length;
            case Atom.Bytes b -> b.length();
            case Atom.Vector v -> 4L + 4L * v.dimension();
        };
    }

    /** Appends the raw encoding of {@code value} to {@code out}. */
    static void encode(Atom value, byte[] textUtf8, RecordBuffer out) {
        switch (value) {
            case Atom.Null n -> { }
            case Atom.Float64 f -> out.putLong(Double.doubleToRawLongBits(f.value()));
            case Atom.Int64 i -> out.putLong(i.value());
            case Atom.Text t -> out.putBytes(textUtf8, 0, textUtf8.length);
            case Atom.Bytes b -> out.putSegment(b.asSegment()); // no copy of the value before the buffer's
            case Atom.Vector v -> {
                float[] f = v.value();
                out.putInt(f.length);
                out.putFloats(f);
            }
        }
    }

    /**
     * Decodes a raw single value of record {@code kind} from {@code b[off, off+len)}; throws
     * {@link IllegalStateException} describing the problem when the bytes do not fit the type.
     */
    static Atom decode(int kind, byte[] b, int off, int len) {
        ValueType type = ValueType.ofTag(kind);
        if (type == null) {
            throw new IllegalStateException("record kind " + kind + " is not a single value");
        }
        return switch (type) {
            case NULL -> {
                expectLength(type, len, 0);
                yield NULL;
            }
            case FLOAT64 -> {
                expectLength(type, len, 8);
                yield Atom.of(Double.longBitsToDouble((long) RecordBuffer.LONG.get(b, off)));
            }
            case INT64 -> {
                expectLength(type, len, 8);
                yield Atom.of((long) RecordBuffer.LONG.get(b, off));
            }
            case TEXT -> Atom.of(new String(b, off, len, StandardCharsets.UTF_8));
            case BYTES -> Atom.of(Arrays.copyOfRange(b, off, off + len));
            case VECTOR -> {
                if (len < 4) {
                    throw new IllegalStateException("vector value of " + len + " bytes has no dimension");
                }
                int dim = (int) RecordBuffer.INT.get(b, off);
                if (dim < 0 || 4L + 4L * dim != len) {
                    throw new IllegalStateException("vector dimension " + dim + " does not match its " + len + " value bytes");
                }
                float[] f = new float[dim];
                for (int i = 0; i < dim; i++) {
                    f[i] = Float.intBitsToFloat((int) RecordBuffer.INT.get(b, off + 4 + 4 * i));
                }
                yield Atom.of(f);
            }
        };
    }

    /** The 64 bits a numeric single value of {@code kind} stores. */
    static long numericBits(byte[] b, int off, int len, int kind) {
        if (len != 8) {
            throw new IllegalStateException(ValueType.ofTag(kind) + " value of " + len + " bytes, expected 8");
        }
        return (long) RecordBuffer.LONG.get(b, off);
    }

    private static void expectLength(ValueType type, int len, int expected) {
        if (len != expected) {
            throw new IllegalStateException(type + " value of " + len + " bytes, expected " + expected);
        }
    }
}
