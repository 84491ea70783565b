package syna.tests;

import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * JUnit 5 extension behind {@link Seeded}: one seed per JVM run, taken from
 * {@code -Dsyna.tests.seed} (hex with {@code 0x} or decimal) or drawn at random; each test gets a seed
 * derived from it and its unique id. On failure the seed and the flag to reproduce it are attached to
 * the exception (as a suppressed exception) and printed to standard error. Thread-safe.
 */
public final class SeededRandomExtension implements ParameterResolver, TestExecutionExceptionHandler {
    /** The system property that fixes the run's seed. */
    public static final String PROPERTY = "syna.tests.seed";

    private static final long RUN_SEED = initialSeed();

    /** The run's seed. */
    public static long runSeed() {
        return RUN_SEED;
    }

    private static long initialSeed() {
        String s = System.getProperty(PROPERTY, "").strip();
        if (s.isEmpty()) {
            return new SplittableRandom().nextLong();
        }
        try {
            return s.startsWith("0x") || s.startsWith("0X")
                    ? Long.parseUnsignedLong(s.substring(2), 16)
                    : Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + s + " is not a decimal or 0x-hex long", e);
        }
    }

    /** The seed of the test that {@code context} describes. */
    public static TestSeed seedFor(ExtensionContext context) {
        return new TestSeed(RUN_SEED, mix(RUN_SEED ^ context.getUniqueId().hashCode() * 0x9E3779B97F4A7C15L));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> t = p.getParameter().getType();
        return t == SplittableRandom.class || t == Random.class || t == TestSeed.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        TestSeed seed = seedFor(e);
        Class<?> t = p.getParameter().getType();
        if (t == SplittableRandom.class) {
            return seed.splittable();
        }
        if (t == Random.class) {
            return seed.random();
        }
        if (t == TestSeed.class) {
            return seed;
        }
        throw new ParameterResolutionException("unsupported parameter type " + t);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        TestSeed seed = seedFor(context);
        String line = context.getDisplayName() + " failed with " + seed;
        System.err.println("[syna.tests] " + line);
        throwable.addSuppressed(new SeedInfo(line));
        throw throwable;
    }

    /** Carries the seed in a failure's suppressed exceptions; has no stack trace. */
    static final class SeedInfo extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SeedInfo(String message) {
            super(message, null, false, false);
        }
    }
}
