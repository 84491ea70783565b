package syna.index.hnsw.internal.graph;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The neighbour lists of one page of nodes, packed read-only: per node a record of its lists for layers 0 to
 * its level, each list sorted ascending, deduplicated and delta-coded:
 *
 * <pre>
 * count             varint
 * first neighbour   varint          (when count &gt; 0)
 * width w           1 byte, 0..31   (when count &gt; 1)
 * count - 1 gaps    w bits each, little-endian bit order: neighbour[i] - neighbour[i - 1] - 1
 * </pre>
 *
 * Record {@code i} spans {@code data[starts[i] .. starts[i + 1])} (2-byte starts while the data is under
 * 64 KiB, as it is for M = 16 pages); a layer past the record's end is empty.
 * {@code data} ends with 8 spare bytes so a gap is always read with one 8-byte load. On 100K nodes with
 * M = 16 a layer-0 list takes about 2 bytes per link instead of 4 per slot of a fixed 2M-slot list.
 * Immutable; thread-safe.
 */
final class PackedLists {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int SPARE = 8;

    private final byte[] data;
    /** Record starts when {@code data} reaches 64 KiB, else null. */
    private final int[] starts;
    /** Record starts when {@code data} is under 64 KiB (the usual case), else null. */
    private final char[] shortStarts;
    private final int nodes;

    private PackedLists(byte[] data, int[] starts) {
        this.data = data;
        this.nodes = starts.length - 1;
        if (starts[nodes] <= Character.MAX_VALUE) {
            this.shortStarts = new char[starts.length];
            for (int i = 0; i < starts.length; i++) {
                shortStarts[i] = (char) starts[i];
            }
            this.starts = null;
        } else {
            this.starts = starts;
            this.shortStarts = null;
        }
    }

    /** Records packed ({@code nodes} of the page). */
    int nodes() {
        return nodes;
    }

    /** Heap bytes held. */
    long bytes() {
        return 24 + 16 + data.length + 16 + (starts != null ? 4L * starts.length : 2L * shortStarts.length);
    }

    /**
     * Copies the neighbours of record {@code i} on {@code layer} below {@code limit} into {@code dst}; returns
     * how many.
     */
    int read(int i, int layer, int[] dst, int limit) {
        if (i >= nodes) {
            return 0;
        }
        byte[] d = data;
        char[] cs = shortStarts;
        int pos;
        int end;
        if (cs != null) {
            pos = cs[i];
            end = cs[i + 1];
        } else {
            pos = starts[i];
            end = starts[i + 1];
        }
        for (int l = 0; l < layer; l++) {
            if (pos >= end) {
                return 0;
            }
            pos = skip(d, pos);
        }
        if (pos >= end) {
            return 0;
        }
        // count
        int c = d[pos++];
        if (c < 0) {
            c = (c & 0x7F) | (d[pos++] << 7);
            if (c < 0) {
                c = (c & 0x3FFF) | (d[pos++] << 14);
            }
        }
        if (c == 0) {
            return 0;
        }
        int v = d[pos++];
        if (v < 0) {
            v = (v & 0x7F);
            for (int shift = 7;; shift += 7) {
                int b = d[pos++];
                v |= (b & 0x7F) << shift;
                if (b >= 0) {
                    break;
                }
            }
        }
        if (v >= limit) {
            return 0;
        }
        dst[0] = v;
        if (c == 1) {
            return 1;
        }
        int w = d[pos++];
        long mask = (1L << w) - 1;
        int bit = 0;
        for (int k = 1; k < c; k++, bit += w) {
            long word = (long) LONGS.get(d, pos + (bit >>> 3));
            v += (int) ((word >>> (bit & 7)) & mask) + 1;
            dst[k] = v;
        }
        // Ascending: the ids a reader cannot see yet are a tail.
        int out = c;
        while (dst[out - 1] >= limit) {
            out--;
        }
        return out;
    }

    /** Position after the list that starts at {@code pos}. */
    private static int skip(byte[] d, int pos) {
        int c = 0;
        for (int shift = 0;; shift += 7) {
            int b = d[pos++];
            c |= (b & 0x7F) << shift;
            if (b >= 0) {
                break;
            }
        }
        if (c == 0) {
            return pos;
        }
        while (d[pos++] < 0) {
            // the first neighbour's varint
        }
        if (c == 1) {
            return pos;
        }
        int w = d[pos++];
        return pos + (int) (((long) (c - 1) * w + 7) >>> 3);
    }

    /** Builds the packed lists of a page; single-threaded. */
    static final class Builder {
        private byte[] buf = new byte[4096];
        private int size;
        private final int[] starts;
        private int records;
        private int[] tmp = new int[64];

        /** A builder for {@code nodes} records. */
        Builder(int nodes) {
            starts = new int[nodes + 1];
        }

        /** Starts the next record. */
        void beginRecord() {
            starts[records++] = size;
        }

        /** Appends a list of {@code n} neighbours {@code src[from .. from + n)} to the current record. */
        void list(int[] src, int from, int n) {
            if (tmp.length < n) {
                tmp = new int[n];
            }
            System.arraycopy(src, from, tmp, 0, n);
            Arrays.sort(tmp, 0, n);
            int c = 0;
            for (int i = 0; i < n; i++) {
                if (c == 0 || tmp[i] != tmp[c - 1]) {
                    tmp[c++] = tmp[i];
                }
            }
            ensure(16 + 4 * c);
            varint(c);
            if (c == 0) {
                return;
            }
            varint(tmp[0]);
            if (c == 1) {
                return;
            }
            int or = 0;
            for (int i = 1; i < c; i++) {
                or |= tmp[i] - tmp[i - 1] - 1;
            }
            int w = 32 - Integer.numberOfLeadingZeros(or);
            buf[size++] = (byte) w;
            long acc = 0;
            int bits = 0;
            for (int i = 1; i < c; i++) {
                acc |= (long) (tmp[i] - tmp[i - 1] - 1) << bits;
                bits += w;
                while (bits >= 8) {
                    buf[size++] = (byte) acc;
                    acc >>>= 8;
                    bits -= 8;
                }
            }
            if (bits > 0) {
                buf[size++] = (byte) acc;
            }
        }

        private void varint(int v) {
            while ((v & ~0x7F) != 0) {
                buf[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[size++] = (byte) v;
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        /** The packed page; every record must have been begun. */
        PackedLists build() {
            if (records != starts.length - 1) {
                throw new IllegalStateException(records + " of " + (starts.length - 1) + " records");
            }
            starts[records] = size;
            return new PackedLists(Arrays.copyOf(buf, size + SPARE), starts);
        }
    }
}
