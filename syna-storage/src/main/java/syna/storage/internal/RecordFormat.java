package syna.storage.internal;

import syna.api.DatabaseOptions;
import syna.api.ValueType;

/** Constants of the log format; the layout is documented in {@code package-info.java}. */
final class RecordFormat {
    private RecordFormat() {}

    /** File kind in the header. */
    static final String KIND = "log";
    /** Newest format version written and read. */
    static final int FORMAT_VERSION = 1;

    /** Record header bytes: crc u32, length u32, kind u8, flags u8, key length u16, timestamp i64. */
    static final int HEADER = 20;

    /** Series of float64 points (one record per putFloats chunk, or per compacted run). */
    static final int KIND_SERIES_F64 = 16;
    /** Series of int64 points. */
    static final int KIND_SERIES_I64 = 17;
    /** Codec table entry: key = codec provider name, value = u8 codec id used by later records. */
    static final int KIND_CODEC = 32;

    /** More records of the same atomic unit follow; the unit commits at the first record without it. */
    static final int FLAG_CONTINUES = 0x01;
    /** The value is {@code varint codecId, varint rawLength, codec bytes}. */
    static final int FLAG_COMPRESSED = 0x02;
    static final int KNOWN_FLAGS = FLAG_CONTINUES | FLAG_COMPRESSED;

    /** Largest number of points in one series record (bounds the record size). */
    static final int SERIES_CHUNK = 65_536;

    /** No record is longer than this, whatever a length field on disk says. */
    static final long MAX_RECORD = (long) HEADER + DatabaseOptions.MAX_KEY_BYTES
            + DatabaseOptions.MAX_VALUE_BYTES_LIMIT + 64;

    /** Values whose encoded size is at most this are kept decoded in memory as the latest value. */
    static final int CACHE_LIMIT = 4096;

    static boolean isValueKind(int kind) {
        return kind <= ValueType.VECTOR.tag() || kind == KIND_SERIES_F64 || kind == KIND_SERIES_I64;
    }

    static boolean isKnownKind(int kind) {
        return isValueKind(kind) || kind == KIND_CODEC;
    }

    /** Type of the history entries a record of {@code kind} produces. */
    static ValueType entryType(int kind) {
        return switch (kind) {
            case KIND_SERIES_F64 -> ValueType.FLOAT64;
            case KIND_SERIES_I64 -> ValueType.INT64;
            default -> ValueType.ofTag(kind);
        };
    }
}
