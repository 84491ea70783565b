package syna.tests;

import java.util.Random;
import java.util.SplittableRandom;

/**
 * The seed of one test: the run's seed mixed with the test's unique id, so a test draws the same
 * numbers whatever order tests run in.
 *
 * @param runSeed the run's seed ({@code -Dsyna.tests.seed})
 * @param value this test's seed
 */
public record TestSeed(long runSeed, long value) {
    /** A fresh generator seeded with {@link #value()}. */
    public SplittableRandom splittable() {
        return new SplittableRandom(value);
    }

    /** A fresh {@link Random} seeded with {@link #value()}. */
    public Random random() {
        return new Random(value);
    }

    /** The command-line flag that reproduces this run. */
    public String reproduceFlag() {
        return "-Dsyna.tests.seed=0x" + Long.toHexString(runSeed);
    }

    @Override
    public String toString() {
        return "seed 0x" + Long.toHexString(value) + " (run " + reproduceFlag() + ")";
    }
}
