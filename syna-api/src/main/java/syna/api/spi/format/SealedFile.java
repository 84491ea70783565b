package syna.api.spi.format;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import syna.api.ClosedException;

/**
 * A sealed file opened read-only by memory mapping, after its header, footer and body CRC were
 * checked. The body segment is valid until {@link #close()}; {@code close()} is idempotent.
 * Thread-safe (the mapping is shared).
 */
public final class SealedFile implements AutoCloseable {
    private final Path path;
    private final FileHeader header;
    private final Arena arena;
    private final MemorySegment body;
    private volatile boolean closed;

    SealedFile(Path path, FileHeader header, Arena arena, MemorySegment body) {
        this.path = path;
        this.header = header;
        this.arena = arena;
        this.body = body;
    }

    /** The file. */
    public Path path() {
        return path;
    }

    /** Its header. */
    public FileHeader header() {
        return header;
    }

    /** The body (between header and footer), read-only; little-endian as written. */
    public MemorySegment body() {
        if (closed) {
            throw new ClosedException("sealed file " + path + " is closed");
        }
        return body;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            arena.close();
        }
    }
}
