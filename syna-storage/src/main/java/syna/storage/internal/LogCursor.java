package syna.storage.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;
import syna.api.spi.format.Checksums;

/**
 * Reads records of a log front to back through a large reusable buffer (no per-record
 * allocation) and checks each one: bounds first, against the file and the format's limits, and
 * only then the CRC32C. Not thread-safe; one per scan.
 */
final class LogCursor {
    private static final int CHUNK = 8 << 20;
    /** Series records hold at most 65,536 points of at most 20 bytes (timestamp and value varints). */
    static final long MAX_SERIES_RECORD = RecordFormat.HEADER + 65_535 + 16 + 20L * RecordFormat.SERIES_CHUNK;

    private final FileChannel channel;
    private final long end;
    private final int version;
    private byte[] buf;
    private long bufPos;
    private int bufLen;

    // The record checked by the last successful check().
    long offset;
    int length;
    int kind;
    int flags;
    int keyLen;
    long timestamp;

    LogCursor(FileChannel channel, long end) {
        this(channel, end, CHUNK, RecordFormat.FORMAT_VERSION);
    }

    /** A cursor over a log in format {@code version}. */
    LogCursor(FileChannel channel, long end, int version) {
        this(channel, end, CHUNK, version);
    }

    /** A cursor whose buffer holds at most {@code chunk} bytes (small for random access). */
    LogCursor(FileChannel channel, long end, int chunk, int version) {
        this.channel = channel;
        this.end = end;
        this.version = version;
        this.buf = new byte[(int) Math.min(chunk, Math.max(64 << 10, end))];
    }

    /** Value length the header at {@code pos} claims (unchecked: only to skip large values). */
    long claimedValueLength(long pos) throws IOException {
        if (end - pos < RecordFormat.HEADER) {
            return -1;
        }
        need(pos, RecordFormat.HEADER);
        int b = (int) (pos - bufPos);
        long len = Integer.toUnsignedLong((int) RecordBuffer.INT.get(buf, b + 4));
        return len - RecordFormat.HEADER - Short.toUnsignedInt((short) RecordBuffer.SHORT.get(buf, b + 10));
    }

    long end() {
        return end;
    }

    byte[] buffer() {
        return buf;
    }

    /** Index in {@link #buffer()} of the record's first byte. */
    int base() {
        return (int) (offset - bufPos);
    }

    int keyIndex() {
        return base() + RecordFormat.HEADER;
    }

    int valueIndex() {
        return base() + RecordFormat.HEADER + keyLen;
    }

    int valueLength() {
        return length - RecordFormat.HEADER - keyLen;
    }

    private void need(long pos, int n) throws IOException {
        if (pos >= bufPos && pos + n <= bufPos + bufLen) {
            return;
        }
        if (n > buf.length) {
            // grows only up to a bound of the format (a series record), never to a length read off disk
            if (n > Math.max(CHUNK, MAX_SERIES_RECORD)) {
                throw new IllegalStateException("need " + n + " bytes in a " + buf.length + "-byte buffer");
            }
            buf = new byte[(int) Math.max(n, Math.min(CHUNK, (long) buf.length * 2))];
        }
        int want = (int) Math.min(buf.length, end - pos);
        ByteBuffer dst = ByteBuffer.wrap(buf, 0, want);
        while (dst.hasRemaining()) {
            if (channel.read(dst, pos + dst.position()) < 0) {
                throw new EOFException("log ends at " + (pos + dst.position()) + ", expected " + end + " bytes");
            }
        }
        bufPos = pos;
        bufLen = want;
    }

    /**
     * Checks the record at {@code pos}; returns null when it is whole and its CRC matches (its fields
     * are then set), else what is wrong with it.
     */
    String check(long pos) throws IOException {
        long left = end - pos;
        if (left < RecordFormat.HEADER) {
            return "incomplete record header: " + left + " bytes left";
        }
        need(pos, RecordFormat.HEADER);
        int b = (int) (pos - bufPos);
        long len = Integer.toUnsignedLong((int) RecordBuffer.INT.get(buf, b + 4));
        int k = buf[b + 8] & 0xFF;
        int f = buf[b + 9] & 0xFF;
        int kl = Short.toUnsignedInt((short) RecordBuffer.SHORT.get(buf, b + 10));
        if (len < RecordFormat.HEADER + (long) kl) {
            return "record length " + len + " shorter than header plus key (" + (RecordFormat.HEADER + kl) + ")";
        }
        if (len > left) {
            return "record length " + len + " runs past the end of the log (" + left + " bytes left)";
        }
        if (len > RecordFormat.MAX_RECORD) {
            return "record length " + len + " exceeds the format limit " + RecordFormat.MAX_RECORD;
        }
        if (!RecordFormat.isKnownKind(k, version)) {
            return "unknown record kind " + k;
        }
        if ((f & ~RecordFormat.knownFlags(version)) != 0) {
            return "unknown record flags 0x" + Integer.toHexString(f);
        }
        if (kl == 0) {
            return "record with an empty key";
        }
        if ((k == RecordFormat.KIND_SERIES_F64 || k == RecordFormat.KIND_SERIES_I64) && len > MAX_SERIES_RECORD
                || k == RecordFormat.KIND_CODEC && len > RecordFormat.HEADER + kl + 1
                || (k == RecordFormat.KIND_NAMESPACE || k == RecordFormat.KIND_NAMESPACE_DROP)
                        && len > RecordFormat.HEADER + kl + 5) {
            return "record length " + len + " too long for a record of kind " + k;
        }
        int stored = (int) RecordBuffer.INT.get(buf, b);
        int actual;
        if (len <= Math.max(buf.length, MAX_SERIES_RECORD)) {
            need(pos, (int) len);
            b = (int) (pos - bufPos);
            actual = Checksums.crc32c(buf, b + 4, (int) len - 4);
        } else {
            actual = streamingCrc(pos, len); // a large value: checked chunk by chunk, never allocated
            need(pos, RecordFormat.HEADER + kl); // the caller reads the key, not the value
        }
        if (stored != actual) {
            return String.format("record CRC32C mismatch: stored %08x, computed %08x", stored, actual);
        }
        offset = pos;
        length = (int) len;
        kind = k;
        flags = f;
        keyLen = kl;
        timestamp = (long) RecordBuffer.LONG.get(buf, b + 12);
        return null;
    }

    private int streamingCrc(long pos, long len) throws IOException {
        CRC32C crc = new CRC32C();
        long p = pos + 4;
        long stop = pos + len;
        while (p < stop) {
            int n = (int) Math.min(buf.length, stop - p);
            need(p, n);
            crc.update(buf, (int) (p - bufPos), n);
            p += n;
        }
        return (int) crc.getValue();
    }

    /** Offset of the first valid record after {@code pos}, or -1 when none follows. */
    long findNext(long pos) throws IOException {
        for (long p = pos + 1; p <= end - RecordFormat.HEADER; p++) {
            if (check(p) == null) {
                return p;
            }
        }
        return -1;
    }
}
