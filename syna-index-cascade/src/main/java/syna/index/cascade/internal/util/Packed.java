package syna.index.cascade.internal.util;

/** A (distance, id) pair in one {@code long} whose order is distance order, then id. Stateless. */
public final class Packed {
    private Packed() {}

    /** Packs. */
    public static long pack(float distance, int id) {
        int bits = Float.floatToRawIntBits(distance);
        bits ^= (bits >> 31) & 0x7FFFFFFF;
        return ((long) bits << 32) | (id & 0xFFFFFFFFL);
    }

    /** The id. */
    public static int id(long packed) {
        return (int) packed;
    }

    /** The distance. */
    public static float distance(long packed) {
        int bits = (int) (packed >>> 32);
        bits ^= (bits >> 31) & 0x7FFFFFFF;
        return Float.intBitsToFloat(bits);
    }
}
