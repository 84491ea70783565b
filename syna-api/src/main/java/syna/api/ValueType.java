package syna.api;

/**
 * The type of a stored value. The {@link #tag()} is written to disk: append only, never reorder or
 * reuse a tag.
 * Immutable; thread-safe.
 */
public enum ValueType {
    /** No value; also the tombstone a delete writes. */
    NULL(0),
    /** IEEE 754 double, stored bit for bit (NaN payloads and infinities included). */
    FLOAT64(1),
    /** Signed 64-bit integer. */
    INT64(2),
    /** Unicode text, stored as UTF-8. */
    TEXT(3),
    /** Opaque bytes. */
    BYTES(4),
    /** A float32 vector with its dimension. */
    VECTOR(5);

    private static final ValueType[] BY_TAG = values();

    private final int tag;

    ValueType(int tag) {
        this.tag = tag;
    }

    /** The on-disk tag. */
    public int tag() {
        return tag;
    }

    /** The type with the given on-disk tag, or {@code null} when the tag is unknown. */
    public static ValueType ofTag(int tag) {
        return tag >= 0 && tag < BY_TAG.length ? BY_TAG[tag] : null;
    }
}
