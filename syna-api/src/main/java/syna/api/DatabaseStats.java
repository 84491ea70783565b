package syna.api;

/**
 * Counters of an open database. Key counts are of the user keys; namespaces are counted apart.
 *
 * @param liveKeys user keys with a current, non-deleted value
 * @param totalKeys user keys with any history (deleted ones included)
 * @param entries log entries (all history, every key space)
 * @param fileBytes bytes of the log file(s) on disk
 * @param durability the database's durability mode
 * @param engine name of the storage engine provider
 * @param codec name of the value codec
 * @param formatVersion format version of the log file (1: written before namespaces; a compaction
 *     upgrades it to the newest)
 * @param namespaces number of namespaces
 * @param namespaceLiveKeys live keys in all namespaces together
 */
public record DatabaseStats(
        long liveKeys,
        long totalKeys,
        long entries,
        long fileBytes,
        Durability durability,
        String engine,
        String codec,
        int formatVersion,
        int namespaces,
        long namespaceLiveKeys) {
    /** Rejects nulls. */
    public DatabaseStats {
        syna.api.internal.Checks.notNull(durability, "durability");
        syna.api.internal.Checks.notNull(engine, "engine");
        syna.api.internal.Checks.notNull(codec, "codec");
    }
}
