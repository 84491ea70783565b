package syna.codec.lz4.internal;

import java.util.Arrays;
import java.util.Objects;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import syna.api.DatabaseOptions;
import syna.api.SerializationException;
import syna.api.spi.ValueCodec;

/**
 * Raw LZ4 blocks with lz4-java's safe, pure-Java implementation: no JNI (so it runs in a jlink
 * image and on any platform) and no {@code sun.misc.Unsafe} (which JDK 24+ warns about). Decoding
 * checks every length before it allocates and turns any malformed input into a
 * {@link SerializationException}. Thread-safe.
 */
final class Lz4Codec implements ValueCodec {
    /**
     * An LZ4 block expands at most 255-fold: every output byte beyond the first few of a sequence
     * costs at least 1/255 of an input byte (length extension bytes add 255 each).
     */
    static final int MAX_EXPANSION = 255;

    private static final class Holder {
        // Lazily, so that loading the provider does not load lz4-java.
        static final Lz4Codec INSTANCE = new Lz4Codec(LZ4Factory.safeInstance());
    }

    private final LZ4Compressor compressor;
    private final LZ4SafeDecompressor decompressor;

    Lz4Codec(LZ4Factory factory) {
        this.compressor = factory.fastCompressor();
        this.decompressor = factory.safeDecompressor();
    }

    static Lz4Codec instance() {
        return Holder.INSTANCE;
    }

    @Override
    public byte[] encode(byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, Objects.requireNonNull(src, "src").length);
        byte[] out = new byte[compressor.maxCompressedLength(len)];
        int n = compressor.compress(src, off, len, out, 0, out.length);
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    @Override
    public byte[] decode(byte[] src, int off, int len, int rawLength) {
        Objects.checkFromIndexSize(off, len, Objects.requireNonNull(src, "src").length);
        if (rawLength < 0 || rawLength > DatabaseOptions.MAX_VALUE_BYTES_LIMIT) {
            throw new SerializationException("codec 'lz4': raw length " + rawLength + " out of [0, "
                    + DatabaseOptions.MAX_VALUE_BYTES_LIMIT + "]");
        }
        if (len == 0) {
            throw new SerializationException("codec 'lz4': empty block for raw length " + rawLength);
        }
        if (rawLength > (long) len * MAX_EXPANSION) {
            throw new SerializationException("codec 'lz4': raw length " + rawLength + " exceeds "
                    + MAX_EXPANSION + " x block length " + len + "; the length or the block is corrupt");
        }
        byte[] out = new byte[rawLength];
        int n;
        try {
            n = decompressor.decompress(src, off, len, out, 0, rawLength);
        } catch (LZ4Exception | IndexOutOfBoundsException e) {
            throw new SerializationException("codec 'lz4': malformed block of " + len + " bytes for raw length "
                    + rawLength + ": " + e.getMessage(), e);
        }
        if (n != rawLength) {
            throw new SerializationException("codec 'lz4': block of " + len + " bytes decodes to " + n
                    + " bytes, expected raw length " + rawLength);
        }
        return out;
    }
}
