package syna.tensor.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import syna.api.CorruptFileException;
import syna.api.KeyNotFoundException;
import syna.api.KeySpace;
import syna.api.SynaIOException;
import syna.api.TypeMismatchException;
import syna.api.store.ChunkedBlobs;
import syna.tensor.ChunkCorruptException;

/**
 * Reads chunks of stored tensors into the caller's memory, each checked against the CRC32C its
 * description lists, and turns every way a chunk can be bad into a {@link ChunkCorruptException}
 * naming the tensor, the chunk and its byte range. Thread-safe (stateless).
 */
final class ChunkIO {
    private ChunkIO() {}

    /** Reads chunk {@code c} of {@code d} into {@code target} (exactly its length), straight from the log when it can. */
    static void readChunk(KeySpace chunks, Descriptor d, int c, MemorySegment target) {
        String key = ChunkedBlobs.chunkKey(d.chunkPrefix(), c);
        int len = d.chunkLength(c);
        if (target.byteSize() != len) {
            throw new IllegalArgumentException("target of " + target.byteSize() + " bytes for chunk of " + len);
        }
        TargetArena arena = new TargetArena(target);
        MemorySegment got;
        try {
            got = chunks.getBytes(key, arena);
        } catch (KeyNotFoundException | TypeMismatchException e) {
            throw corrupt(d, c, "is missing (key " + key + " of namespace " + name(chunks) + "): the tensor was replaced or "
                    + "deleted while being read, or its chunks were lost", e);
        } catch (CorruptFileException | SynaIOException e) {
            throw corrupt(d, c, "cannot be read: " + e.getMessage(), e);
        }
        if (got.byteSize() != len) {
            throw corrupt(d, c, "holds " + got.byteSize() + " bytes, expected " + len, null);
        }
        if (!arena.isTarget(got)) {
            MemorySegment.copy(got, 0, target, 0, len);
        }
        int crc = Descriptor.crc(target, 0, len);
        if (crc != d.crcs()[c]) {
            throw corrupt(d, c, "fails its CRC32C: stored " + hex(d.crcs()[c]) + ", computed " + hex(crc), null);
        }
    }

    /**
     * Copies {@code target.byteSize()} bytes of chunked tensor {@code d} from byte {@code offset}
     * into {@code target}: whole chunks straight in, partial ones through {@code scratch} (at least
     * one chunk long).
     */
    static void readRange(KeySpace chunks, Descriptor d, long offset, MemorySegment target, MemorySegment scratch) {
        long len = target.byteSize();
        if (offset < 0 || offset + len > d.byteSize()) {
            throw new syna.api.InvalidArgumentException("bytes [" + offset + ", " + (offset + len) + ") are outside the "
                    + d.byteSize() + " bytes of tensor '" + d.name() + "'");
        }
        long at = 0;
        while (at < len) {
            long pos = offset + at;
            int c = (int) (pos / d.chunkBytes());
            long chunkStart = (long) c * d.chunkBytes();
            int clen = d.chunkLength(c);
            long inChunk = pos - chunkStart;
            long n = Math.min(len - at, clen - inChunk);
            if (inChunk == 0 && n == clen) {
                readChunk(chunks, d, c, target.asSlice(at, n));
            } else {
                MemorySegment s = scratch.asSlice(0, clen);
                readChunk(chunks, d, c, s);
                MemorySegment.copy(s, inChunk, target, at, n);
            }
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
