/**
 * Syna's log-structured storage engine, provider name "log". Exports nothing: applications reach
 * it through {@code syna.api.Syna#open}.
 *
 * @provides syna.api.spi.StorageEngineProvider
 */
module syna.storage {
    requires syna.api; // not transitive: no syna.storage type is public API

    // The engine behind Syna.open; only ServiceLoader creates it.
    provides syna.api.spi.StorageEngineProvider with syna.storage.internal.LogStorageEngineProvider;
}
