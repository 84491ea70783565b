package syna.api.spi;

import syna.api.Database;
import syna.api.DatabaseOptions;

/**
 * Provides the storage engine behind {@link syna.api.Syna#open}. Vector stores work over any engine's
 * {@link Database} and come from a {@link VectorStoreProvider}. Thread-safe.
 */
public interface StorageEngineProvider extends SynaProvider {
    /** Opens (or creates, as the options say) the database at {@code options.path()}. */
    Database open(DatabaseOptions options);
}
