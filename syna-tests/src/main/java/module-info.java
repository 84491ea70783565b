/**
 * Syna's published conformance kit: the seeded-randomness JUnit 5 extension and the abstract suites
 * that every plugin's tests extend.
 */
module syna.tests {
    requires transitive syna.api;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;

    exports syna.tests;
    exports syna.tests.index;
}
