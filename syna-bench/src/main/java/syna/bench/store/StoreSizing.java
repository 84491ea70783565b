package syna.bench.store;

/**
 * What a store will hold, for engines that are sized up front (Chronicle Map); the others ignore it.
 * Immutable.
 *
 * @param entries keys the store will hold, at most
 * @param keyBytes average key length in bytes
 * @param valueBytes average value length in bytes
 */
public record StoreSizing(long entries, int keyBytes, int valueBytes) {
    /** Checks the figures are positive. */
    public StoreSizing {
        if (entries < 1 || keyBytes < 1 || valueBytes < 0) {
            throw new IllegalArgumentException("bad sizing: " + entries + " entries, " + keyBytes + " B keys, "
                    + valueBytes + " B values");
        }
    }
}
