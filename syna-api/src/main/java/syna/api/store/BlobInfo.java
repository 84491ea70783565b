package syna.api.store;

import syna.api.InvalidArgumentException;

/**
 * What a feature records about a blob it stored with {@link ChunkedBlobs} (in its manifest), and what
 * reading it back checks. Immutable.
 *
 * @param size number of bytes
 * @param chunks number of chunks
 * @param chunkSize largest chunk length
 * @param algorithm digest algorithm name ({@link BlobDigest#algorithm()})
 * @param digest lower-case hex digest of all the bytes
 */
public record BlobInfo(long size, int chunks, int chunkSize, String algorithm, String digest) {
    /** Checks the bounds. */
    public BlobInfo {
        if (algorithm == null || digest == null) {
            throw new InvalidArgumentException("blob " + (algorithm == null ? "algorithm" : "digest") + " must not be null");
        }
        if (size < 0 || chunks < 0 || chunkSize < 1 || (long) chunks * chunkSize < size) {
            throw new InvalidArgumentException("blob of " + size + " bytes in " + chunks + " chunks of at most "
                    + chunkSize + " is not possible");
        }
    }
}
