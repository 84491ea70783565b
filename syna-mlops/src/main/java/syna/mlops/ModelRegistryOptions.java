package syna.mlops;

import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;
import syna.api.InvalidArgumentException;

/**
 * Settings of a {@link ModelRegistry}, built with {@link #builder()} and validated in
 * {@link Builder#build()}. Immutable and thread-safe.
 *
 * @param digest algorithm for new versions (default {@link DigestAlgorithm#SHA_256})
 * @param chunkSize bytes per stored chunk, in [{@value #MIN_CHUNK_SIZE}, {@value #MAX_CHUNK_SIZE}]
 *     (default 1 MiB); must also fit the database's {@code maxValueBytes}
 * @param productionPolicy what {@link ModelRegistry#setStage} does to other Production versions
 *     (default {@link ProductionPolicy#ARCHIVE_PREVIOUS})
 * @param verifyKey when present, every load also requires a valid Ed25519 signature by this key
 */
public record ModelRegistryOptions(
        DigestAlgorithm digest, int chunkSize, ProductionPolicy productionPolicy, Optional<PublicKey> verifyKey) {

    /** Smallest chunk size accepted. */
    public static final int MIN_CHUNK_SIZE = 64;
    /** Largest chunk size accepted. */
    public static final int MAX_CHUNK_SIZE = 16 << 20;
    /** Default chunk size: 1 MiB. */
    public static final int DEFAULT_CHUNK_SIZE = 1 << 20;

    /** Validates every field. */
    public ModelRegistryOptions {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(productionPolicy, "productionPolicy");
        Objects.requireNonNull(verifyKey, "verifyKey");
        if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
            throw new InvalidArgumentException("model registry chunkSize must be in [" + MIN_CHUNK_SIZE + ", "
                    + MAX_CHUNK_SIZE + "], got " + chunkSize);
        }
        if (verifyKey.isPresent() && !isEd25519(verifyKey.get())) {
            throw new InvalidArgumentException("model registry verifyKey must be an Ed25519 (EdDSA) public key, got "
                    + verifyKey.get().getAlgorithm());
        }
    }

    static boolean isEd25519(java.security.Key key) {
        return "Ed25519".equals(key.getAlgorithm()) || "EdDSA".equals(key.getAlgorithm());
    }

    /** The defaults. */
    public static ModelRegistryOptions defaults() {
        return builder().build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return "ModelRegistryOptions[digest=" + digest + ", chunkSize=" + chunkSize + ", productionPolicy="
                + productionPolicy + ", verifyKey=" + (verifyKey.isPresent() ? "Ed25519" : "none") + "]";
    }

    /** Builds {@link ModelRegistryOptions}. Not thread-safe; one per thread. */
    public static final class Builder {
        private DigestAlgorithm digest = DigestAlgorithm.SHA_256;
        private int chunkSize = DEFAULT_CHUNK_SIZE;
        private ProductionPolicy productionPolicy = ProductionPolicy.ARCHIVE_PREVIOUS;
        private Optional<PublicKey> verifyKey = Optional.empty();

        private Builder() {}

        /** Digest algorithm for new versions. */
        public Builder digest(DigestAlgorithm digest) {
            this.digest = Objects.requireNonNull(digest, "digest");
            return this;
        }

        /** Bytes per stored chunk. */
        public Builder chunkSize(int chunkSize) {
            this.chunkSize = chunkSize;
            return this;
        }

        /** Default policy for promotions to Production. */
        public Builder productionPolicy(ProductionPolicy policy) {
            this.productionPolicy = Objects.requireNonNull(policy, "productionPolicy");
            return this;
        }

        /** Requires every loaded version to carry a valid Ed25519 signature by {@code key}. */
        public Builder verifyKey(PublicKey key) {
            this.verifyKey = Optional.of(Objects.requireNonNull(key, "verifyKey"));
            return this;
        }

        /** Validates and builds. */
        public ModelRegistryOptions build() {
            return new ModelRegistryOptions(digest, chunkSize, productionPolicy, verifyKey);
        }
    }
}
