package syna.api.spi;

/** Compresses and decompresses value bytes. Thread-safe. */
public interface ValueCodec {
    /** Compressed form of {@code src[off, off+len)}. */
    byte[] encode(byte[] src, int off, int len);

    /**
     * Decompresses {@code src[off, off+len)} into exactly {@code rawLength} bytes; throws
     * {@link syna.api.SerializationException} when the input is malformed.
     */
    byte[] decode(byte[] src, int off, int len, int rawLength);
}
