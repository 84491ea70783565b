package syna.api.spi.format;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** CRC32C helpers (hardware-accelerated by the JDK on x86 and ARM). Thread-safe. */
public final class Checksums {
    /** The CRC32C polynomial, bit-reflected: bit 31 is the coefficient of x^0. */
    private static final int POLY = 0x82F63B78;
    /** {@code X2K[k]} is x^(2^k) modulo the polynomial, k = 0..66 (enough for any long length in bytes). */
    private static final int[] X2K = new int[67];

    static {
        X2K[0] = 1 << 30; // x^1
        for (int k = 1; k < X2K.length; k++) {
            X2K[k] = multiply(X2K[k - 1], X2K[k - 1]);
        }
    }

    private Checksums() {}

    /**
     * The CRC32C of the concatenation {@code A || B} from the CRC32C of {@code A}, that of {@code B}
     * and the length of {@code B}, without the bytes: at most 64 multiplications in GF(2)[x] modulo
     * the polynomial. Lets one pass over a value give both its own CRC and that of a record that
     * holds it behind a header.
     *
     * @param crcA CRC32C of the first part
     * @param crcB CRC32C of the second part
     * @param lenB length of the second part in bytes, {@code >= 0}
     * @return CRC32C of both parts in order
     */
    public static int crc32cCombine(int crcA, int crcB, long lenB) {
        if (lenB < 0) {
            throw new IllegalArgumentException("negative length " + lenB);
        }
        // Appending lenB bytes multiplies the register by x^(8 lenB); the initial and final inversions
        // of the two CRCs cancel, so no correction is needed.
        int shift = 1 << 31; // x^0
        long n = lenB;
        for (int k = 3; n != 0; k++, n >>>= 1) {
            if ((n & 1) != 0) {
                shift = multiply(X2K[k], shift);
            }
        }
        return multiply(shift, crcA) ^ crcB;
    }

    /** {@code a * b} modulo the polynomial, both bit-reflected. */
    private static int multiply(int a, int b) {
        int product = 0;
        for (int bit = 1 << 31; bit != 0 && a != 0; bit >>>= 1) {
            if ((a & bit) != 0) {
                product ^= b;
                a ^= bit;
            }
            b = (b & 1) != 0 ? (b >>> 1) ^ POLY : b >>> 1;
        }
        return product;
    }

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
