package syna.api;

import java.util.List;

/**
 * Counters of an open database, and what its file says about itself. The words match the CLI's
 * ({@code docs/cli.md}): a <em>key</em> is a name with a history; a <em>value</em> is one entry of a
 * key's history (each point of a series, and each delete, counts once); a <em>record</em> is one
 * checksummed unit of the log file (a series of up to 65,536 points is one record). Key counts are of
 * the user keys; namespaces are counted apart. Immutable; thread-safe.
 *
 * @param liveKeys user keys with a current, non-deleted value
 * @param totalKeys user keys with any history (deleted ones included)
 * @param entries values: every entry of every key's history in every key space, deletes included (what
 *     compaction counts)
 * @param fileBytes bytes of the log file(s) on disk, including writes still buffered in the process
 * @param durability the durability mode of this open (chosen when opening; not stored in the file)
 * @param engine name of the storage engine provider, as the file's header names it
 * @param codec name of the codec this open compresses new values with ({@code none}: no compression)
 * @param formatVersion format version of the file, as its header states it (1: written before
 *     namespaces; a compaction upgrades it to the newest)
 * @param fileCodecs codecs the file's records are compressed with, in the order the file registered
 *     them; empty when no value in the file is compressed
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
        List<String> fileCodecs,
        int namespaces,
        long namespaceLiveKeys) {

    /** Rejects nulls and copies the list. */
    public DatabaseStats {
        syna.api.internal.Checks.notNull(durability, "durability");
        syna.api.internal.Checks.notNull(engine, "engine");
        syna.api.internal.Checks.notNull(codec, "codec");
        syna.api.internal.Checks.notNull(fileCodecs, "fileCodecs");
        fileCodecs = List.copyOf(fileCodecs);
    }

    /**
     * Values per key.
     *
     * @return {@code entries / totalKeys}, or 0 for an empty database
     */
    public double valuesPerKey() {
        return totalKeys == 0 ? 0.0 : (double) entries / totalKeys;
    }
}
