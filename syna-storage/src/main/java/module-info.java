/**
 * Syna's log-structured storage engine, provider name "log". Exports nothing: applications reach
 * it through {@code syna.api.Syna#open}.
 */
module syna.storage {
    requires syna.api; // not transitive: no syna.storage type is public API
}
