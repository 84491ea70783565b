package syna.tests.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import syna.api.Vectors;

/** Proves which kernels a run used: the build runs the index suites once with SIMD and once scalar. */
class KernelSelectionTest {
    @Test
    void kernelsFollowTheVectorizationProperty() {
        String forced = System.getProperty("syna.vectorization", "");
        String used = Vectors.kernels().name();
        if (forced.equals("scalar")) {
            assertEquals("scalar", used);
        } else {
            assertTrue(used.startsWith("simd"), "syna.simd is on the test path, expected SIMD kernels, got " + used);
        }
    }
}
