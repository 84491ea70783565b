package syna.storage.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The key index of one generation: key to {@link KeyHistory}, for one writer and any number of
 * lock-free readers. Open addressing with linear probing over one array of (key, history) pairs,
 * at most half full; keys are never removed (a deleted key keeps its history, compaction builds a
 * new index). A put of a new key is one probe sequence and two array stores, with no node
 * allocated, and a hit reads the key and its history from one cache line: in the write profile the
 * {@code ConcurrentHashMap} this replaces (get, then computeIfAbsent, node allocation, resizes that
 * copy nodes) took about two thirds of the time of a put.
 *
 * <p>Publication: the writer stores the hash and history and then the key with a volatile store; a reader
 * reads the key with acquire semantics and, when it matches, the history after it. Growing copies
 * the pairs into a new array and publishes it through a volatile field; readers holding the old
 * array still see every key it had. Concurrent reads, one writer (the caller serialises writers).
 */
final class KeyIndex {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final int MIN_CAPACITY = 16;

    /**
     * {@code slots} is {@code [key0, history0, key1, history1, ...]}, a null key an empty slot;
     * {@code hashes[i]} is the hash of key i, so the writer probes and grows without touching the
     * key strings (a cache miss each). Readers compare keys only.
     */
    private record Table(Object[] slots, int[] hashes) {
        Table(int capacity) {
            this(new Object[2 * capacity], new int[capacity]);
        }

        int mask() {
            return hashes.length - 1;
        }
    }

    private volatile Table table;
    private volatile int size;
    /** Writer-confined: whether the last {@link #getOrCreate} added the key. */
    private boolean created;

    KeyIndex() {
        this(MIN_CAPACITY);
    }

    /** An index sized for about {@code expected} keys without growing. */
    KeyIndex(int expected) {
        int cap = MIN_CAPACITY;
        while (cap < 2L * expected && cap < 1 << 29) {
            cap <<= 1;
        }
        table = new Table(cap);
    }

    /** Home slot of hash {@code h} in a table of {@code mask + 1} pairs (Fibonacci hashing: the top bits). */
    private static int home(int h, int mask) {
        return (h * 0x9E3779B9) >>> Integer.numberOfLeadingZeros(mask);
    }

    /** Number of keys. */
    int size() {
        return size;
    }

    /** The history of {@code key}, or null. Any thread. */
    KeyHistory get(String key) {
        Object[] t = table.slots;
        int mask = (t.length >> 1) - 1;
        int h = key.hashCode();
        for (int i = home(h, mask); ; i = (i + 1) & mask) {
            Object k = SLOT.getAcquire(t, i << 1);
            if (k == null) {
                return null;
            }
            if (k == key || (k.hashCode() == h && k.equals(key))) {
                return (KeyHistory) t[(i << 1) + 1];
            }
        }
    }

    /**
     * The history of {@code key}, created empty when absent; {@link #lastCreated} tells which.
     * Writer only.
     */
    KeyHistory getOrCreate(String key) {
        Table t = table;
        Object[] slots = t.slots;
        int[] hashes = t.hashes;
        int mask = t.mask();
        int h = key.hashCode();
        int i = home(h, mask);
        for (; ; i = (i + 1) & mask) {
            Object k = slots[i << 1];
            if (k == null) {
                break;
            }
            if (hashes[i] == h && (k == key || k.equals(key))) {
                created = false;
                return (KeyHistory) slots[(i << 1) + 1];
            }
        }
        KeyHistory kh = new KeyHistory();
        created = true;
        if (2 * (size + 1) > hashes.length) {
            t = grow(t);
            table = t;
            insertNew(t, key, h, kh);
        } else {
            set(t, i, key, h, kh);
        }
        size = size + 1;
        return kh;
    }

    /** Whether the last {@link #getOrCreate} added its key. Writer only. */
    boolean lastCreated() {
        return created;
    }

    /** Adds {@code key}, which must be absent (building an index: recovery, compaction). Writer only. */
    void putNew(String key, KeyHistory history) {
        Table t = table;
        if (2 * (size + 1) > t.hashes.length) {
            t = grow(t);
            table = t;
        }
        insertNew(t, key, key.hashCode(), history);
        size = size + 1;
    }

    /**
     * Adds {@code key} unless it is present (loading a checkpoint); returns whether it was added.
     * Writer only.
     */
    boolean putNewIfAbsent(String key, KeyHistory history) {
        Table t = table;
        if (2 * (size + 1) > t.hashes.length) {
            t = grow(t);
            table = t;
        }
        int h = key.hashCode();
        int mask = t.mask();
        int i = home(h, mask);
        for (; t.slots[i << 1] != null; i = (i + 1) & mask) {
            if (t.hashes[i] == h && t.slots[i << 1].equals(key)) {
                return false;
            }
        }
        set(t, i, key, h, history);
        size = size + 1;
        return true;
    }

    /** Fills slot {@code i}: hash and history first, then the key that makes them visible. */
    private static void set(Table t, int i, String key, int h, KeyHistory kh) {
        t.hashes[i] = h;
        t.slots[(i << 1) + 1] = kh;
        SLOT.setVolatile(t.slots, i << 1, key);
    }

    private static void insertNew(Table t, String key, int h, KeyHistory kh) {
        int mask = t.mask();
        int i = home(h, mask);
        while (t.slots[i << 1] != null) {
            i = (i + 1) & mask;
        }
        set(t, i, key, h, kh);
    }

    /** A table twice the size holding the same pairs, filled before it is published. */
    private static Table grow(Table old) {
        Table t = new Table(old.hashes.length * 2);
        Object[] slots = t.slots;
        int mask = t.mask();
        for (int j = 0; j < old.hashes.length; j++) {
            Object k = old.slots[j << 1];
            if (k != null) {
                int h = old.hashes[j];
                int i = home(h, mask);
                while (slots[i << 1] != null) {
                    i = (i + 1) & mask;
                }
                slots[i << 1] = k;
                slots[(i << 1) + 1] = old.slots[(j << 1) + 1];
                t.hashes[i] = h;
            }
        }
        return t;
    }

    /**
     * Calls {@code action} for every key and its history, in no order. Any thread: a key added
     * while this runs may or may not be visited; every key added before it started is.
     */
    void forEach(BiConsumer<String, KeyHistory> action) {
        Object[] t = table.slots;
        for (int j = 0; j < t.length; j += 2) {
            Object k = SLOT.getVolatile(t, j);
            if (k != null) {
                action.accept((String) k, (KeyHistory) t[j + 1]);
            }
        }
    }

    /** Every key, in no order (see {@link #forEach}). */
    List<String> keys() {
        List<String> keys = new ArrayList<>(size);
        forEach((k, h) -> keys.add(k));
        return keys;
    }
}
