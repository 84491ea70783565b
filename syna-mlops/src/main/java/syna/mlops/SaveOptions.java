package syna.mlops;

import java.security.PrivateKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import syna.api.InvalidArgumentException;

/**
 * Per-save settings of {@link ModelRegistry#save(String, java.io.InputStream, Map, SaveOptions)},
 * built with {@link #builder()} and validated in {@link Builder#build()}. Immutable and thread-safe.
 *
 * @param runId lineage: the experiment run that produced the version
 * @param digest overrides the registry's digest algorithm for this version
 * @param signingKey signs the version (Ed25519) over model, version, algorithm, digest and size
 * @param tags version tags set in the same atomic write as the version
 */
public record SaveOptions(
        Optional<String> runId, Optional<DigestAlgorithm> digest, Optional<PrivateKey> signingKey,
        Map<String, String> tags) {

    /** Validates and copies. */
    public SaveOptions {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(signingKey, "signingKey");
        tags = Map.copyOf(tags);
        if (runId.isPresent() && runId.get().isBlank()) {
            throw new InvalidArgumentException("save option runId must not be blank, got '" + runId.get() + "'");
        }
        if (signingKey.isPresent() && !ModelRegistryOptions.isEd25519(signingKey.get())) {
            throw new InvalidArgumentException("save option signingKey must be an Ed25519 private key, got "
                    + signingKey.get().getAlgorithm());
        }
    }

    /** No lineage, the registry's digest, unsigned, no tags. */
    public static SaveOptions defaults() {
        return builder().build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return "SaveOptions[runId=" + runId.orElse("none") + ", digest=" + digest.map(Object::toString).orElse("registry")
                + ", signed=" + signingKey.isPresent() + ", tags=" + tags + "]";
    }

    /** Builds {@link SaveOptions}. Not thread-safe; one per thread. */
    public static final class Builder {
        private Optional<String> runId = Optional.empty();
        private Optional<DigestAlgorithm> digest = Optional.empty();
        private Optional<PrivateKey> signingKey = Optional.empty();
        private final Map<String, String> tags = new LinkedHashMap<>();

        private Builder() {}

        /** Records the run that produced the version. */
        public Builder runId(String runId) {
            this.runId = Optional.of(Objects.requireNonNull(runId, "runId"));
            return this;
        }

        /** Digest algorithm for this version. */
        public Builder digest(DigestAlgorithm digest) {
            this.digest = Optional.of(Objects.requireNonNull(digest, "digest"));
            return this;
        }

        /** Signs the version with an Ed25519 key. */
        public Builder signWith(PrivateKey key) {
            this.signingKey = Optional.of(Objects.requireNonNull(key, "signingKey"));
            return this;
        }

        /** Adds a version tag. */
        public Builder tag(String key, String value) {
            tags.put(Objects.requireNonNull(key, "tag key"), Objects.requireNonNull(value, "tag value"));
            return this;
        }

        /** Validates and builds. */
        public SaveOptions build() {
            return new SaveOptions(runId, digest, signingKey, tags);
        }
    }
}
