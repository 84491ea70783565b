/**
 * FAISS indexes for Syna, called through {@code java.lang.foreign}: a small C shim of Syna's own
 * ({@code libsynafaiss}, compiled at build time against the system's FAISS and shipped inside this
 * module), its Java binding, and the index providers {@code faiss} (any {@code index_factory} string),
 * {@code faiss-hnsw}, {@code faiss-ivf-flat} and {@code faiss-ivf-pq}. Needs
 * {@code --enable-native-access=syna.faiss} at run time.
 *
 * @provides syna.api.spi.VectorIndexProvider
 */
module syna.faiss {
    requires transitive syna.api; // FaissException extends syna.api.SynaException

    exports syna.faiss; // FaissException, FaissOptions
    // syna.faiss.internal.* (the providers, the index, the binding): not exported

    // One provider per name; each says in Providers.problems() when the native shim is missing.
    provides syna.api.spi.VectorIndexProvider with
            syna.faiss.internal.FaissProvider.Generic,
            syna.faiss.internal.FaissProvider.Hnsw,
            syna.faiss.internal.FaissProvider.IvfFlat,
            syna.faiss.internal.FaissProvider.IvfPq;
}
