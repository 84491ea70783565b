package syna.tensor;

import java.io.Serial;
import syna.api.ChecksumMismatchException;

/**
 * A stored chunk of a tensor failed its check on read: its CRC32C, its length, or the storage
 * engine's own record check; or it is missing. The message names the tensor, the chunk and its byte
 * range; the storage engine's exception, if any, is the cause.
 */
public class ChunkCorruptException extends ChecksumMismatchException {
    @Serial private static final long serialVersionUID = 1L;

    private final String tensor;
    private final long chunk;

    /** Chunk {@code chunk} of tensor {@code tensor} is bad. */
    public ChunkCorruptException(String message, String tensor, long chunk, Throwable cause) {
        super(message, cause);
        this.tensor = tensor;
        this.chunk = chunk;
    }

    /** The tensor's name. */
    public String tensor() {
        return tensor;
    }

    /** The chunk's number, from 0; -1 for a tensor stored in one piece with its description. */
    public long chunk() {
        return chunk;
    }
}
