package syna.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

@Seeded
class SeededRandomExtensionTest {

    @Test
    void injectsGeneratorsDerivedFromTheRunSeed(SplittableRandom a, TestSeed seed) {
        assertEquals(SeededRandomExtension.runSeed(), seed.runSeed());
        assertEquals(new SplittableRandom(seed.value()).nextLong(), a.nextLong());
        assertTrue(seed.reproduceFlag().startsWith("-Dsyna.tests.seed=0x"));
    }

    @Test
    void differentTestsGetDifferentSeeds(TestSeed seed) {
        assertNotEquals(seed.runSeed(), seed.value());
    }

    /** Run by the test kit below, not by Surefire (nested static classes are not picked up). */
    @Seeded
    static class AlwaysFails {
        @Test
        void fails(SplittableRandom r) {
            assertEquals(-1, r.nextInt(10), "a number in [0, 10) is never -1");
        }
    }

    @Test
    void failureCarriesTheSeedAndHowToReproduceIt() {
        var events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(AlwaysFails.class)).execute()
                .testEvents().failed().list();
        assertEquals(1, events.size());
        Event failed = events.getFirst();
        Throwable t = failed.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
        String seeds = Arrays.toString(t.getSuppressed());
        assertTrue(seeds.contains("-Dsyna.tests.seed=0x" + Long.toHexString(SeededRandomExtension.runSeed())), seeds);
    }
}
