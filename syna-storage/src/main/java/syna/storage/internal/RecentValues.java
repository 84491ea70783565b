package syna.storage.internal;

import java.util.Arrays;
import syna.api.Atom;

/**
 * The latest text and bytes values of recent writes, kept on the heap beside their keys under a byte
 * budget and a count, oldest dropped first: the log's memtable. A get of a key written a moment ago
 * (YCSB's hot keys, read-after-write) is served from memory, while its record may still sit in the
 * writer's buffer or past the end of the log's maps; once {@link #BUDGET} bytes or {@link
 * #MAX_VALUES} values of newer writes follow it, its record lies in a whole, mapped piece of the log
 * and a get reads it from there ({@link LogMap}). So the heap the latest values take is bounded, not one
 * object per key (issue 15). Values of at most {@link RecordFormat#HEAP_VALUE_LIMIT} bytes stay in
 * memory for good and are not counted here.
 *
 * <p>A ring of parallel arrays, so that counting a value allocates nothing. Writer-confined: the
 * writer adds a value after publishing it and evicts after each write unit. Dropping a value is a no-op
 * when the key has had another value since (compared by identity). Values counted for another
 * generation (before a compaction installed a new index) are forgotten, not dropped: the compacted
 * index keeps only small values.
 */
final class RecentValues {
    /** Bytes of recent values kept: 64 MiB, or a sixteenth of the maximum heap when that is less. */
    static final long BUDGET = Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 16);
    /** Most values kept (so small values do not fill the young generation with objects to copy). */
    static final int MAX_VALUES = 1 << 16;
    /** Bytes charged per value beyond its own: the atom, the array header, the ring's slots. */
    private static final int OVERHEAD = 48;

    private final long budget;
    private final int maxValues;
    private Generation gen;
    private Space[] spaces = new Space[0];
    private int[] entries = new int[0];
    private Atom[] values = new Atom[0];
    private int[] sizes = new int[0];
    /** Ring position of the oldest value, and how many there are. */
    private int head;
    private int count;
    private long bytes;

    RecentValues() {
        this(BUDGET, MAX_VALUES);
    }

    /** With other limits (tests). */
    RecentValues(long budget, int maxValues) {
        this.budget = budget;
        this.maxValues = maxValues;
    }

    /** Counts the value {@code key} of {@code s} in generation {@code g} now keeps in memory, of {@code size} bytes. */
    void add(Generation g, Space s, String key, Atom value, long size) {
        int e = s.index.writerEntry(key); // just written: its slot and columns are in the cache
        if (e < 0) {
            return;
        }
        if (g != gen) {
            clear();
            gen = g;
        }
        if (count == spaces.length) {
            grow();
        }
        int i = (head + count) % spaces.length;
        int n = (int) Math.min(Integer.MAX_VALUE, size + OVERHEAD);
        spaces[i] = s;
        entries[i] = e;
        values[i] = value;
        sizes[i] = n;
        count++;
        bytes += n;
    }

    /**
     * Drops the oldest values from memory until the rest fit the budget and the count, once they are
     * an eighth over either: a batch of drops runs its cache misses side by side.
     */
    void evict(Generation current) {
        if (current != gen) {
            clear();
            return;
        }
        if (bytes <= budget + (budget >> 3) && count <= maxValues + (maxValues >> 3)) {
            return;
        }
        while (count > 0 && (bytes > budget || count > maxValues)) {
            int i = head;
            spaces[i].index.uncache(entries[i], values[i]);
            bytes -= sizes[i];
            spaces[i] = null;
            values[i] = null;
            head = (head + 1) % spaces.length;
            count--;
        }
    }

    private void grow() {
        int cap = Math.max(64, spaces.length * 2); // up to the first power of two past 9/8 of maxValues
        Space[] s = new Space[cap];
        int[] k = new int[cap];
        Atom[] v = new Atom[cap];
        int[] z = new int[cap];
        for (int j = 0; j < count; j++) {
            int i = (head + j) % spaces.length;
            s[j] = spaces[i];
            k[j] = entries[i];
            v[j] = values[i];
            z[j] = sizes[i];
        }
        spaces = s;
        entries = k;
        values = v;
        sizes = z;
        head = 0;
    }

    private void clear() {
        Arrays.fill(spaces, null);
        Arrays.fill(values, null);
        head = 0;
        count = 0;
        bytes = 0;
    }
}
