package syna.tensor.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;
import syna.api.SerializationException;
import syna.tensor.DType;
import syna.tensor.Shape;
import syna.tensor.TensorInfo;

/**
 * The stored description of one tensor: the BYTES value at its name in the descriptions namespace.
 * Layout in {@code package-info.java}. Immutable. Thread-safe.
 *
 * @param name the tensor's name
 * @param dtype element type
 * @param shape shape
 * @param generation id of the chunk blob ({@code g<16 hex>/} in the chunks namespace); 0 inline
 * @param chunkBytes bytes per chunk; 0 inline
 * @param crcs CRC32C of each chunk; empty inline
 * @param dataCrc CRC32C of the inline data; 0 when chunked
 * @param dataOffset where the inline data starts in the value
 */
record Descriptor(String name, DType dtype, Shape shape, long generation, int chunkBytes, int[] crcs, int dataCrc,
        int dataOffset) {
    static final int MAGIC = 0x534E5354; // "TSNS" little-endian on disk: 'T','S','N','S'
    static final int VERSION = 1;
    static final int INLINE = 0;
    static final int CHUNKED = 1;
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    boolean chunked() {
        return chunkBytes > 0;
    }

    int chunkCount() {
        return crcs.length;
    }

    long byteSize() {
        return shape.byteSize(dtype);
    }

    /** Bytes of chunk {@code c}. */
    int chunkLength(int c) {
        return (int) Math.min(chunkBytes, byteSize() - (long) c * chunkBytes);
    }

    String chunkPrefix() {
        return chunkPrefix(generation);
    }

    static String chunkPrefix(long generation) {
        return "g" + String.format("%016x", generation) + "/";
    }

    TensorInfo info() {
        return new TensorInfo(name, dtype, shape, crcs.length, chunkBytes);
    }

    /** Bytes of the header of an inline tensor of rank {@code rank}: what precedes the data. */
    static int inlineHeaderBytes(int rank) {
        return 8 + 8 * rank + 4 + 4;
    }

    /** Writes the header of an inline tensor into {@code out} (at least {@link #inlineHeaderBytes}); returns its length. */
    static int writeInlineHeader(MemorySegment out, DType dtype, Shape shape, int dataCrc) {
        int at = writeFixed(out, dtype, shape, INLINE);
        out.set(INT, at, crc(out, 0, at));
        out.set(INT, at + 4, dataCrc);
        return at + 8;
    }

    /** The value of a chunked tensor's description. */
    static byte[] encodeChunked(DType dtype, Shape shape, long generation, int chunkBytes, int[] crcs) {
        byte[] b = new byte[8 + 8 * shape.rank() + 16 + 4 * crcs.length + 4];
        MemorySegment out = MemorySegment.ofArray(b);
        int at = writeFixed(out, dtype, shape, CHUNKED);
        out.set(LONG, at, generation);
        out.set(INT, at + 8, chunkBytes);
        out.set(INT, at + 12, crcs.length);
        at += 16;
        for (int c : crcs) {
            out.set(INT, at, c);
            at += 4;
        }
        out.set(INT, at, crc(out, 0, at));
        return b;
    }

    private static int writeFixed(MemorySegment out, DType dtype, Shape shape, int layout) {
        out.set(INT, 0, MAGIC);
        out.set(ValueLayout.JAVA_BYTE, 4, (byte) VERSION);
        out.set(ValueLayout.JAVA_BYTE, 5, (byte) dtype.tag());
        out.set(ValueLayout.JAVA_BYTE, 6, (byte) shape.rank());
        out.set(ValueLayout.JAVA_BYTE, 7, (byte) layout);
        for (int i = 0; i < shape.rank(); i++) {
            out.set(LONG, 8 + 8L * i, shape.dim(i));
        }
        return 8 + 8 * shape.rank();
    }

    /**
     * Parses the value {@code v} stored for {@code name}; {@link SerializationException} says what
     * is wrong with a malformed one (its inline data is not checked here: see {@link #dataCrc}).
     */
    static Descriptor parse(String name, MemorySegment v) {
        long size = v.byteSize();
        if (size < 8 || v.get(INT, 0) != MAGIC) {
            throw bad(name, "does not start with the tensor magic", size);
        }
        int version = v.get(ValueLayout.JAVA_BYTE, 4) & 0xFF;
        if (version != VERSION) {
            throw new SerializationException("tensor '" + name + "' was stored in format " + version
                    + "; this syna.tensor reads format " + VERSION);
        }
        int tag = v.get(ValueLayout.JAVA_BYTE, 5) & 0xFF;
        DType dtype = DType.ofTag(tag).orElseThrow(() -> bad(name, "has unknown dtype tag " + tag, size));
        int rank = v.get(ValueLayout.JAVA_BYTE, 6) & 0xFF;
        int layout = v.get(ValueLayout.JAVA_BYTE, 7) & 0xFF;
        if (rank > Shape.MAX_RANK || size < 8 + 8L * rank + 8) {
            throw bad(name, "has rank " + rank, size);
        }
        long[] dims = new long[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = v.get(LONG, 8 + 8L * i);
        }
        Shape shape;
        try {
            shape = Shape.of(dims);
        } catch (RuntimeException e) {
            throw bad(name, "has an impossible shape: " + e.getMessage(), size);
        }
        int at = 8 + 8 * rank;
        if (layout == INLINE) {
            checkHeaderCrc(name, v, at, size);
            long end = at + 8 + shape.byteSize(dtype);
            if (end != size) {
                throw bad(name, "holds " + (size - at - 8) + " data bytes for " + dtype.label() + " " + shape
                        + ", which needs " + shape.byteSize(dtype), size);
            }
            return new Descriptor(name, dtype, shape, 0, 0, new int[0], v.get(INT, at + 4), at + 8);
        }
        if (layout != CHUNKED || size < at + 16 + 4) {
            throw bad(name, "has unknown layout " + layout, size);
        }
        long generation = v.get(LONG, at);
        int chunkBytes = v.get(INT, at + 8);
        int count = v.get(INT, at + 12);
        long bytes = shape.byteSize(dtype);
        if (chunkBytes < 1 || count < 0 || (long) count != (bytes + chunkBytes - 1) / chunkBytes
                || size != at + 16 + 4L * count + 4) {
            throw bad(name, "lists " + count + " chunks of " + chunkBytes + " bytes for " + bytes + " data bytes", size);
        }
        checkHeaderCrc(name, v, at + 16 + 4 * count, size);
        int[] crcs = new int[count];
        for (int c = 0; c < count; c++) {
            crcs[c] = v.get(INT, at + 16 + 4L * c);
        }
        return new Descriptor(name, dtype, shape, generation, chunkBytes, crcs, 0, 0);
    }

    private static void checkHeaderCrc(String name, MemorySegment v, int at, long size) {
        if (size < at + 4 || v.get(INT, at) != crc(v, 0, at)) {
            throw bad(name, "fails its CRC32C", size);
        }
    }

    private static SerializationException bad(String name, String what, long size) {
        return new SerializationException("stored description of tensor '" + name + "' (" + size + " bytes) " + what);
    }

    /** CRC32C of {@code [from, to)} of {@code s}. */
    static int crc(MemorySegment s, long from, long to) {
        CRC32C c = new CRC32C();
        c.update(s.asSlice(from, to - from).asByteBuffer());
        return (int) c.getValue();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Descriptor d && d.name.equals(name) && d.dtype == dtype && d.shape.equals(shape)
                && d.generation == generation && d.chunkBytes == chunkBytes && java.util.Arrays.equals(d.crcs, crcs)
                && d.dataCrc == dataCrc;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Long.hashCode(generation);
    }

    @Override
    public String toString() {
        return "Descriptor[" + name + " " + dtype.label() + " " + shape + (chunked() ? " " + crcs.length + " chunks of "
                + chunkBytes + " in " + chunkPrefix() : " inline") + "]";
    }
}
