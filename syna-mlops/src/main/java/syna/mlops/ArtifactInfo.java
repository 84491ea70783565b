package syna.mlops;

import syna.api.InvalidArgumentException;

/**
 * What is stored for one artifact of a run: its current generation (each replacement is a new one)
 * and the size and digest of its bytes. Immutable and thread-safe.
 *
 * @param name artifact name
 * @param generation 1 for the first write, one more for each replacement
 * @param sizeBytes number of bytes
 * @param digestAlgorithm the algorithm of {@code digest}
 * @param digest lower-case hex digest of the bytes
 */
public record ArtifactInfo(String name, long generation, long sizeBytes, DigestAlgorithm digestAlgorithm,
        String digest) {
    /** Rejects nulls and bad bounds. */
    public ArtifactInfo {
        if (name == null || digestAlgorithm == null || digest == null) {
            throw new InvalidArgumentException("artifact info needs a name, an algorithm and a digest");
        }
        if (generation < 1 || sizeBytes < 0) {
            throw new InvalidArgumentException("artifact '" + name + "': generation " + generation + " and size "
                    + sizeBytes + " must be >= 1 and >= 0");
        }
    }
}
