package syna.mlops;

import syna.api.InvalidArgumentException;

/**
 * The digest that guards a stored model or artifact; each manifest records which one made its digest,
 * so versions written with different algorithms load side by side. Thread-safe.
 */
public enum DigestAlgorithm {
    /** SHA-256 from the JDK (default). */
    SHA_256("SHA-256"),
    /**
     * BLAKE3 (256-bit output) from BouncyCastle, for pipelines that already identify models by BLAKE3.
     * In pure Java it is slower than the JDK's SHA-256, which uses the CPU's SHA instructions: on the
     * build machine 64 MiB hashed and stored in about twice the time (see the module's timing main).
     * BouncyCastle is an optional module of syna.mlops: without {@code org.bouncycastle.provider} resolved
     * (or on the class path), saving or loading with BLAKE3 throws {@link syna.api.UnsupportedFeatureException}
     * naming what to add.
     */
    BLAKE3("BLAKE3-256");

    private final String label;

    DigestAlgorithm(String label) {
        this.label = label;
    }

    /** The name recorded in manifests, e.g. {@code SHA-256}. */
    public String label() {
        return label;
    }

    /** The algorithm recorded as {@code label}. */
    public static DigestAlgorithm ofLabel(String label) {
        for (DigestAlgorithm a : values()) {
            if (a.label.equals(label)) {
                return a;
            }
        }
        throw new InvalidArgumentException("unknown digest algorithm '" + label + "'; known: SHA-256, BLAKE3-256");
    }

    @Override
    public String toString() {
        return label;
    }
}
