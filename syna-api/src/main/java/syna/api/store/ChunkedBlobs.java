package syna.api.store;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Optional;
import syna.api.Atom;
import syna.api.ChecksumMismatchException;
import syna.api.InvalidArgumentException;
import syna.api.KeySpace;
import syna.api.SynaIOException;
import syna.api.WriteBatch;

/**
 * Byte streams of any size in a key space, as chunks: chunk {@code n} of a blob lives at
 * {@code <prefix><n as 8 digits>} as a BYTES value, and a digest covers all of them. Writes go chunk
 * by chunk with bounded memory (a few chunks per atomic batch from a stream; from an off-heap segment
 * each chunk straight from the segment, no heap copy); the caller records the returned
 * {@link BlobInfo} (in a manifest written last), so a blob is visible only once whole. Reads stream
 * the chunks back, or copy them into a segment, and compare count, size and digest at the end:
 * a mismatch is a {@link ChecksumMismatchException} naming the blob, the chunk or both digests. Each
 * chunk is also CRC32C-checked by the log engine on read. A write that fails deletes what it wrote
 * and begins by deleting chunks a crashed write left under the prefix. Thread-safe (stateless);
 * writers of one prefix must be serialised by the caller.
 */
public final class ChunkedBlobs {
    /** Chunks per write batch when writing from a stream: bounds the heap a write holds. */
    private static final int CHUNKS_PER_BATCH = 4;

    private ChunkedBlobs() {}

    /** The key of chunk {@code n} under {@code prefix}. */
    public static String chunkKey(String prefix, int n) {
        if (prefix == null || n < 0) {
            throw new InvalidArgumentException("chunk key needs a prefix and a chunk number >= 0, got " + prefix + ", " + n);
        }
        String s = Integer.toString(n);
        return prefix + (s.length() >= 8 ? s : "00000000".substring(s.length()) + s);
    }

    private static void checkChunkSize(KeySpace ks, int chunkSize) {
        if (chunkSize < 1) {
            throw new InvalidArgumentException("blob chunk size must be >= 1, got " + chunkSize);
        }
    }

    /**
     * Writes {@code in} as chunks of {@code chunkSize} bytes under {@code prefix}; returns what to
     * record. A failing stream deletes what was written and throws {@link SynaIOException} naming
     * {@code what} and the bytes read.
     */
    public static BlobInfo write(KeySpace ks, String prefix, InputStream in, int chunkSize, BlobDigest digest,
            String what) {
        check(ks, prefix, digest, what);
        if (in == null) {
            throw new InvalidArgumentException(what + ": input stream must not be null");
        }
        checkChunkSize(ks, chunkSize);
        deleteChunks(ks, prefix, 0);
        byte[] buf = new byte[chunkSize];
        long size = 0;
        int chunks = 0;
        WriteBatch batch = WriteBatch.create();
        try {
            while (true) {
                int n = in.readNBytes(buf, 0, chunkSize);
                if (n == 0) {
                    break;
                }
                digest.update(buf, 0, n);
                batch.putBytes(chunkKey(prefix, chunks), n == chunkSize ? buf : Arrays.copyOf(buf, n));
                chunks++;
                size += n;
                if (batch.size() == CHUNKS_PER_BATCH) {
                    ks.write(batch);
                    batch = WriteBatch.create();
                }
                if (n < chunkSize) {
                    break;
                }
            }
            if (!batch.isEmpty()) {
                ks.write(batch);
            }
        } catch (IOException | RuntimeException e) {
            try {
                deleteChunks(ks, prefix, 0);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof IOException io) {
                throw new SynaIOException(what + ": reading the input failed after " + size
                        + " bytes; nothing was committed", io);
            }
            throw (RuntimeException) e;
        }
        return new BlobInfo(size, chunks, chunkSize, digest.algorithm(), digest.finishHex());
    }

