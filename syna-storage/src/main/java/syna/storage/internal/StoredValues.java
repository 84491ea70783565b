package syna.storage.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import syna.api.Atom;
import syna.api.CorruptFileException;
import syna.api.DatabaseOptions;
import syna.api.SerializationException;
import syna.api.spi.ValueCodec;
import syna.api.spi.format.Checksums;

/** Decodes stored (possibly compressed) values, and reads single records back by offset. Stateless. */
final class StoredValues {
    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort LE_SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private StoredValues() {}

    /** Decodes the value of a single-value record, undoing its codec. */
    static Atom decode(int kind, int flags, byte[] b, int off, int len, CodecTable codecs, Path file, long offset) {
        try {
            if ((flags & RecordFormat.FLAG_COMPRESSED) == 0) {
                return ValueEncoding.decode(kind, b, off, len);
            }
            VarInts.Reader in = new VarInts.Reader(b, off, off + len);
            long id = in.next();
            long raw = in.next();
            if (raw < 0 || raw > DatabaseOptions.MAX_VALUE_BYTES_LIMIT + 8L) {
                throw new IllegalStateException("compressed value claims " + raw + " raw bytes");
            }
            ValueCodec codec = codecs.codec((int) Math.min(id, Integer.MAX_VALUE));
            if (codec == null) {
                throw new IllegalStateException("value uses codec id " + id + " that no codec record defines");
            }
            int head = varLen(id) + varLen(raw);
            byte[] plain = codec.decode(b, off + head, len - head, (int) raw);
            return ValueEncoding.decode(kind, plain, 0, plain.length);
        } catch (IllegalStateException | SerializationException e) {
            throw new CorruptFileException(file, offset, "cannot decode value: " + e.getMessage(), e);
        }
    }

