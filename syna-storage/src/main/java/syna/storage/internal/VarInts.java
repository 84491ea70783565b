package syna.storage.internal;

/** Unsigned LEB128 varints and zig-zag mapping for the series encodings. Stateless. */
final class VarInts {
    private VarInts() {}

    static long zigZag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    static long unZigZag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /** Writes {@code v} as an unsigned varint into {@code out}. */
    static void put(RecordBuffer out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.putByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.putByte((int) v);
    }

    /** A reader of varints over {@code buf[pos, limit)}. Not thread-safe; one per thread. */
    static final class Reader {
        private final byte[] buf;
        private int pos;
        private final int limit;

        Reader(byte[] buf, int pos, int limit) {
            this.buf = buf;
            this.pos = pos;
            this.limit = limit;
        }

        long next() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= limit) {
                    throw new IllegalStateException("varint runs past the end of the value");
                }
                int b = buf[pos++];
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalStateException("varint longer than 10 bytes");
        }

        int nextByte() {
            if (pos >= limit) {
                throw new IllegalStateException("value ends early");
            }
            return buf[pos++] & 0xFF;
        }

        long nextBytesLE(int n) {
            if (limit - pos < n) {
                throw new IllegalStateException("value ends early");
            }
            long v = 0;
            for (int i = 0; i < n; i++) {
                v |= (long) (buf[pos++] & 0xFF) << (8 * i);
            }
            return v;
        }

        boolean atEnd() {
            return pos == limit;
        }
    }
}
