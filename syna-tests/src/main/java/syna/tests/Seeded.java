package syna.tests;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class whose randomness comes from one seed per run: test methods may take a
 * {@link java.util.SplittableRandom}, {@link java.util.Random} or {@link TestSeed} parameter. The
 * seed is printed on failure and set with {@code -Dsyna.tests.seed=<hex or decimal>}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(SeededRandomExtension.class)
public @interface Seeded {}
