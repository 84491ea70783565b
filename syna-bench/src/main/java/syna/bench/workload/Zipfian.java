package syna.bench.workload;

import java.util.SplittableRandom;
import syna.api.InvalidArgumentException;

/**
 * Seeded zipfian choice of an item in {@code [0, n)}: item of rank {@code r} (0 = hottest) is
 * drawn with probability proportional to {@code 1 / (r + 1)^theta}. Ranks are scrambled over the
 * range so popularity does not follow key order. Not thread-safe; one per thread.
 */
public final class Zipfian {
    private static final long FNV_OFFSET = 0xCBF29CE484222325L;
    private static final long FNV_PRIME = 0x100000001B3L;

    private final long n;
    private final double theta;
    private final double alpha;
    private final double zetaN;
    private final double eta;
    private final double half;
    private final SplittableRandom random;

    /** A generator over {@code n} items with skew {@code theta} in (0, 1), drawing from {@code random}. */
    public Zipfian(long n, double theta, SplittableRandom random) {
        if (n < 2) {
            throw new InvalidArgumentException("zipfian needs at least 2 items, got " + n);
        }
        if (!(theta > 0 && theta < 1)) {
            throw new InvalidArgumentException("zipfian theta must be in (0, 1), got " + theta);
        }
        this.n = n;
        this.theta = theta;
        this.alpha = 1 / (1 - theta);
        this.zetaN = zeta(n, theta);
        this.eta = (1 - Math.pow(2.0 / n, 1 - theta)) / (1 - zeta(2, theta) / zetaN);
        this.half = 1 + Math.pow(0.5, theta);
        this.random = random;
    }

    /** The generalised harmonic number {@code sum_{i=1..n} 1 / i^theta}. */
    static double zeta(long n, double theta) {
        double sum = 0;
        for (long i = 1; i <= n; i++) {
            sum += 1 / Math.pow(i, theta);
        }
        return sum;
    }

    /** The number of items. */
    public long items() {
        return n;
    }

    /** The skew. */
    public double theta() {
        return theta;
    }

    /** The next rank, unscrambled: 0 is the most popular item. */
    public long nextRank() {
        double u = random.nextDouble();
        double uz = u * zetaN;
        if (uz < 1) {
            return 0;
        }
        if (uz < half) {
            return 1;
        }
        long rank = (long) (n * Math.pow(eta * u - eta + 1, alpha));
        return Math.min(rank, n - 1);
    }

    /** The next item: a rank scattered over {@code [0, n)} by FNV-1a. */
    public long next() {
        return Math.floorMod(fnv1a(nextRank()), n);
    }

    static long fnv1a(long value) {
        long hash = FNV_OFFSET;
        for (int i = 0; i < Long.BYTES; i++) {
            hash ^= (value >>> (i * 8)) & 0xFF;
            hash *= FNV_PRIME;
        }
        return hash;
    }
}
