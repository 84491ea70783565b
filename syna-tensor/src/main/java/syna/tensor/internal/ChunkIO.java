package syna.tensor.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import syna.api.BytesView;
import syna.api.CorruptFileException;
import syna.api.KeyNotFoundException;
import syna.api.KeySpace;
import syna.api.SynaIOException;
import syna.api.TypeMismatchException;
import syna.api.store.ChunkedBlobs;
import syna.tensor.ChunkCorruptException;

/**
 * Reads chunks of stored tensors, as views of the storage engine's maps or into the caller's
 * memory, each checked against the CRC32C its description lists, and turns every way a chunk can be bad into a {@link ChunkCorruptException}
 * naming the tensor, the chunk and its byte range. Thread-safe (stateless).
 */
final class ChunkIO {
    private ChunkIO() {}

    /**
     * Chunk {@code c} of {@code d} as the storage engine holds it, without a copy where the engine
     * maps its file: read-only, checked against the CRC32C the description lists (the engine's one
     * pass over the bytes gives that CRC beside checking its own record's). Valid while reachable.
     */
    static MemorySegment viewChunk(KeySpace chunks, Descriptor d, int c) {
        String key = ChunkedBlobs.chunkKey(d.chunkPrefix(), c);
        int len = d.chunkLength(c);
        BytesView got;
        try {
            got = chunks.viewBytes(key);
        } catch (KeyNotFoundException | TypeMismatchException e) {
            throw corrupt(d, c, "is missing (key " + key + " of namespace " + name(chunks) + "): the tensor was replaced or "
                    + "deleted while being read, or its chunks were lost", e);
        } catch (CorruptFileException | SynaIOException e) {
            throw corrupt(d, c, "cannot be read: " + e.getMessage(), e);
        }
        if (got.byteSize() != len) {
            throw corrupt(d, c, "holds " + got.byteSize() + " bytes, expected " + len, null);
        }
        if (got.crc32c() != d.crcs()[c]) {
            throw corrupt(d, c, "fails its CRC32C: stored " + hex(d.crcs()[c]) + ", computed " + hex(got.crc32c()), null);
        }
        return got.bytes();
    }

    /** Reads chunk {@code c} of {@code d} into {@code target} (exactly its length): one copy from the engine's map. */
    static void readChunk(KeySpace chunks, Descriptor d, int c, MemorySegment target) {
        int len = d.chunkLength(c);
        if (target.byteSize() != len) {
            throw new IllegalArgumentException("target of " + target.byteSize() + " bytes for chunk of " + len);
        }
        MemorySegment.copy(viewChunk(chunks, d, c), 0, target, 0, len);
    }

    /**
     * Copies {@code target.byteSize()} bytes of chunked tensor {@code d} from byte {@code offset}
     * into {@code target}, from the chunks they lie in (each checked whole).
     */
    static void readRange(KeySpace chunks, Descriptor d, long offset, MemorySegment target) {
        readRange(d, offset, target, c -> viewChunk(chunks, d, c));
    }

    /**
     * As {@link #readRange(KeySpace, Descriptor, long, MemorySegment)}, with each chunk's checked view from
     * {@code chunkView} (a reader that keeps the views it checked).
     */
    static void readRange(Descriptor d, long offset, MemorySegment target, java.util.function.IntFunction<MemorySegment> chunkView) {
        long len = target.byteSize();
        if (offset < 0 || offset + len > d.byteSize()) {
            throw new syna.api.InvalidArgumentException("bytes [" + offset + ", " + (offset + len) + ") are outside the "
                    + d.byteSize() + " bytes of tensor '" + d.name() + "'");
        }
        long at = 0;
        while (at < len) {
            long pos = offset + at;
            int c = (int) (pos / d.chunkBytes());
            long inChunk = pos - (long) c * d.chunkBytes();
            long n = Math.min(len - at, d.chunkLength(c) - inChunk);
            MemorySegment.copy(chunkView.apply(c), inChunk, target, at, n);
            at += n;
        }
    }

    /** Checks the data of inline tensor {@code d} in {@code data}. */
    static void checkInline(Descriptor d, MemorySegment data) {
        int crc = Descriptor.crc(data, 0, data.byteSize());
        if (crc != d.dataCrc()) {
            throw new ChunkCorruptException("tensor '" + d.name() + "' (" + d.dtype().label() + " " + d.shape()
                    + ", stored in one piece) fails its CRC32C: stored " + hex(d.dataCrc()) + ", computed " + hex(crc),
                    d.name(), -1, null);
        }
    }

    /** A confined arena's segment of {@code n} bytes (at least 1 allocated). */
    static MemorySegment allocate(Arena arena, long n) {
        return arena.allocate(Math.max(1, n), 64).asSlice(0, n);
    }

    static ChunkCorruptException corrupt(Descriptor d, int c, String what, Throwable cause) {
        long from = (long) c * d.chunkBytes();
        return new ChunkCorruptException("chunk " + c + " of " + d.chunkCount() + " of tensor '" + d.name() + "' (bytes "
                + from + " to " + (from + d.chunkLength(c)) + " of " + d.byteSize() + ") " + what, d.name(), c, cause);
    }

    private static String name(KeySpace ks) {
        return ks instanceof syna.api.Namespace n ? n.name() : "(user keys)";
    }

    static String hex(int crc) {
        return String.format("%08x", crc);
    }
}
