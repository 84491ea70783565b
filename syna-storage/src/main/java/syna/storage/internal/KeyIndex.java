package syna.storage.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import syna.api.Atom;

/**
 * The key index of one generation: key to its history, for one writer and any number of lock-free
 * readers. Open addressing with linear probing over one array of (key, value) pairs, at most half
 * full; keys are never removed (a deleted key keeps its history, compaction builds a new index). A
 * put of a new key is one probe sequence and two array stores, with no node allocated, and a hit
 * reads the key and its value from one cache line: in the write profile the
 * {@code ConcurrentHashMap} this replaces (get, then computeIfAbsent, node allocation, resizes that
 * copy nodes) took about two thirds of the time of a put.
 *
 * <p>A value is a {@link KeyHistory} (a key the writer has written more than once since it was
 * loaded) or, for every other key, just its published {@link HistoryView}: most keys are written
 * once, and a key loaded from a checkpoint or a compaction is not written again until it is, so they
 * cost no history object (the writer's working arrays, recovery state and a second reference), which
 * is about a third of a small key's heap and one object fewer for the collector to trace and copy at
 * every open. The writer turns a bare view into a history when it writes the key again
 * ({@link #getOrCreate}, {@link #writable}) and back when a history holds one entry ({@link #settle}).
 *
 * <p>Publication: the writer stores the hash and value and then the key with a volatile store; a
 * reader reads the key with acquire semantics and, when it matches, the value after it, also with
 * acquire (a value can be replaced: a view by a history, a view by the same view with its latest
 * value cached). Growing copies the pairs into a new array and publishes it through a volatile
 * field; readers holding the old array still see every key it had. Concurrent reads, one writer (the
 * caller serialises writers).
 */
final class KeyIndex {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final int MIN_CAPACITY = 16;

    /**
     * {@code slots} is {@code [key0, value0, key1, value1, ...]}, a null key an empty slot;
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

    /** The published history of {@code key}, or null when the index has no such key. Any thread. */
    HistoryView view(String key) {
        Object o = find(key);
        return o == null ? null : viewOf(o);
    }

    private static HistoryView viewOf(Object value) {
        return value instanceof KeyHistory h ? h.view() : (HistoryView) value;
    }

    /** The value of {@code key} (a {@link KeyHistory} or a {@link HistoryView}), or null. Any thread. */
    private Object find(String key) {
        Object[] t = table.slots;
        int mask = (t.length >> 1) - 1;
        int h = key.hashCode();
        for (int i = home(h, mask); ; i = (i + 1) & mask) {
            Object k = SLOT.getAcquire(t, i << 1);
            if (k == null) {
                return null;
            }
            if (k == key || (k.hashCode() == h && k.equals(key))) {
                return SLOT.getAcquire(t, (i << 1) + 1);
            }
        }
    }

    /**
     * A reader read the latest value of view {@code v} of {@code key} back from the file: keeps it
     * in memory, unless the writer published another state of the key since. Any thread.
     */
    void fillLatest(String key, HistoryView v, Atom value) {
        Object[] t = table.slots;
        int mask = (t.length >> 1) - 1;
        int h = key.hashCode();
        for (int i = home(h, mask); ; i = (i + 1) & mask) {
            Object k = SLOT.getAcquire(t, i << 1);
            if (k == null) {
                return;
            }
            if (k == key || (k.hashCode() == h && k.equals(key))) {
                Object o = SLOT.getAcquire(t, (i << 1) + 1);
                if (o instanceof KeyHistory kh) {
                    kh.fillLatest(v, value);
                } else if (o == v) {
                    SLOT.compareAndSet(t, (i << 1) + 1, v, v.withLatest(value));
                }
                return;
            }
        }
    }

    /** Slot of {@code key} in {@code t}, or -1. Writer only. */
    private static int slotOf(Table t, String key, int h) {
        Object[] slots = t.slots;
        int[] hashes = t.hashes;
        int mask = t.mask();
        for (int i = home(h, mask); ; i = (i + 1) & mask) {
            Object k = slots[i << 1];
            if (k == null) {
                return -1;
            }
            if (hashes[i] == h && (k == key || k.equals(key))) {
                return i;
            }
        }
    }

    /** The history in slot {@code i}, made from its bare view first when it has none. Writer only. */
    private static KeyHistory historyAt(Table t, int i) {
        Object o = SLOT.getAcquire(t.slots, (i << 1) + 1); // a reader may have cached the view's latest value
        if (o instanceof KeyHistory h) {
            return h;
        }
        KeyHistory h = KeyHistory.of((HistoryView) o);
        SLOT.setVolatile(t.slots, (i << 1) + 1, h);
        return h;
    }

    /** Whether {@code key} is held as a bare view, without a history object (tests, diagnostics). Any thread. */
    boolean isBareView(String key) {
        return find(key) instanceof HistoryView;
    }

    /** The history of {@code key} to append to, or null when the index has no such key. Writer only. */
    KeyHistory writable(String key) {
        Table t = table;
        int i = slotOf(t, key, key.hashCode());
        return i < 0 ? null : historyAt(t, i);
    }

    /**
     * After a write published {@code h}, the history of {@code key}: when it holds one entry the
     * index keeps just its view (see the class comment). Writer only.
     */
    void settle(String key, KeyHistory h) {
        if (h.workingCount() != 1) {
            return;
        }
        Table t = table;
        int i = slotOf(t, key, key.hashCode());
        if (i >= 0 && t.slots[(i << 1) + 1] == h) {
            SLOT.setVolatile(t.slots, (i << 1) + 1, h.view());
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
                return historyAt(t, i);
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

    /** Adds {@code key} with view {@code v}; the key must be absent (building an index: recovery, compaction). Writer only. */
    void putNew(String key, HistoryView v) {
        putNewValue(key, v);
    }

    /**
     * Adds {@code key} with the published history {@code h} (kept as its view when it holds one
     * entry); the key must be absent. Writer only.
     */
    void putNew(String key, KeyHistory h) {
        putNewValue(key, h.workingCount() == 1 ? h.view() : h);
    }

    private void putNewValue(String key, Object value) {
        Table t = table;
        if (2 * (size + 1) > t.hashes.length) {
            t = grow(t);
            table = t;
        }
        insertNew(t, key, key.hashCode(), value);
        size = size + 1;
    }

    /**
     * Adds {@code key} with view {@code v} unless it is present (loading a checkpoint); returns
     * whether it was added. Writer only.
     */
    boolean putNewIfAbsent(String key, HistoryView v) {
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
        set(t, i, key, h, v);
        size = size + 1;
        return true;
    }

    /** Fills slot {@code i}: hash and value first, then the key that makes them visible. */
    private static void set(Table t, int i, String key, int h, Object value) {
        t.hashes[i] = h;
        t.slots[(i << 1) + 1] = value;
        SLOT.setVolatile(t.slots, i << 1, key);
    }

    private static void insertNew(Table t, String key, int h, Object value) {
        int mask = t.mask();
        int i = home(h, mask);
        while (t.slots[i << 1] != null) {
            i = (i + 1) & mask;
        }
        set(t, i, key, h, value);
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
     * Calls {@code action} for every key and its published history, in no order. Any thread: a key
     * added while this runs may or may not be visited; every key added before it started is.
     */
    void forEach(BiConsumer<String, HistoryView> action) {
        Object[] t = table.slots;
        for (int j = 0; j < t.length; j += 2) {
            Object k = SLOT.getVolatile(t, j);
            if (k != null) {
                action.accept((String) k, viewOf(SLOT.getAcquire(t, j + 1)));
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