    /**
     * Writes the bytes of {@code data} (heap, native or mapped) as chunks under {@code prefix}, each
     * chunk put straight from its slice of the segment (the off-heap write path of the log); returns
     * what to record.
     */
    public static BlobInfo write(KeySpace ks, String prefix, MemorySegment data, int chunkSize, BlobDigest digest,
            String what) {
        check(ks, prefix, digest, what);
        if (data == null) {
            throw new InvalidArgumentException(what + ": data segment must not be null");
        }
        checkChunkSize(ks, chunkSize);
        deleteChunks(ks, prefix, 0);
        long size = data.byteSize();
        long count = (size + chunkSize - 1) / chunkSize;
        if (count > Integer.MAX_VALUE) {
            throw new InvalidArgumentException(what + ": " + size + " bytes in chunks of " + chunkSize
                    + " is more than " + Integer.MAX_VALUE + " chunks");
        }
        try {
            for (int c = 0; c < count; c++) {
                MemorySegment slice = data.asSlice((long) c * chunkSize, Math.min(chunkSize, size - (long) c * chunkSize));
                digest.update(slice);
                ks.putBytes(chunkKey(prefix, c), slice);
            }
        } catch (RuntimeException e) {
            try {
                deleteChunks(ks, prefix, 0);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new BlobInfo(size, (int) count, chunkSize, digest.algorithm(), digest.finishHex());
    }

    /**
     * Deletes chunks {@code from}, {@code from+1}, ... under {@code prefix} until one is absent; returns
     * how many. Deletes from the highest chunk down, so a crash part way leaves a contiguous run from
     * {@code from} that the next call still finds (deleting upwards would strand chunks past a gap).
     */
    public static int deleteChunks(KeySpace ks, String prefix, int from) {
        if (ks == null || prefix == null) {
            throw new InvalidArgumentException("key space and prefix of a blob must not be null");
        }
        int end = from;
        while (ks.exists(chunkKey(prefix, end))) {
            end++;
        }
        WriteBatch batch = WriteBatch.create();
        for (int n = end - 1; n >= from; n--) {
            batch.delete(chunkKey(prefix, n));
            if (batch.size() == 256) {
                ks.write(batch);
                batch = WriteBatch.create();
            }
        }
        if (!batch.isEmpty()) {
            ks.write(batch);
        }
        return end - from;
    }

    /** A stream over the blob that checks chunk count, size and digest ({@code digest}, of {@code info}'s algorithm) at its end. */
    public static InputStream open(KeySpace ks, String prefix, BlobInfo info, BlobDigest digest, String what) {
        check(ks, prefix, digest, what);
        checkAlgorithm(info, digest, what);
        return new VerifyingStream(ks, prefix, info, digest, what);
    }

    /**
     * Copies the blob into {@code target} (at least {@code info.size()} bytes), chunk by chunk through
     * off-heap buffers, then checks the digest; no chunk is held on the heap when the log stores it
     * uncompressed.
     */
    public static void readInto(KeySpace ks, String prefix, BlobInfo info, BlobDigest digest, MemorySegment target,
            String what) {
        check(ks, prefix, digest, what);
        checkAlgorithm(info, digest, what);
        if (target == null || target.byteSize() < info.size()) {
            throw new InvalidArgumentException(what + ": target segment of " + (target == null ? "null"
                    : target.byteSize() + " bytes") + " cannot hold " + info.size() + " bytes");
        }
        long at = 0;
        for (int c = 0; c < info.chunks(); c++) {
            String key = chunkKey(prefix, c);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment chunk;
                try {
                    chunk = ks.getBytes(key, arena);
                } catch (syna.api.KeyNotFoundException | syna.api.TypeMismatchException e) {
                    throw new ChecksumMismatchException(what + ": chunk " + c + " of " + info.chunks() + " (" + key
                            + ") is missing or not bytes; stored " + info.algorithm() + " digest " + info.digest(), e);
                }
                if (at + chunk.byteSize() > info.size()) {
                    throw new ChecksumMismatchException(what + ": chunks hold more than the recorded " + info.size()
                            + " bytes; stored " + info.algorithm() + " digest " + info.digest());
                }
                digest.update(chunk);
                MemorySegment.copy(chunk, 0, target, at, chunk.byteSize());
                at += chunk.byteSize();
            }
        }
        String actual = digest.finishHex();
        if (at != info.size() || !actual.equals(info.digest())) {
            throw new ChecksumMismatchException(what + ": " + info.algorithm() + " digest mismatch: stored " + info.digest()
                    + ", computed " + actual + " over " + at + " of " + info.size() + " bytes");
        }
    }

    private static void check(KeySpace ks, String prefix, BlobDigest digest, String what) {
        if (ks == null || prefix == null || digest == null || what == null) {
            throw new InvalidArgumentException("blob " + (ks == null ? "key space" : prefix == null ? "prefix"
                    : digest == null ? "digest" : "description") + " must not be null");
        }
    }

    private static void checkAlgorithm(BlobInfo info, BlobDigest digest, String what) {
        if (info == null) {
            throw new InvalidArgumentException(what + ": blob info must not be null");
        }
        if (!info.algorithm().equals(digest.algorithm())) {
            throw new InvalidArgumentException(what + ": stored with " + info.algorithm() + ", read with a "
                    + digest.algorithm() + " digest");
        }
    }

    /** Reads chunk after chunk, hashing; checks at end of stream. Not thread-safe; one per thread. */
    private static final class VerifyingStream extends InputStream {
        private final KeySpace ks;
        private final String prefix;
        private final BlobInfo info;
        private final String what;
        private final BlobDigest digest;
        private byte[] chunk = new byte[0];
        private int pos;
        private int next;
        private long read;
        private boolean verified;
        private boolean closed;

        VerifyingStream(KeySpace ks, String prefix, BlobInfo info, BlobDigest digest, String what) {
            this.ks = ks;
            this.prefix = prefix;
            this.info = info;
            this.what = what;
            this.digest = digest;
        }

        /** Makes bytes available; false at a verified end. */
        private boolean fill() throws IOException {
            if (closed) {
                throw new IOException(what + ": stream closed");
            }
            while (pos == chunk.length) {
                if (next == info.chunks()) {
                    verify();
                    return false;
                }
                String key = chunkKey(prefix, next);
                Optional<Atom> v = ks.get(key);
                if (!(v.orElse(null) instanceof Atom.Bytes b)) {
                    throw new ChecksumMismatchException(what + ": chunk " + next + " of " + info.chunks() + " (" + key
                            + ") is " + v.map(a -> "a " + a.type() + " value").orElse("missing")
                            + "; stored " + info.algorithm() + " digest " + info.digest());
                }
                chunk = b.value();
                pos = 0;
                next++;
                read += chunk.length;
                if (read > info.size()) {
                    throw new ChecksumMismatchException(what + ": chunks hold more than the recorded " + info.size()
                            + " bytes; stored " + info.algorithm() + " digest " + info.digest());
                }
                digest.update(chunk, 0, chunk.length);
            }
            return true;
        }

        private void verify() {
            if (verified) {
                return;
            }
            String actual = digest.finishHex();
            verified = true;
            if (read != info.size() || !actual.equals(info.digest())) {
                throw new ChecksumMismatchException(what + ": " + info.algorithm() + " digest mismatch: stored "
                        + info.digest() + ", computed " + actual + " over " + read + " of " + info.size() + " bytes");
            }
        }

        @Override
        public int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            return chunk[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return closed ? 0 : chunk.length - pos;
        }

        @Override
        public void close() {
            closed = true;
            chunk = new byte[0];
            pos = 0;
        }
    }
}
