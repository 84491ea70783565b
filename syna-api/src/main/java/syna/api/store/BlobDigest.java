package syna.api.store;

import java.lang.foreign.MemorySegment;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import syna.api.InternalException;

/**
 * An incremental digest that guards a blob ({@link ChunkedBlobs}); its {@link #algorithm()} name is
 * recorded beside the digest, so blobs written with different algorithms read side by side. A
 * feature may bring its own (the model registry adds BLAKE3). Not thread-safe; one per blob.
 */
public interface BlobDigest {
    /** The name recorded with the digest, e.g. {@code SHA-256}. */
    String algorithm();

    /** Adds {@code len} bytes of {@code b} from {@code off}. */
    void update(byte[] b, int off, int len);

    /** Adds the bytes of {@code segment}; the default copies through a small heap buffer. */
    default void update(MemorySegment segment) {
        byte[] buf = new byte[(int) Math.min(64 << 10, Math.max(1, segment.byteSize()))];
        for (long at = 0; at < segment.byteSize(); at += buf.length) {
            int n = (int) Math.min(buf.length, segment.byteSize() - at);
            MemorySegment.copy(segment, java.lang.foreign.ValueLayout.JAVA_BYTE, at, buf, 0, n);
            update(buf, 0, n);
        }
    }

    /** The digest as lower-case hex; the digest cannot be used afterwards. */
    String finishHex();

    /** SHA-256 from the JDK (which uses the CPU's SHA instructions where it has them). */
    static BlobDigest sha256() {
        return jdk("SHA-256");
    }

    /** A JDK {@link MessageDigest} algorithm, e.g. {@code SHA-512}. */
    static BlobDigest jdk(String algorithm) {
        if (algorithm == null) {
            throw new syna.api.InvalidArgumentException("digest algorithm must not be null");
        }
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new InternalException("this JDK has no " + algorithm + " MessageDigest", e);
        }
        return new BlobDigest() {
            @Override
            public String algorithm() {
                return algorithm;
            }

            @Override
            public void update(byte[] b, int off, int len) {
                md.update(b, off, len);
            }

            @Override
            public void update(MemorySegment segment) {
                if (segment.isNative()) {
                    md.update(segment.asByteBuffer()); // direct: no heap copy
                } else {
                    BlobDigest.super.update(segment);
                }
            }

            @Override
            public String finishHex() {
                return HexFormat.of().formatHex(md.digest());
            }
        };
    }
}
