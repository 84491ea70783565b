package syna.api.spi.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Little-endian output for the body of a sealed file; tracks length and CRC32C. Only
 * {@link SealedFiles#write} creates one. Not thread-safe; one per thread.
 */
public final class SealedOutput {
    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private long length;

    SealedOutput(FileChannel ch) {
        this.ch = ch;
    }

    private void ensure(int n) throws IOException {
        if (buf.remaining() < n) {
            flush();
        }
    }

    /** Writes one byte. */
    public SealedOutput writeByte(int v) throws IOException {
        ensure(1);
        buf.put((byte) v);
        return this;
    }

    /** Writes an int. */
    public SealedOutput writeInt(int v) throws IOException {
        ensure(4);
        buf.putInt(v);
        return this;
    }

    /** Writes a long. */
    public SealedOutput writeLong(long v) throws IOException {
        ensure(8);
        buf.putLong(v);
        return this;
    }

    /** Writes a float. */
    public SealedOutput writeFloat(float v) throws IOException {
        ensure(4);
        buf.putFloat(v);
        return this;
    }

    /** Writes {@code len} floats of {@code v} from {@code off}. */
    public SealedOutput writeFloats(float[] v, int off, int len) throws IOException {
        int i = 0;
        while (i < len) {
            ensure(4);
            int n = Math.min(len - i, buf.remaining() / 4);
            buf.asFloatBuffer().put(v, off + i, n);
            buf.position(buf.position() + 4 * n);
            i += n;
        }
        return this;
    }

    /** Writes {@code len} ints of {@code v} from {@code off}. */
    public SealedOutput writeInts(int[] v, int off, int len) throws IOException {
        int i = 0;
        while (i < len) {
            ensure(4);
            int n = Math.min(len - i, buf.remaining() / 4);
            buf.asIntBuffer().put(v, off + i, n);
            buf.position(buf.position() + 4 * n);
            i += n;
        }
        return this;
    }

    /** Writes {@code len} longs of {@code v} from {@code off}. */
    public SealedOutput writeLongs(long[] v, int off, int len) throws IOException {
        int i = 0;
        while (i < len) {
            ensure(8);
            int n = Math.min(len - i, buf.remaining() / 8);
            buf.asLongBuffer().put(v, off + i, n);
            buf.position(buf.position() + 8 * n);
            i += n;
        }
        return this;
    }

    /** Writes bytes. */
    public SealedOutput writeBytes(byte[] v, int off, int len) throws IOException {
        int i = 0;
        while (i < len) {
            ensure(1);
            int n = Math.min(len - i, buf.remaining());
            buf.put(v, off + i, n);
            i += n;
        }
        return this;
    }

    /** Writes zero bytes until the body length is a multiple of {@code alignment}. */
    public SealedOutput align(int alignment) throws IOException {
        long pad = (alignment - ((FileHeader.SIZE + position()) % alignment)) % alignment;
        for (long i = 0; i < pad; i++) {
            writeByte(0);
        }
        return this;
    }

    /** Bytes written to the body so far. */
    public long position() {
        return length + buf.position();
    }

    void flush() throws IOException {
        buf.flip();
        crc.update(buf.duplicate());
        length += buf.remaining();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        buf.clear();
    }

    long length() {
        return length;
    }

    int crc() {
        return (int) crc.getValue();
    }
}
