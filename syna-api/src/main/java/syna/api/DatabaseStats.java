package syna.api;

/**
 * Counters of an open database.
 *
 * @param liveKeys keys with a current, non-deleted value
 * @param totalKeys keys with any history (deleted ones included)
 * @param entries log entries (all history)
 * @param fileBytes bytes of the log file(s) on disk
 * @param durability the database's durability mode
 * @param engine name of the storage engine provider
 * @param codec name of the value codec
 */
public record DatabaseStats(
        long liveKeys, long totalKeys, long entries, long fileBytes, Durability durability, String engine, String codec) {}
