/**
 * Syna's published test kit: the seeded-randomness JUnit 5 extension, seeded datasets and ground
 * truth, a fault-injecting file layer for crash tests of storage engines, and the abstract
 * conformance suites every plugin's tests extend.
 */
module syna.tests {
    requires transitive syna.api; // suites take and return syna.api types
    requires transitive org.junit.jupiter.api; // suites are JUnit classes users extend
    requires transitive org.junit.jupiter.params;

    exports syna.tests; // @Seeded, datasets, ground truth
    exports syna.tests.fault; // fault-injecting FileChannel wrapper for crash and power-loss tests; BitFlips
    exports syna.tests.index; // VectorIndexConformanceTest
    exports syna.tests.store; // VectorStoreConformanceTest, DatabaseConformanceTest
    exports syna.tests.codec; // CodecConformanceTest
    exports syna.tests.kernels; // VectorKernelsConformanceTest
}
