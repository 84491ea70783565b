package syna.storage.internal;

import java.nio.charset.StandardCharsets;
import syna.api.Atom;
import syna.api.spi.ValueCodec;

/**
 * Encodes records into a {@link RecordBuffer}: single values (through the configured codec when
 * they are long enough and the codec actually shrinks them) and codec records. Not thread-safe;
 * one per writer.
 */
final class RecordEncoder {
    private final String codecName;
    private final ValueCodec codec;
    private final int threshold;
    private final RecordBuffer scratch = new RecordBuffer(1024);

    /** {@code codec} null: never compress. */
    RecordEncoder(String codecName, ValueCodec codec, int threshold) {
        this.codecName = codecName;
        this.codec = codec;
        this.threshold = threshold;
    }

    /**
     * Writes a codec record for the configured codec into {@code out} unless {@code table} already
     * has it; must be called before a unit that may compress, never inside one.
     */
    void prepareCodec(RecordBuffer out, CodecTable table, long ts) {
        if (codec == null || table.idOf(codecName) >= 0) {
            return;
        }
        int id = table.addNew(codecName, codec);
        int start = out.beginRecord(RecordFormat.KIND_CODEC, 0, codecName.getBytes(StandardCharsets.US_ASCII), ts);
        out.putByte(id);
        out.endRecord(start);
    }

    /** Appends a single-value record of a user key; returns its start index in {@code out}. */
    int single(RecordBuffer out, CodecTable table, byte[] key, long ts, Atom value, byte[] textUtf8, int flags) {
        return single(out, table, Space.USER, key, ts, value, textUtf8, flags);
    }

    /** Appends a single-value record of {@code key} in space {@code spaceId}; returns its start index in {@code out}. */
    int single(RecordBuffer out, CodecTable table, int spaceId, byte[] key, long ts, Atom value, byte[] textUtf8,
            int flags) {
        boolean compressible = value instanceof Atom.Text || value instanceof Atom.Bytes || value instanceof Atom.Vector;
        if (codec != null && compressible && ValueEncoding.rawSize(value, textUtf8) >= threshold) {
            scratch.reset();
            scratch.reserve(ValueEncoding.rawSize(value, textUtf8));
            ValueEncoding.encode(value, textUtf8, scratch);
            int start = compressed(out, table, spaceId, key, ts, value.type().tag(), flags, scratch.array(),
                    scratch.size());
            if (start >= 0) {
                return start;
            }
        }
        int start = out.beginRecord(value.type().tag(), flags, spaceId, key, ts);
        ValueEncoding.encode(value, textUtf8, out);
        out.endRecord(start);
        return start;
    }

    /**
     * Appends a bytes record encoded straight from {@code raw} (the caller's array: no copy, no
     * {@link Atom}); the same record {@link #single} writes for {@code Atom.of(raw)}. Returns its
     * start index in {@code out}.
     */
    int bytes(RecordBuffer out, CodecTable table, int spaceId, byte[] key, long ts, byte[] raw, int flags) {
        int tag = syna.api.ValueType.BYTES.tag();
        if (codec != null && raw.length >= threshold) {
            int start = compressed(out, table, spaceId, key, ts, tag, flags, raw, raw.length);
            if (start >= 0) {
                return start;
            }
        }
        int start = out.beginRecord(tag, flags, spaceId, key, ts);
        out.putBytes(raw, 0, raw.length);
        out.endRecord(start);
        return start;
    }

    /** As {@link #bytes} from a segment: copied once into {@code out} unless the codec compresses it. */
    int bytes(RecordBuffer out, CodecTable table, int spaceId, byte[] key, long ts,
            java.lang.foreign.MemorySegment raw, int flags) {
        if (codec != null && raw.byteSize() >= threshold) {
            return bytes(out, table, spaceId, key, ts, raw.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), flags);
        }
        int start = out.beginRecord(syna.api.ValueType.BYTES.tag(), flags, spaceId, key, ts);
        out.putSegment(raw);
        out.endRecord(start);
        return start;
    }

    /** Whether a value of {@code size} bytes may go through the codec (large off-heap values skip the heap copy otherwise). */
    boolean compresses(long size) {
        return codec != null && size >= threshold;
    }

    /** Appends the compressed record of the raw encoding {@code raw[0, len)}; -1 (nothing written) when the codec does not pay. */
    private int compressed(RecordBuffer out, CodecTable table, int spaceId, byte[] key, long ts, int tag, int flags,
            byte[] raw, int len) {
        byte[] packed = codec.encode(raw, 0, len);
        int id = table.idOf(codecName);
        if (id < 0 || packed.length + 10 >= len) {
            return -1;
        }
        int start = out.beginRecord(tag, flags | RecordFormat.FLAG_COMPRESSED, spaceId, key, ts);
        VarInts.put(out, id);
        VarInts.put(out, len);
        out.putBytes(packed, 0, packed.length);
        out.endRecord(start);
        return start;
    }
}
