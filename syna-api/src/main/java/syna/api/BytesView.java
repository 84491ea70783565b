package syna.api;

import java.lang.foreign.MemorySegment;

/**
 * A bytes value as stored, read without a copy where the engine can: a read-only segment of its bytes
 * (a slice of a memory map of the engine's file, or a copy where the value is compressed or not
 * mapped) and the CRC32C of exactly those bytes, computed by the same pass that checked the stored
 * record's own checksum. A caller that keeps its own checksum of the value compares with {@link
 * #crc32c()} instead of reading the bytes a second time. Immutable; thread-safe.
 *
 * <p>The segment stays valid while it is reachable (its memory belongs to an automatic arena), also
 * after the key is overwritten, the log compacted or the database closed: it shows the value as it
 * was read. It is never written to.
 *
 * @param bytes the value's bytes, read-only
 * @param crc32c the CRC32C (Castagnoli) of {@code bytes}
 */
public record BytesView(MemorySegment bytes, int crc32c) {
    /** Rejects a null or writable segment. */
    public BytesView {
        syna.api.internal.Checks.notNull(bytes, "bytes");
        if (!bytes.isReadOnly()) {
            throw new InvalidArgumentException("a BytesView's segment must be read-only");
        }
    }

    /** The number of bytes. */
    public long byteSize() {
        return bytes.byteSize();
    }
}
