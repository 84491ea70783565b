package syna.api.spi;

import java.nio.file.Path;

/**
 * Provides an approximate (or exact) nearest-neighbour index. The built-in {@code flat} provider is
 * exact brute force. Thread-safe.
 */
public interface VectorIndexProvider extends SynaProvider {
    /** A new, empty index. */
    VectorIndex create(VectorIndexConfig config);

    /**
     * Loads an index saved with {@link VectorIndex#save(Path)}. Checks the file header (kind, provider,
     * version) and throws {@link syna.api.CorruptFileException} or {@link syna.api.FormatVersionException}.
     */
    VectorIndex load(Path file);
}
