package syna.mlops;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored version of a model, as read at query time (stage and tags may change later).
 * Immutable and thread-safe.
 *
 * @param model model name
 * @param version version number, from 1
 * @param sizeBytes length of the model bytes
 * @param chunks number of stored chunks
 * @param digestAlgorithm algorithm that made {@link #digest()}
 * @param digest lower-case hex digest of the model bytes
 * @param createdAt when the version was committed
 * @param stage current stage
 * @param metadata metadata given to save
 * @param tags version tags
 * @param runId lineage: the run that produced it, if recorded
 * @param signed whether the version carries an Ed25519 signature
 */
public record ModelVersion(
        String model, int version, long sizeBytes, int chunks, DigestAlgorithm digestAlgorithm, String digest,
        Instant createdAt, Stage stage, Map<String, String> metadata, Map<String, String> tags,
        Optional<String> runId, boolean signed) {

    /** Validates and copies. */
    public ModelVersion {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(digestAlgorithm, "digestAlgorithm");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(stage, "stage");
        metadata = Map.copyOf(metadata);
        tags = Map.copyOf(tags);
        Objects.requireNonNull(runId, "runId");
    }
}
