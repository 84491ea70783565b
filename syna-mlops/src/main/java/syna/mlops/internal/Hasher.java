package syna.mlops.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.Blake3Digest;
import syna.api.InternalException;
import syna.mlops.DigestAlgorithm;

/** An incremental digest of one algorithm. Not thread-safe; one per thread. */
abstract sealed class Hasher {
    abstract void update(byte[] b, int off, int len);

    abstract byte[] finish();

    /** Lower-case hex of {@link #finish()}. */
    final String finishHex() {
        return HexFormat.of().formatHex(finish());
    }

    static Hasher of(DigestAlgorithm algorithm) {
        return switch (algorithm) {
            case SHA_256 -> new Jdk("SHA-256");
            case BLAKE3 -> new Blake3();
        };
    }

    private static final class Jdk extends Hasher {
        private final MessageDigest md;

        Jdk(String name) {
            try {
                md = MessageDigest.getInstance(name);
            } catch (NoSuchAlgorithmException e) {
                throw new InternalException("the JDK lacks " + name + ", which every Java SE has", e);
            }
        }

        @Override
        void update(byte[] b, int off, int len) {
            md.update(b, off, len);
        }

        @Override
        byte[] finish() {
            return md.digest();
        }
    }

    private static final class Blake3 extends Hasher {
        private final Blake3Digest d = new Blake3Digest(256);

        @Override
        void update(byte[] b, int off, int len) {
            d.update(b, off, len);
        }

        @Override
        byte[] finish() {
            byte[] out = new byte[d.getDigestSize()];
            d.doFinal(out, 0);
            return out;
        }
    }
}
