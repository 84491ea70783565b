/**
 * Model registry (versions, stages, aliases, checksums on every load) and experiment tracking
 * (runs, params, metrics, artifacts, queries), both stored in a {@link syna.api.Database}.
 */
module syna.mlops {
    requires transitive syna.api; // ModelRegistry.open(Database) and the exceptions are syna.api types
    // BLAKE3 digests only (opt-in): without BouncyCastle they fail with a typed error that says what to add;
    // SHA-256 (the default) and Ed25519 come from the JDK, so images that keep them need no BouncyCastle.
    requires static org.bouncycastle.provider;
    requires tools.jackson.core; // the one JSON library (streaming API): manifests and run records

    exports syna.mlops; // registry, tracker, options, records, exceptions
    // syna.mlops.internal (key layout, chunked blobs, JSON): not exported
}
