/**
 * Gravity Well vector index, provider name "gwi": a hierarchical inverted file with streaming rebalancing.
 *
 * @provides syna.api.spi.VectorIndexProvider
 */
module syna.index.gwi {
    requires transitive syna.api; // GwiOptions and GwiIndex mention syna.api types
    exports syna.index.gwi; // GwiOptions, GwiQuery, GwiIndex, GwiStats
}
