package syna.storage.internal;

import syna.api.Atom;
import syna.api.DatabaseOptions;
import syna.api.ValueType;

/** Constants of the log format; the layout is documented in {@code package-info.java}. */
final class RecordFormat {
    private RecordFormat() {}

    /** File kind in the header. */
    static final String KIND = "log";
    /** Newest format version: what new files and compactions write. */
    static final int FORMAT_VERSION = 2;
    /** Oldest format version still read (and appended to, in its own format). */
    static final int MIN_FORMAT_VERSION = 1;

    /** Record header bytes: crc u32, length u32, kind u8, flags u8, key length u16, timestamp i64. */
    static final int HEADER = 20;

    /** Series of float64 points (one record per putFloats chunk, or per compacted run). */
    static final int KIND_SERIES_F64 = 16;
    /** Series of int64 points. */
    static final int KIND_SERIES_I64 = 17;
    /** Codec table entry: key = codec provider name, value = u8 codec id used by later records. */
    static final int KIND_CODEC = 32;
    /** Format 2: a namespace exists; key = its name (UTF-8), value = varint id (at least 1). */
    static final int KIND_NAMESPACE = 33;
    /** Format 2: a namespace was dropped with all its keys; key = its name, value = varint id. */
    static final int KIND_NAMESPACE_DROP = 34;

    /** More records of the same atomic unit follow; the unit commits at the first record without it. */
    static final int FLAG_CONTINUES = 0x01;
    /** The value is {@code varint codecId, varint rawLength, codec bytes}. */
    static final int FLAG_COMPRESSED = 0x02;
    /** Format 2: the key field is {@code varint namespaceId, key UTF-8}; without it, a user key. */
    static final int FLAG_NAMESPACED = 0x04;

    /** Largest number of points in one series record (bounds the record size). */
    static final int SERIES_CHUNK = 65_536;

    /** No record is longer than this, whatever a length field on disk says. */
    static final long MAX_RECORD = (long) HEADER + DatabaseOptions.MAX_KEY_BYTES
            + DatabaseOptions.MAX_VALUE_BYTES_LIMIT + 64;

    /**
     * Values over this many encoded bytes (and vectors) are handed to the OS at once under NONE; text and
     * bytes values up to it stay in memory for a while after their write ({@link RecentValues}).
     */
    static final int CACHE_LIMIT = 4096;

    /**
     * Text and bytes values of at most this many encoded bytes stay decoded on the heap beside their key
     * as its latest value (no larger than the key itself); larger ones are read from the maps of the log
     * (issue 15: per-key heap objects made young collections copy every value written since the last).
     */
    static final int HEAP_VALUE_LIMIT = 32;

    /** Flags a record of a file in {@code version} may carry. */
    static int knownFlags(int version) {
        return version >= 2 ? FLAG_CONTINUES | FLAG_COMPRESSED | FLAG_NAMESPACED : FLAG_CONTINUES | FLAG_COMPRESSED;
    }

    static boolean isValueKind(int kind) {
        return kind <= ValueType.VECTOR.tag() || kind == KIND_SERIES_F64 || kind == KIND_SERIES_I64;
    }

    /** Whether a file in {@code version} may hold records of {@code kind}. */
    static boolean isKnownKind(int kind, int version) {
        return isValueKind(kind) || kind == KIND_CODEC
                || version >= 2 && (kind == KIND_NAMESPACE || kind == KIND_NAMESPACE_DROP);
    }

    /** Type of the history entries a record of {@code kind} produces. */
    static ValueType entryType(int kind) {
        return switch (kind) {
            case KIND_SERIES_F64 -> ValueType.FLOAT64;
            case KIND_SERIES_I64 -> ValueType.INT64;
            default -> ValueType.ofTag(kind);
        };
    }

    /**
     * Whether {@code value} (of raw encoded size {@code size}) is kept decoded in memory as its key's
     * latest value; otherwise reads fetch it from the file. The one place this policy lives.
     */
    static boolean cacheable(Atom value, long size) {
        return size <= HEAP_VALUE_LIMIT;
    }
}
