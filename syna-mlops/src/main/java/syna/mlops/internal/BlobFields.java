package syna.mlops.internal;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.crypto.digests.Blake3Digest;
import syna.api.InvalidArgumentException;
import syna.api.SerializationException;
import syna.api.store.BlobDigest;
import syna.api.store.BlobInfo;
import syna.api.store.ChunkedBlobs;
import syna.mlops.DigestAlgorithm;

/**
 * The registry's and tracker's use of {@link ChunkedBlobs}: the digest of each
 * {@link DigestAlgorithm} (SHA-256 from the JDK, BLAKE3 from BouncyCastle when it is there, see
 * {@link BouncyCastle}) and the manifest fields
 * a {@link BlobInfo} is recorded in ({@code size, chunks, chunkSize, algorithm, digest}).
 * Thread-safe (stateless).
 */
final class BlobFields {
    private BlobFields() {}

    /**
     * A fresh digest of {@code algorithm}.
     *
     * @throws syna.api.UnsupportedFeatureException for BLAKE3 without BouncyCastle
     */
    static BlobDigest digest(DigestAlgorithm algorithm) {
        return switch (algorithm) {
            case SHA_256 -> BlobDigest.sha256();
            case BLAKE3 -> {
                // before the first use of a BouncyCastle class, so that its absence is a typed error, not a NoClassDefFoundError
                BouncyCastle.require(algorithm.label());
                yield new Blake3();
            }
        };
    }

    /** A fresh digest of the algorithm {@code info} was written with. */
    static BlobDigest digestOf(BlobInfo info) {
        return digest(DigestAlgorithm.ofLabel(info.algorithm()));
    }

    static Map<String, Object> toJson(BlobInfo s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("size", s.size());
        m.put("chunks", s.chunks());
        m.put("chunkSize", s.chunkSize());
        m.put("algorithm", s.algorithm());
        m.put("digest", s.digest());
        return m;
    }

    static BlobInfo fromJson(Map<String, Object> m, String what) {
        try {
            BlobInfo b = new BlobInfo(((Number) m.get("size")).longValue(), ((Number) m.get("chunks")).intValue(),
                    ((Number) m.get("chunkSize")).intValue(), (String) m.get("algorithm"), (String) m.get("digest"));
            DigestAlgorithm.ofLabel(b.algorithm());
            return b;
        } catch (ClassCastException | NullPointerException | InvalidArgumentException e) {
            throw new SerializationException(what + ": manifest lacks a valid size, chunks, chunkSize, algorithm or digest: "
                    + m, e);
        }
    }

    /** BLAKE3 with a 256-bit output. Not thread-safe; one per blob. */
    private static final class Blake3 implements BlobDigest {
        private final Blake3Digest d = new Blake3Digest(256);

        @Override
        public String algorithm() {
            return DigestAlgorithm.BLAKE3.label();
        }

        @Override
        public void update(byte[] b, int off, int len) {
            d.update(b, off, len);
        }

        @Override
        public String finishHex() {
            byte[] out = new byte[d.getDigestSize()];
            d.doFinal(out, 0);
            return HexFormat.of().formatHex(out);
        }
    }
}
