package syna.storage.internal;

import java.util.ArrayDeque;
import syna.api.Atom;

/**
 * The latest text and bytes values of recent writes, kept on the heap beside their keys under a byte
 * budget, oldest dropped first: the log's memtable. A get of a key written a moment ago (YCSB's hot
 * keys, read-after-write) is served from memory, while its record may still sit in the writer's
 * buffer or past the end of the log's maps; once a value is {@link #BUDGET} bytes of newer values old,
 * its record lies in a whole, mapped piece of the log and gets read it from there ({@link LogMap}).
 * So the heap the latest values take is bounded, not one object per key (issue 15). Values of at
 * most {@link RecordFormat#HEAP_VALUE_LIMIT} bytes stay in memory for good and are not counted here.
 *
 * <p>Writer-confined: the writer adds a value after publishing it and evicts after each write unit.
 * Dropping a value is a no-op when the key has had another value since (compared by identity).
 */
final class RecentValues {
    /** Bytes of recent values kept: 64 MiB, or a sixteenth of the maximum heap when that is less. */
    static final long BUDGET = Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 16);
    /** Bytes charged per value beyond its own: the atom, the array header, this entry. */
    private static final int OVERHEAD = 64;

    private record Entry(Generation g, Space space, String key, Atom value, long bytes) {}

    private final ArrayDeque<Entry> fifo = new ArrayDeque<>();
    private final long budget;
    private long bytes;

    RecentValues() {
        this(BUDGET);
    }

    /** With another budget (tests). */
    RecentValues(long budget) {
        this.budget = budget;
    }

    /** Counts the value {@code key} of {@code s} in generation {@code g} now keeps in memory, of {@code size} bytes. */
    void add(Generation g, Space s, String key, Atom value, long size) {
        long n = size + OVERHEAD;
        fifo.addLast(new Entry(g, s, key, value, n));
        bytes += n;
    }

    /** Drops the oldest values from memory until the rest fit the budget; those of other generations only leave the count. */
    void evict(Generation current) {
        while (bytes > budget) {
            Entry e = fifo.pollFirst();
            bytes -= e.bytes();
            if (e.g() == current) {
                e.space().index.uncache(e.key(), e.value());
            }
        }
    }

    /** Bytes counted now (tests, diagnostics). */
    long bytes() {
        return bytes;
    }
}
