/**
 * Syna's vector stores, provider "standard": the durable store inside any {@link syna.api.Database} (each
 * write one atomic batch of the database) and the memory-mapped store (a pre-allocated file, durable at
 * checkpoints). Indexes attach through {@code VectorIndexProvider} and read the store's own vectors. Exports
 * nothing: applications reach the stores through {@code syna.api.Syna#vectorStore} and
 * {@code syna.api.Syna#mmapVectorStore}.
 *
 * @provides syna.api.spi.VectorStoreProvider
 */
module syna.vector {
    requires syna.api; // not transitive: no syna.vector type is public API

    // The stores behind Syna.vectorStore and Syna.mmapVectorStore; only ServiceLoader creates them.
    provides syna.api.spi.VectorStoreProvider with syna.vector.internal.StandardVectorStoreProvider;
}
