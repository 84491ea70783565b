package syna.storage.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import syna.api.spi.format.Checksums;

/**
 * A growable little-endian byte buffer that records are encoded into before one write reaches the
 * file. Not thread-safe; one per writer.
 *
 * <p>A large write (a batch of 10,000 vectors is 15 MB) grows the buffer to its size once ({@link
 * #reserve}); {@link #reset} then gives the memory back when the buffer has grown past {@link #RETAINED}
 * bytes (4 MiB), so that one bulk write does not keep its size on the heap for the life of the database.
 * {@link #writeTo} hands the bytes to a file in slices of at most {@link #SLICE} bytes, since the JDK
 * copies a heap buffer into a temporary direct buffer of the write's size and keeps that buffer for the
 * thread (off the heap, for good).
 */
final class RecordBuffer {
    static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * Capacity kept across {@link #reset}: larger buffers are dropped and made again at the first capacity.
     * Above the tensor engine's batches of about 1 MiB, which would otherwise allocate a buffer each.
     */
    static final int RETAINED = 4 << 20;
    /** Most bytes handed to one {@link FileChannel#write} call. */
    static final int SLICE = 1 << 20;

    private final int initialCapacity;
    private byte[] buf;
    private int size;

    RecordBuffer(int capacity) {
        initialCapacity = capacity;
        buf = new byte[capacity];
    }

    /** Current capacity (tests). */
    int capacity() {
        return buf.length;
    }

    /** Makes room for {@code n} more bytes in one step (a large write knows its size before it encodes). */
    void reserve(long n) {
        ensure((int) Math.min(n, Integer.MAX_VALUE - 16L - size));
    }

    /**
     * Writes the buffer's bytes to {@code channel} at {@code position}, in slices of at most {@link
     * #SLICE} bytes; returns how many.
     */
    int writeTo(FileChannel channel, long position) throws IOException {
        writeFully(channel, ByteBuffer.wrap(buf, 0, size), position);
        return size;
    }

    /**
     * Writes all of {@code b} (from its position to its limit) to {@code channel} at {@code position}, in
     * slices of at most {@link #SLICE} bytes when {@code b} is on the heap (bounding the JDK's temporary
     * direct buffer); restores nothing: {@code b}'s position ends at its limit.
     */
    static void writeFully(FileChannel channel, ByteBuffer b, long position) throws IOException {
        int start = b.position();
        int limit = b.limit();
        while (b.position() < limit) {
            if (!b.isDirect()) {
                b.limit(Math.min(limit, b.position() + SLICE));
            }
            channel.write(b, position + (b.position() - start));
            b.limit(limit);
        }
    }

    byte[] array() {
        return buf;
    }

    int size() {
        return size;
    }

    /** Empties the buffer; one that grew past {@link #RETAINED} (and its first capacity) is made small again. */
    void reset() {
        size = 0;
        if (buf.length > Math.max(RETAINED, initialCapacity)) {
            buf = new byte[initialCapacity];
        }
    }

    /** Drops everything after the first {@code newSize} bytes (undoes a half-encoded operation). */
    void truncate(int newSize) {
        size = Math.min(size, newSize); // never resurrects bytes a flush already handed on
    }

    private void ensure(int n) {
        if (buf.length - size < n) {
            long want = Math.max((long) buf.length * 2, (long) size + n);
            if (want > Integer.MAX_VALUE - 16) {
                want = (long) size + n;
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
    }

    void putByte(int v) {
        ensure(1);
        buf[size++] = (byte) v;
    }

    void putInt(int v) {
        ensure(4);
        INT.set(buf, size, v);
        size += 4;
    }

    void putLong(long v) {
        ensure(8);
        LONG.set(buf, size, v);
        size += 8;
    }

    void putBytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    void putFloats(float[] v) {
        ensure(4 * v.length);
        for (float f : v) {
            INT.set(buf, size, Float.floatToRawIntBits(f));
            size += 4;
        }
    }

    /** Starts a record of a user key; returns its start index for {@link #endRecord}. */
    int beginRecord(int kind, int flags, byte[] key, long timestampMicros) {
        return beginRecord(kind, flags, Space.USER, key, timestampMicros);
    }

    /**
     * Starts a record of {@code key} in key space {@code spaceId}: a namespace's key field is the
     * varint id and then the key, flagged {@link RecordFormat#FLAG_NAMESPACED}. Returns its start index
     * for {@link #endRecord}.
     */
    int beginRecord(int kind, int flags, int spaceId, byte[] key, long timestampMicros) {
        int start = size;
        int idLen = spaceId == Space.USER ? 0 : SeriesEncoding.varLen(spaceId);
        ensure(RecordFormat.HEADER + idLen + key.length);
        size += 8; // crc and length are filled in by endRecord
        buf[size++] = (byte) kind;
        buf[size++] = (byte) (idLen > 0 ? flags | RecordFormat.FLAG_NAMESPACED : flags);
        SHORT.set(buf, size, (short) (idLen + key.length));
        size += 2;
        LONG.set(buf, size, timestampMicros);
        size += 8;
        if (idLen > 0) {
            VarInts.put(this, spaceId);
        }
        System.arraycopy(key, 0, buf, size, key.length);
        size += key.length;
        return start;
    }

    /** Appends the bytes of {@code seg}. */
    void putSegment(java.lang.foreign.MemorySegment seg) {
        long n = seg.byteSize();
        if (n > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("segment of " + n + " bytes");
        }
        ensure((int) n);
        java.lang.foreign.MemorySegment.copy(seg, 0, java.lang.foreign.MemorySegment.ofArray(buf), size, n);
        size += (int) n;
    }

    /** Sets the flags byte of the record starting at {@code start}. */
    void setFlags(int start, int flags) {
        buf[start + 9] = (byte) flags;
    }

    int flags(int start) {
        return buf[start + 9] & 0xFF;
    }

    /** Fills in length and CRC32C of the record that started at {@code start}. */
    void endRecord(int start) {
        int length = size - start;
        INT.set(buf, start + 4, length);
        INT.set(buf, start, Checksums.crc32c(buf, start + 4, length - 4));
    }

    /** Recomputes the CRC of the record at {@code start} (after its flags changed). */
    void reseal(int start) {
        int length = (int) INT.get(buf, start + 4);
        INT.set(buf, start, Checksums.crc32c(buf, start + 4, length - 4));
    }
}
