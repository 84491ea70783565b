package syna.bench.workload;

import java.util.SplittableRandom;

/**
 * Seeded random (incompressible) values of one size, made before timing; puts cycle through
 * them. Immutable after construction and thread-safe.
 */
public final class ValuePool {
    private static final int POOL_BYTES = 16 << 20;

    private final byte[][] values;

    /** A pool of values of {@code size} bytes drawn from {@code seed}. */
    public ValuePool(int size, long seed) {
        int count = Math.clamp(POOL_BYTES / size, 16, 1024);
        SplittableRandom random = new SplittableRandom(seed);
        values = new byte[count][size];
        for (byte[] v : values) {
            random.nextBytes(v);
        }
    }

    /** The value for operation {@code i}. */
    public byte[] value(long i) {
        return values[(int) Math.floorMod(i, (long) values.length)];
    }

    /** The size of every value. */
    public int size() {
        return values[0].length;
    }
}
