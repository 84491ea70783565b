package syna.vector.internal;

import java.util.Optional;
import syna.api.VectorStoreOptions;
import syna.api.spi.Providers;
import syna.api.spi.VectorIndexProvider;

/** Which index provider a vector store attaches. Thread-safe. */
final class IndexChoice {
    private IndexChoice() {}

    /**
     * The provider the options name (missing: {@link syna.api.ProviderNotFoundException}), else
     * {@code -Dsyna.index} or {@code hnsw} when present; empty when that resolves to the default
     * {@code flat}, which would only duplicate the exact search the stores already do.
     */
    static Optional<VectorIndexProvider> resolve(VectorStoreOptions options) {
        if (options.index().isPresent()) {
            return Optional.of(Providers.get(VectorIndexProvider.class, options.index().get()));
        }
        VectorIndexProvider chosen = Providers.select(VectorIndexProvider.class, Optional.empty());
        return chosen.name().equals("flat") ? Optional.empty() : Optional.of(chosen);
    }
}
