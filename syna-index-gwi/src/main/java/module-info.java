/**
 * Gravity Well vector index, provider name "gwi": a hierarchical inverted file (a tree of k-means centroids over
 * contiguous posting lists) with streaming split/reassign/merge rebalancing and adaptive probing.
 *
 * @provides syna.api.spi.VectorIndexProvider
 */
module syna.index.gwi {
    requires transitive syna.api; // GwiOptions and GwiIndex mention syna.api types
    exports syna.index.gwi; // GwiOptions, GwiQuery, GwiIndex, GwiStats

    // The index itself; only ServiceLoader creates it.
    provides syna.api.spi.VectorIndexProvider with
            syna.index.gwi.internal.GwiProvider;
}
