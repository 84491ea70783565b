/**
 * Cascade vector index, provider name "cascade": LSH with margin-ordered multi-probe, adaptive bucket trees, and an
 * α-RNG pruned neighbour graph searched by a beam seeded from the buckets.
 *
 * @provides syna.api.spi.VectorIndexProvider
 */
module syna.index.cascade {
    requires transitive syna.api; // CascadeOptions and CascadeIndex mention syna.api types
    exports syna.index.cascade; // CascadeOptions, CascadeIndex, CascadeStats

    // The index itself; only ServiceLoader creates it.
    provides syna.api.spi.VectorIndexProvider with
            syna.index.cascade.internal.CascadeProvider;
}
