package syna.api.spi;

import java.nio.file.Path;

/**
 * Provides an approximate (or exact) nearest-neighbour index over a {@link VectorSource}. The built-in
 * {@code flat} provider is exact search over the ordinals it was given. A plugin is one index class, its
 * provider and one test extending {@code syna.tests.index.VectorIndexConformanceTest}. Thread-safe.
 */
public interface VectorIndexProvider extends SynaProvider {
    /**
     * A new, empty index over {@code source}; {@code config} must name the source's dimension and metric
     * ({@link syna.api.DimensionMismatchException} or {@link syna.api.InvalidArgumentException} otherwise).
     */
    VectorIndex create(VectorIndexConfig config, VectorSource source);

    /**
     * Loads an index saved with {@link VectorIndex#save(Path)} over {@code source}, which holds the vectors
     * the index was built from. Checks the file header (kind, provider, version) and every structural field
     * and throws {@link syna.api.CorruptFileException} or {@link syna.api.FormatVersionException}; a file
     * built for another dimension or metric, or for ordinals the source does not have, is a
     * {@link syna.api.CorruptFileException} too.
     */
    VectorIndex load(Path file, VectorSource source);
}