    private static int varLen(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    /** Reads the single-value record at {@code offset} of {@code channel}, checks its CRC, decodes it. */
    static Atom read(FileChannel channel, Path file, long offset, CodecTable codecs) throws IOException {
        return readIfSmall(channel, file, offset, codecs, Long.MAX_VALUE);
    }

    /**
     * The record at {@code offset} as mapped by the generation's maps, its CRC checked: a segment of
     * exactly its bytes (header, key, value), or null when the maps do not hold it (read it with the
     * channel; a length out of bounds is also left to that read, which checks and reports it).
     */
    private static MemorySegment mapped(Generation g, Path file, long offset) {
        LogMap map = g.map();
        MemorySegment r = map.at(offset, RecordFormat.HEADER);
        if (r == null) {
            return null;
        }
        long len = Integer.toUnsignedLong(r.get(LE_INT, 4));
        int keyLen = Short.toUnsignedInt(r.get(LE_SHORT, 10));
        if (len < RecordFormat.HEADER + (long) keyLen || len > map.slack()) {
            return null;
        }
        if (len > r.byteSize()) {
            r = map.at(offset, len);
            if (r == null) {
                return null;
            }
        }
        if (Checksums.crc32c(r, 4, len - 4) != r.get(LE_INT, 0)) {
            throw new CorruptFileException(file, offset, "record CRC32C mismatch on read");
        }
        return r.asSlice(0, len);
    }

    /**
     * As {@link #read}, from the generation's maps of its file where they hold the record (one copy
     * of the value from the page cache, no system call), else by a positional read.
     */
    static Atom read(Generation g, Path file, long offset) throws IOException {
        MemorySegment rec = mapped(g, file, offset);
        if (rec == null) {
            return read(g.channel(), file, offset, g.codecs());
        }
        int valueOff = RecordFormat.HEADER + Short.toUnsignedInt(rec.get(LE_SHORT, 10));
        byte[] value = rec.asSlice(valueOff).toArray(ValueLayout.JAVA_BYTE);
        return decode(rec.get(ValueLayout.JAVA_BYTE, 8) & 0xFF, rec.get(ValueLayout.JAVA_BYTE, 9) & 0xFF, value, 0,
                value.length, g.codecs(), file, offset);
    }

    /**
     * The value of the BYTES record at {@code offset}: from the maps, one copy from the page cache
     * into the returned array (a compressed value is decoded); else by a positional read.
     */
    static byte[] readBytes(Generation g, Path file, long offset) throws IOException {
        MemorySegment rec = mapped(g, file, offset);
        if (rec != null && (rec.get(ValueLayout.JAVA_BYTE, 9) & RecordFormat.FLAG_COMPRESSED) == 0
                && (rec.get(ValueLayout.JAVA_BYTE, 8) & 0xFF) == syna.api.ValueType.BYTES.tag()) {
            int valueOff = RecordFormat.HEADER + Short.toUnsignedInt(rec.get(LE_SHORT, 10));
            return rec.asSlice(valueOff).toArray(ValueLayout.JAVA_BYTE);
        }
        Atom a = rec != null ? read(g, file, offset) : read(g.channel(), file, offset, g.codecs());
        if (!(a instanceof Atom.Bytes b)) {
            throw new CorruptFileException(file, offset, "expected a BYTES record, found " + a.type());
        }
        return b.value();
    }

    /**
     * The value of the uncompressed BYTES record at {@code offset} as a read-only slice of the
     * generation's maps, with its CRC32C: one pass over the value gives that CRC and, combined with
     * the CRC of header and key, the record's, which is checked. Null when the maps do not hold the
     * record or it is not an uncompressed BYTES record (read it with the channel, which also reports a
     * length out of bounds).
     */
    static syna.api.BytesView view(Generation g, Path file, long offset) {
        LogMap map = g.map();
        MemorySegment h = map.span(offset, RecordFormat.HEADER);
        if (h == null) {
            return null;
        }
        long len = Integer.toUnsignedLong(h.get(LE_INT, 4));
        int keyLen = Short.toUnsignedInt(h.get(LE_SHORT, 10));
        int kind = h.get(ValueLayout.JAVA_BYTE, 8) & 0xFF;
        int flags = h.get(ValueLayout.JAVA_BYTE, 9) & 0xFF;
        if (len < RecordFormat.HEADER + (long) keyLen || len > RecordFormat.MAX_RECORD
                || (flags & RecordFormat.FLAG_COMPRESSED) != 0 || kind != syna.api.ValueType.BYTES.tag()) {
            return null;
        }
        MemorySegment rec = map.span(offset, len);
        if (rec == null) {
            return null;
        }
        int valueOff = RecordFormat.HEADER + keyLen;
        long valueLen = len - valueOff;
        int valueCrc = Checksums.crc32c(rec, valueOff, valueLen);
        int headCrc = Checksums.crc32c(rec, 4, valueOff - 4);
        if (Checksums.crc32cCombine(headCrc, valueCrc, valueLen) != rec.get(LE_INT, 0)) {
            throw new CorruptFileException(file, offset, "record CRC32C mismatch on read");
        }
        return new syna.api.BytesView(rec.asSlice(valueOff, valueLen).asReadOnly(), valueCrc);
    }

    /** As {@link #read}, but returns null without reading the value when it is over {@code maxValue} bytes. */
    static Atom readIfSmall(FileChannel channel, Path file, long offset, CodecTable codecs, long maxValue)
            throws IOException {
        ByteBuffer head = ByteBuffer.allocate(RecordFormat.HEADER);
        readFully(channel, head, offset);
        byte[] h = head.array();
        long len = Integer.toUnsignedLong((int) RecordBuffer.INT.get(h, 4));
        int keyLen = Short.toUnsignedInt((short) RecordBuffer.SHORT.get(h, 10));
        long size = channel.size();
        if (len < RecordFormat.HEADER + (long) keyLen || len > size - offset || len > RecordFormat.MAX_RECORD) {
            throw new CorruptFileException(file, offset, "record length " + len + " out of bounds on read");
        }
        if (len - RecordFormat.HEADER - keyLen > maxValue) {
            return null;
        }
        byte[] rec = new byte[(int) len];
        readFully(channel, ByteBuffer.wrap(rec), offset);
        int crc = Checksums.crc32c(rec, 4, rec.length - 4);
        if (crc != (int) RecordBuffer.INT.get(rec, 0)) {
            throw new CorruptFileException(file, offset, "record CRC32C mismatch on read");
        }
        int valueOff = RecordFormat.HEADER + keyLen;
        return decode(rec[8] & 0xFF, rec[9] & 0xFF, rec, valueOff, rec.length - valueOff, codecs, file, offset);
    }

    /**
     * Reads the BYTES record at {@code offset} into a new segment of {@code arena}: the value goes from
     * the file into the segment without a heap copy (a compressed value is decoded on the heap), and
     * the CRC32C is checked over header, key and segment.
     */
    static java.lang.foreign.MemorySegment readBytes(FileChannel channel, Path file, long offset, CodecTable codecs,
            java.lang.foreign.Arena arena) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(RecordFormat.HEADER);
        readFully(channel, head, offset);
        byte[] h = head.array();
        long len = Integer.toUnsignedLong((int) RecordBuffer.INT.get(h, 4));
        int keyLen = Short.toUnsignedInt((short) RecordBuffer.SHORT.get(h, 10));
        long size = channel.size();
        if (len < RecordFormat.HEADER + (long) keyLen || len > size - offset || len > RecordFormat.MAX_RECORD) {
            throw new CorruptFileException(file, offset, "record length " + len + " out of bounds on read");
        }
        int kind = h[8] & 0xFF;
        int flags = h[9] & 0xFF;
        if ((flags & RecordFormat.FLAG_COMPRESSED) != 0 || kind != syna.api.ValueType.BYTES.tag()) {
            Atom a = read(channel, file, offset, codecs);
            if (!(a instanceof Atom.Bytes b)) {
                throw new CorruptFileException(file, offset, "expected a BYTES record, found " + a.type());
            }
            java.lang.foreign.MemorySegment seg = arena.allocate(b.length());
            java.lang.foreign.MemorySegment.copy(b.asSegment(), 0, seg, 0, b.length());
            return seg;
        }
        ByteBuffer key = ByteBuffer.allocate(keyLen);
        readFully(channel, key, offset + RecordFormat.HEADER);
        long valueLen = len - RecordFormat.HEADER - keyLen;
        java.lang.foreign.MemorySegment seg = arena.allocate(Math.max(1, valueLen)).asSlice(0, valueLen);
        ByteBuffer value = seg.asByteBuffer();
        readFully(channel, value, offset + RecordFormat.HEADER + keyLen);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(h, 4, RecordFormat.HEADER - 4);
        crc.update(key.array(), 0, keyLen);
        crc.update(seg.asByteBuffer());
        if ((int) crc.getValue() != (int) RecordBuffer.INT.get(h, 0)) {
            throw new CorruptFileException(file, offset, "record CRC32C mismatch on read");
        }
        return seg;
    }

