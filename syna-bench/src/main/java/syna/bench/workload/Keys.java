package syna.bench.workload;

import java.util.SplittableRandom;
import syna.bench.store.BenchKey;

/** Key spaces for the workloads, made before timing. Thread-safe (stateless). */
public final class Keys {
    private Keys() {}

    /**
     * {@code count} distinct keys {@code prefix0000000042}-style, whose numbers are a seeded
     * bijective scramble of {@code 0..count-1}, so writes arrive in random key order.
     */
    public static BenchKey[] distinct(String prefix, int count, long seed) {
        BenchKey[] keys = new BenchKey[count];
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        // Fisher-Yates with a seeded generator.
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int i = 0; i < count; i++) {
            keys[i] = BenchKey.of(prefix, order[i]);
        }
        return keys;
    }
}
