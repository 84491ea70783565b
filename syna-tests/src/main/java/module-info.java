/**
 * Syna's published test kit: conformance suites, seeded randomness and a fault-injecting file layer
 * for crash tests of storage engines.
 */
module syna.tests {
    requires transitive syna.api; // suites take and return syna.api types
    requires org.junit.jupiter.api;

    exports syna.tests.fault; // fault-injecting FileChannel wrapper for crash and power-loss tests
}
