package syna.mlops.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import syna.api.Atom;
import syna.api.ChecksumMismatchException;
import syna.api.KeySpace;
import syna.api.SerializationException;
import syna.api.SynaIOException;
import syna.api.WriteBatch;
import syna.mlops.DigestAlgorithm;

/**
 * Chunked, digest-guarded byte streams in a database: chunk {@code n} of a blob lives at
 * {@code <prefix><n as 8 digits>} as a BYTES value. Writing is chunk by chunk (a few chunks per
 * atomic batch) with bounded memory; the caller commits the returned {@link Stored} description
 * (its manifest) last, so a blob is visible only once complete. Thread-safe (stateless).
 */
final class Blobs {
    /** Chunks per write batch: bounds the heap a save holds to a few chunks. */
    private static final int CHUNKS_PER_BATCH = 4;

    private Blobs() {}

    /**
     * What a manifest records about stored bytes.
     *
     * @param size number of bytes
     * @param chunks number of chunks
     * @param chunkSize largest chunk length
     * @param algorithm digest algorithm
     * @param digest lower-case hex digest
     */
    record Stored(long size, int chunks, int chunkSize, DigestAlgorithm algorithm, String digest) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("size", size);
            m.put("chunks", chunks);
            m.put("chunkSize", chunkSize);
            m.put("algorithm", algorithm.label());
            m.put("digest", digest);
            return m;
        }

        static Stored fromJson(Map<String, Object> m, String what) {
            try {
                return new Stored(((Number) m.get("size")).longValue(), ((Number) m.get("chunks")).intValue(),
                        ((Number) m.get("chunkSize")).intValue(), DigestAlgorithm.ofLabel((String) m.get("algorithm")),
                        (String) m.get("digest"));
            } catch (ClassCastException | NullPointerException e) {
                throw new SerializationException(what + ": manifest lacks size, chunks, chunkSize, algorithm or digest: " + m, e);
            }
        }
    }

    static String chunkKey(String prefix, int n) {
        return prefix + String.format("%08d", n);
    }

    /**
     * Writes {@code in} to chunks under {@code prefix}, first deleting chunks a crashed write left
     * there. A failing stream deletes what was written and throws {@link SynaIOException} naming
     * {@code what} and the bytes read.
     */
    static Stored write(KeySpace db, String prefix, InputStream in, int chunkSize, DigestAlgorithm algorithm,
            String what) {
        deleteChunks(db, prefix, 0);
        Hasher hasher = Hasher.of(algorithm);
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
                hasher.update(buf, 0, n);
                batch.putBytes(chunkKey(prefix, chunks), n == chunkSize ? buf : java.util.Arrays.copyOf(buf, n));
                chunks++;
                size += n;
                if (batch.size() == CHUNKS_PER_BATCH) {
                    db.write(batch);
                    batch = WriteBatch.create();
                }
                if (n < chunkSize) {
                    break;
                }
            }
            if (!batch.isEmpty()) {
                db.write(batch);
            }
        } catch (IOException | RuntimeException e) {
            try {
                deleteChunks(db, prefix, 0);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof IOException io) {
                throw new SynaIOException(what + ": reading the input failed after " + size
                        + " bytes; nothing was committed", io);
            }
            throw (RuntimeException) e;
        }
        return new Stored(size, chunks, chunkSize, algorithm, hasher.finishHex());
    }

    /**
     * Deletes chunks {@code from}, {@code from+1}, ... under {@code prefix} until one is absent; returns how many.
     * Deletes from the highest chunk down, so a crash part way leaves a contiguous run of chunks from
     * {@code from} that the next call still finds (deleting upwards would strand the chunks past a gap).
     */
    static int deleteChunks(KeySpace db, String prefix, int from) {
        int end = from;
        while (db.exists(chunkKey(prefix, end))) {
            end++;
        }
        WriteBatch batch = WriteBatch.create();
        for (int n = end - 1; n >= from; n--) {
            batch.delete(chunkKey(prefix, n));
            if (batch.size() == 256) {
                db.write(batch);
                batch = WriteBatch.create();
            }
        }
        if (!batch.isEmpty()) {
            db.write(batch);
        }
        return end - from;
    }

    /** A stream over the blob that checks chunk count, size and digest at its end. */
    static InputStream open(KeySpace db, String prefix, Stored stored, String what) {
        return new VerifyingStream(db, prefix, stored, what);
    }

    /** Reads chunk after chunk, hashing; checks at end of stream. Not thread-safe; one per thread. */
    private static final class VerifyingStream extends InputStream {
        private final KeySpace db;
        private final String prefix;
        private final Stored stored;
        private final String what;
        private final Hasher hasher;
        private byte[] chunk = new byte[0];
        private int pos;
        private int next;
        private long read;
        private boolean verified;
        private boolean closed;

        VerifyingStream(KeySpace db, String prefix, Stored stored, String what) {
            this.db = db;
            this.prefix = prefix;
            this.stored = stored;
            this.what = what;
            this.hasher = Hasher.of(stored.algorithm());
        }

        /** Makes bytes available; false at a verified end. */
        private boolean fill() throws IOException {
            if (closed) {
                throw new IOException(what + ": stream closed");
            }
            while (pos == chunk.length) {
                if (next == stored.chunks()) {
                    verify();
                    return false;
                }
                String key = chunkKey(prefix, next);
                Optional<Atom> v = db.get(key);
                if (!(v.orElse(null) instanceof Atom.Bytes b)) {
                    throw new ChecksumMismatchException(what + ": chunk " + next + " of " + stored.chunks() + " ("
                            + key + ") is " + v.map(a -> "a " + a.type() + " value").orElse("missing")
                            + "; stored " + stored.algorithm() + " digest " + stored.digest());
                }
                chunk = b.value();
                pos = 0;
                next++;
                read += chunk.length;
                if (read > stored.size()) {
                    throw new ChecksumMismatchException(what + ": chunks hold more than the recorded " + stored.size()
                            + " bytes; stored " + stored.algorithm() + " digest " + stored.digest());
                }
                hasher.update(chunk, 0, chunk.length);
            }
            return true;
        }

        private void verify() {
            if (verified) {
                return;
            }
            String actual = hasher.finishHex();
            verified = true;
            if (read != stored.size() || !actual.equals(stored.digest())) {
                throw new ChecksumMismatchException(what + ": " + stored.algorithm() + " digest mismatch: stored "
                        + stored.digest() + ", computed " + actual + " over " + read + " of " + stored.size() + " bytes");
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