    /** The whole record at {@code offset} (header, key, value), its CRC checked: compaction copies it as is. */
    static byte[] readRecord(FileChannel channel, Path file, long offset) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(RecordFormat.HEADER);
        readFully(channel, head, offset);
        long len = Integer.toUnsignedLong((int) RecordBuffer.INT.get(head.array(), 4));
        int keyLen = Short.toUnsignedInt((short) RecordBuffer.SHORT.get(head.array(), 10));
        if (len < RecordFormat.HEADER + (long) keyLen || len > channel.size() - offset || len > RecordFormat.MAX_RECORD) {
            throw new CorruptFileException(file, offset, "record length " + len + " out of bounds on read");
        }
        byte[] rec = new byte[(int) len];
        readFully(channel, ByteBuffer.wrap(rec), offset);
        if (Checksums.crc32c(rec, 4, rec.length - 4) != (int) RecordBuffer.INT.get(rec, 0)) {
            throw new CorruptFileException(file, offset, "record CRC32C mismatch on read");
        }
        return rec;
    }

    static void readFully(FileChannel ch, ByteBuffer dst, long pos) throws IOException {
        while (dst.hasRemaining()) {
            if (ch.read(dst, pos + dst.position()) < 0) {
                throw new EOFException("unexpected end of log at " + (pos + dst.position()));
            }
        }
    }
}
