/**
 * HNSW vector index, provider name "hnsw".
 *
 * @provides syna.api.spi.VectorIndexProvider
 */
module syna.index.hnsw {
    requires transitive syna.api; // HnswOptions converts to and from syna.api's VectorIndexConfig
    exports syna.index.hnsw; // HnswOptions and its builder only

    // The index itself; only ServiceLoader creates it.
    provides syna.api.spi.VectorIndexProvider with
            syna.index.hnsw.internal.HnswProvider;
}
