package syna.api.spi.format;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** CRC32C helpers (hardware-accelerated by the JDK on x86 and ARM). Thread-safe. */
public final class Checksums {
    private Checksums() {}

    /** CRC32C of {@code b[off, off+len)}. */
    public static int crc32c(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    /** CRC32C of the remaining bytes of {@code buf}; its position is left unchanged. */
    public static int crc32c(ByteBuffer buf) {
        CRC32C c = new CRC32C();
        c.update(buf.duplicate());
        return (int) c.getValue();
    }

    /** CRC32C of {@code len} bytes of {@code seg} from {@code off}, in chunks (no 2 GB limit). */
    public static int crc32c(MemorySegment seg, long off, long len) {
        CRC32C c = new CRC32C();
        long pos = off;
        long end = off + len;
        while (pos < end) {
            int n = (int) Math.min(1 << 30, end - pos);
            c.update(seg.asSlice(pos, n).asByteBuffer());
            pos += n;
        }
        return (int) c.getValue();
    }
}
