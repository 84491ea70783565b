package syna.api;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A typed value: null, float64, int64, text, bytes or a float32 vector. Sealed, so a {@code switch}
 * over an atom is exhaustive. Array-holding atoms copy on the way in and out. Immutable and
 * thread-safe.
 */
public sealed interface Atom {

    /** The type tag of this value. */
    ValueType type();

    /** The null value (also what a delete writes). */
    static Atom.Null ofNull() {
        return Null.INSTANCE;
    }

    /** A float64 value. */
    static Atom.Float64 of(double value) {
        return new Float64(value);
    }

    /** An int64 value. */
    static Atom.Int64 of(long value) {
        return new Int64(value);
    }

    /** A text value. */
    static Atom.Text of(String value) {
        return new Text(value);
    }

    /** A bytes value (the array is copied). */
    static Atom.Bytes of(byte[] value) {
        return new Bytes(value);
    }

    /** A float32 vector value (the array is copied). */
    static Atom.Vector of(float[] value) {
        return new Vector(value);
    }

    /** The null value. */
    enum Null implements Atom {
        /** The single null value. */
        INSTANCE;

        @Override
        public ValueType type() {
            return ValueType.NULL;
        }

        @Override
        public String toString() {
            return "null";
        }
    }

    /** A float64 value, kept bit for bit (NaN and infinities included). */
    record Float64(double value) implements Atom {
        @Override
        public ValueType type() {
            return ValueType.FLOAT64;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Float64 f && Double.doubleToRawLongBits(f.value) == Double.doubleToRawLongBits(value);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(Double.doubleToRawLongBits(value));
        }
    }

    /** An int64 value. */
    record Int64(long value) implements Atom {
        @Override
        public ValueType type() {
            return ValueType.INT64;
        }
    }

    /** A text value. */
    record Text(String value) implements Atom {
        /** Rejects null. */
        public Text {
            syna.api.internal.Checks.notNull(value, "text value");
        }

        @Override
        public ValueType type() {
            return ValueType.TEXT;
        }
    }

    /** An opaque bytes value. */
    record Bytes(byte[] value) implements Atom {
        /** Copies the array. */
        public Bytes {
            value = syna.api.internal.Checks.notNull(value, "bytes value").clone();
        }

        /** A copy of the bytes. */
        @Override
        public byte[] value() {
            return value.clone();
        }

        /** Number of bytes. */
        public int length() {
            return value.length;
        }

        /** A read-only view of the bytes, without a copy (the value is immutable). */
        public java.lang.foreign.MemorySegment asSegment() {
            return java.lang.foreign.MemorySegment.ofArray(value).asReadOnly();
        }

        @Override
        public ValueType type() {
            return ValueType.BYTES;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(b.value, value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            int shown = Math.min(value.length, 32);
            return "Bytes[" + value.length + " bytes: " + HexFormat.of().formatHex(value, 0, shown)
                    + (shown < value.length ? "…" : "") + "]";
        }
    }

    /** A float32 vector; its dimension is its length. */
    record Vector(float[] value) implements Atom {
        /** Copies the array. */
        public Vector {
            value = syna.api.internal.Checks.notNull(value, "vector value").clone();
        }

        /** A copy of the components. */
        @Override
        public float[] value() {
            return value.clone();
        }

        /** The dimension. */
        public int dimension() {
            return value.length;
        }

        @Override
        public ValueType type() {
            return ValueType.VECTOR;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Vector v && Arrays.equals(v.value, value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Vector[dim=" + value.length + "]";
        }
    }
}
