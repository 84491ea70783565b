package syna.storage.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import syna.api.Atom;

/**
 * The key index of one generation: key to its history, for one writer and any number of lock-free
 * readers; keys are never removed (a deleted key keeps its history, compaction builds a new index).
 *
 * <p>Layout: the keys are entries numbered in insertion order and stored in columns (key and value
 * side by side in one array, so a read finds both on one cache line; hash; and for a key with one
 * entry that entry's time, bits, record offset and type). A key the writer added is its string; a key
 * loaded from a checkpoint has none: its UTF-8 bytes lie back to back with the others' in pages of
 * bytes, found from its entry (issue 15: a string per key was 18% of a checkpoint load, and the
 * collector's work after it). An open-addressing table of ints, at most half full, maps a key's hash to its entry number plus one
 * (0: empty) with linear probing; the spare high bits of a slot hold more bits of the key's hash, so
 * a probe passing other keys' slots reads none of their columns. A new key is one probe sequence and
 * a store in each column, with no object allocated. Growth never stops the writer for long (issue 15:
 * a copy of every column and a rehash of every key made puts of a million-key index wait tens of
 * milliseconds): the columns are pages of {@link #PAGE} entries and grow by one page, and the table
 * doubles incrementally, two keys moved to the new slots on each add while readers search the old
 * slots after the new ones.
 *
 * <p>A key's value is one of: a {@link KeyHistory} (a key the writer has written more than once
 * since it was loaded); a {@link HistoryView} (several entries, not written since a checkpoint load);
 * or, for a key with one entry, which is most keys, nothing but its columns: the value column then
 * holds its latest value when it is kept in memory (an {@link Atom}) or null. Such a key costs no
 * object beyond its key string, none when it was loaded, so loading a checkpoint is copying its
 * columns ({@link #loaded}), and the collector has nothing to trace or copy. The writer turns a key into a history when it writes it again
 * ({@link #getOrCreate}, {@link #writable}) and back into columns when a history holds one entry
 * ({@link #settle}); a reader asking for it gets a one-entry view made on the spot.
 *
 * <p>Publication: the writer fills an entry's columns and then stores its number in the table
 * with release semantics; a reader reads the table slot with acquire semantics and then the
 * columns. A value can be replaced later (a history for a key's columns or view, columns for a
 * one-entry history, a view or latest value with the value read back from the file cached): the
 * writer fills the columns first and stores the value with release semantics, readers read it with
 * acquire. The one-entry columns of an entry are written only while no reader can take the entry
 * for a one-entry key. Growing publishes a new {@link Table} through a volatile field; a reader
 * holding an older one sees every key it had, and an entry number past its columns means a key
 * being added meanwhile (not found). Concurrent reads, one writer (the caller serialises writers).
 */
final class KeyIndex {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle VALUE = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final int MIN_CAPACITY = 16;
    /** Most keys one index holds: its table of at most 2^30 slots stays at most half full. */
    static final int MAX_KEYS = 1 << 29;

    /** Entries a page of the columns holds (except a first and only page, which grows to it). */
    private static final int PAGE_BITS = 16;
    static final int PAGE = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE - 1;
    /** Bits of a place that hold the record offset (the top byte holds the type tag). */
    private static final long OFFSET_MASK = (1L << 56) - 1;
    /** Bytes of a page of keys a key-by-key load fills (the first ones are smaller: a small index stays small). */
    private static final int KEY_PAGE = 1 << 20;
    private static final int MIN_KEY_PAGE = 256;
    /**
     * Most bytes of one page of keys (a page loaded from a checkpoint can be this big). A key's
     * location packs page (18 bits), offset in the page (30 bits) and length (16 bits) in one long.
     */
    static final int MAX_KEY_PAGE = 1 << 30;
    private static final int MAX_KEY_PAGES = 1 << 18;

    /**
     * One state of the index: the hash table ({@code slots}, entry number + 1 per slot; while it
     * grows, {@code old} holds the slots before, see {@link #add}), the entry columns, in pages of
     * {@link #PAGE} entries (entry {@code e} in page {@code e >>> PAGE_BITS}), so the columns grow by a
     * page and never copy what they hold (a first and only page grows by half up to a whole page), and
     * the pages of key bytes. Arrays are shared between states: a new state replaces only what grew.
     * {@code room}: entries the pages hold. {@code refs} holds two references an entry: its key
     * string (null for a loaded key) and its value. {@code places}: the record offset and type tag
     * of a one-entry key (the tag in the top byte). {@code keyAts}: where a loaded key's bytes are
     * (page, offset, length); a page of it exists only once a loaded key is in it, so keys the writer
     * adds (strings) cost nothing there.
     */
    private record Table(int[] slots, int[] old, int room, Object[][] refs, int[][] hashes, long[][] times,
            long[][] bits, long[][] places, long[][] keyAts, byte[][] keys) {
        /** Empty columns with room for {@code n} entries. */
        static Table of(int[] slots, int n, byte[][] keys) {
            int pages = n <= PAGE ? 1 : (int) ((n + (long) PAGE - 1) >>> PAGE_BITS);
            int len = n <= PAGE ? n : PAGE;
            Table t = new Table(slots, null, len, new Object[][] {new Object[2 * len]}, new int[][] {new int[len]},
                    new long[][] {new long[len]}, new long[][] {new long[len]}, new long[][] {new long[len]},
                    new long[1][], keys);
            while (t.refs.length < pages) {
                t = t.grown();
            }
            return t;
        }

        Table withSlots(int[] s, int[] o) {
            return new Table(s, o, room, refs, hashes, times, bits, places, keyAts, keys);
        }

        Table withKeys(byte[][] k) {
            return new Table(slots, old, room, refs, hashes, times, bits, places, keyAts, k);
        }

        /** These columns with room for more entries: a bigger first page, or one more page. */
        Table grown() {
            int n = refs.length;
            if (n == 1 && room < PAGE) {
                int len = Math.min(PAGE, Math.max(MIN_CAPACITY, room + (room >> 1)));
                return new Table(slots, old, len, new Object[][] {Arrays.copyOf(refs[0], 2 * len)},
                        new int[][] {Arrays.copyOf(hashes[0], len)}, new long[][] {Arrays.copyOf(times[0], len)},
                        new long[][] {Arrays.copyOf(bits[0], len)}, new long[][] {Arrays.copyOf(places[0], len)},
                        new long[][] {keyAts[0] == null ? null : Arrays.copyOf(keyAts[0], len)}, keys);
            }
            return new Table(slots, old, room + PAGE, with(refs, new Object[2 * PAGE]), with(hashes, new int[PAGE]),
                    with(times, new long[PAGE]), with(bits, new long[PAGE]), with(places, new long[PAGE]),
                    with(keyAts, null), keys);
        }

        /** Where the key of loaded entry {@code e} is: page, offset, length (see {@link #MAX_KEY_PAGE}). */
        long keyAt(int e) {
            return keyAts[e >>> PAGE_BITS][e & PAGE_MASK];
        }

        /** The page of {@code keyAts} for entries of page {@code p}, made when a loaded key first needs it (writer). */
        long[] keyAtPage(int p) {
            long[] page = keyAts[p];
            if (page == null) {
                page = new long[hashes[p].length];
                keyAts[p] = page; // shared with older states: harmless, no published entry reads it
            }
            return page;
        }

        /** The key string of entry {@code e}, or null for a loaded key (see {@link #keyAt}). */
        String keyString(int e) {
            return (String) refs[e >>> PAGE_BITS][2 * (e & PAGE_MASK)];
        }

        /** Key of entry {@code e} (decoded, a new string, for a loaded key). */
        String key(int e) {
            String k = keyString(e);
            if (k != null) {
                return k;
            }
            long at = keyAt(e);
            return new String(keys[keyPage(at)], keyOffset(at), keyLength(at), StandardCharsets.UTF_8);
        }

        /**
         * Whether entry {@code e}'s key is {@code key}. A loaded key in a page this state does not have
         * is not (being added while this reads).
         */
        boolean keyIs(int e, String key) {
            String k = keyString(e); // beside the value: the cache line a get reads anyway
            if (k != null) {
                return k == key || k.equals(key);
            }
            long at = keyAt(e);
            int page = keyPage(at);
            if (page >= keys.length) {
                return false;
            }
            byte[] b = keys[page];
            int off = keyOffset(at);
            int len = keyLength(at);
            int n = key.length();
            if (len != n) { // a key of n chars has at least n bytes, exactly n when it is ASCII
                if (len < n) {
                    return false;
                }
                byte[] u = Keys.strictUtf8(key);
                return Arrays.equals(b, off, off + len, u, 0, u.length);
            }
            for (int i = 0; i < n; i++) {
                if (key.charAt(i) != b[off + i]) { // a byte of a multi-byte sequence is negative: never a char
                    return false;
                }
            }
            return true;
        }

        /** Whether entries {@code a} and {@code b} have the same key. */
        boolean sameKey(int a, int b) {
            if (keyString(a) != null || keyString(b) != null) {
                return key(a).equals(key(b));
            }
            long x = keyAt(a);
            long y = keyAt(b);
            int n = keyLength(x);
            return n == keyLength(y) && Arrays.equals(keys[keyPage(x)], keyOffset(x), keyOffset(x) + n,
                    keys[keyPage(y)], keyOffset(y), keyOffset(y) + n);
        }

        private static <T> T[] with(T[] pages, T page) {
            T[] next = Arrays.copyOf(pages, pages.length + 1);
            next[pages.length] = page;
            return next;
        }

        /** Value of entry {@code e} (acquire). */
        Object value(int e) {
            return VALUE.getAcquire(refs[e >>> PAGE_BITS], 2 * (e & PAGE_MASK) + 1);
        }

        /** Value of entry {@code e}, a plain read (the writer: it wrote it). */
        Object writerValue(int e) {
            return refs[e >>> PAGE_BITS][2 * (e & PAGE_MASK) + 1];
        }

        void setValue(int e, Object v) {
            VALUE.setRelease(refs[e >>> PAGE_BITS], 2 * (e & PAGE_MASK) + 1, v);
        }

        boolean casValue(int e, Object expected, Object v) {
            return VALUE.compareAndSet(refs[e >>> PAGE_BITS], 2 * (e & PAGE_MASK) + 1, expected, v);
        }

        int hash(int e) {
            return hashes[e >>> PAGE_BITS][e & PAGE_MASK];
        }

        long time(int e) {
            return times[e >>> PAGE_BITS][e & PAGE_MASK];
        }

        long bits(int e) {
            return bits[e >>> PAGE_BITS][e & PAGE_MASK];
        }

        long place(int e) {
            return places[e >>> PAGE_BITS][e & PAGE_MASK];
        }

        long offset(int e) {
            return place(e) & OFFSET_MASK;
        }

        byte tag(int e) {
            return (byte) (place(e) >>> 56);
        }

        /** Writes the one-entry columns of entry {@code e} (plain stores). */
        void setEntry(int e, long time, long bits, long offset, byte tag) {
            int p = e >>> PAGE_BITS;
            int j = e & PAGE_MASK;
            this.times[p][j] = time;
            this.bits[p][j] = bits;
            if ((offset & ~OFFSET_MASK) != 0) {
                throw new IllegalStateException("record offset " + offset + " out of range");
            }
            this.places[p][j] = KeyIndex.place(offset, tag);
        }

        /**
         * Writes key (a string, or null and the location of its bytes), hash and value of new entry
         * {@code e} (plain stores, published by its slot).
         */
        void setKey(int e, String key, long keyAt, int hash, Object value) {
            int p = e >>> PAGE_BITS;
            int j = e & PAGE_MASK;
            if (key == null) {
                keyAtPage(p)[j] = keyAt;
            }
            refs[p][2 * j] = key;
            refs[p][2 * j + 1] = value;
            hashes[p][j] = hash;
        }
    }

    /** The place column's value for a record at {@code offset} of type {@code tag}. */
    static long place(long offset, byte tag) {
        return (long) tag << 56 | offset;
    }

    /** A key location: page, offset in it, length. */
    static long keyAt(int page, int offset, int length) {
        return (long) page << 46 | (long) offset << 16 | length;
    }

    private static int keyPage(long at) {
        return (int) (at >>> 46);
    }

    private static int keyOffset(long at) {
        return (int) (at >>> 16) & (MAX_KEY_PAGE - 1);
    }

    private static int keyLength(long at) {
        return (int) at & 0xFFFF;
    }

    private volatile Table table;
    /** Entries written; published after their table slot. */
    private volatile int size;
    /** Writer-confined: whether the last {@link #getOrCreate} added the key. */
    private boolean created;
    /** Writer-confined: entries from here on were bulk loaded and are not in the table yet (see {@link #index}). */
    private int loadedFrom;
    /** Writer-confined, while the table grows: entries {@code [0, toMove)} are in the old slots, {@code [0, moved)} also in the new. */
    private int moved;
    private int toMove;
    /** Writer-confined: bytes used of the last page of keys. */
    private int keyPos;

    KeyIndex() {
        this(0);
    }

    /** An index sized for about {@code expected} keys without growing. */
    KeyIndex(int expected) {
        int cap = slotCapacity(Math.min(expected, MAX_KEYS));
        int room = Math.max(MIN_CAPACITY, Math.min(expected, MAX_KEYS));
        table = Table.of(new int[cap], room, new byte[0][]);
    }

    /** Home slot of hash {@code h} in a table of {@code mask + 1} slots (Fibonacci hashing: the top bits). */
    static int home(int h, int mask) {
        return (h * 0x9E3779B9) >>> Integer.numberOfLeadingZeros(mask);
    }

    /**
     * The slot value for entry {@code e} of a key with hash {@code h} in a table of {@code mask + 1}
     * slots: entry number + 1 in the low bits (it is below half the slot count, so it fits in
     * log2(slots) bits) and other bits of the hash above them, so a probe passes a slot of another
     * key without reading that entry's columns (a cache miss each) nearly always.
     */
    private static int slotValue(int e, int h, int mask) {
        return (e + 1) | (tag(h) & ~mask);
    }

    /** Hash bits for the slot tag, mixed apart from the bits {@link #home} uses. */
    private static int tag(int h) {
        int x = h * 0x85EBCA6B;
        return x ^ (x >>> 15);
    }

    /** Whether slot value {@code s} may be of a key with hash {@code h} ({@code mask + 1} slots). */
    private static boolean tagMatches(int s, int h, int mask) {
        return ((s ^ tag(h)) & ~mask) == 0;
    }

    /** Whether the table is growing: some keys are still found only in the old slots (tests). */
    boolean growing() {
        return table.old != null;
    }

    /** Number of keys. */
    int size() {
        return size;
    }

    // ---- reads (any thread) -------------------------------------------------------------------

    /**
     * Entry number of {@code key} in {@code t}, or -1. Any thread. While the table grows ({@link
     * #add}), the keys not yet moved are in the old slots, which the writer no longer changes.
     */
    private static int entryOf(Table t, String key) {
        int h = key.hashCode();
        int e = entryOf(t, t.slots, key, h);
        int[] old = t.old;
        return e < 0 && old != null ? entryOf(t, old, key, h) : e;
    }

    private static int entryOf(Table t, int[] slots, String key, int h) {
        int mask = slots.length - 1;
        for (int i = home(h, mask); ; i = (i + 1) & mask) {
            int s = (int) SLOT.getAcquire(slots, i);
            if (s == 0) {
                return -1;
            }
            if (!tagMatches(s, h, mask)) {
                continue;
            }
            int e = (s & mask) - 1;
            if (e >= t.room) {
                return -1; // added after t was replaced: a key being added while this reads
            }
            if (t.keyIs(e, key)) { // the slot's hash bits matched: nearly always the key
                return e;
            }
        }
    }

    /** The published view of entry {@code e}, whose value is {@code o}. */
    private static HistoryView viewAt(Table t, int e, Object o) {
        if (o instanceof KeyHistory h) {
            return h.view();
        }
        if (o instanceof HistoryView v) {
            return v;
        }
        return new HistoryView(t.time(e), t.tag(e), t.bits(e), t.offset(e), (Atom) o);
    }

    /** The published history of {@code key}, or null when the index has no such key. Any thread. */
    HistoryView view(String key) {
        Table t = table;
        int e = entryOf(t, key);
        return e < 0 ? null : viewAt(t, e, t.value(e));
    }

    /**
     * The latest value of {@code key} when the index keeps it in memory ({@link Atom.Null} after a
     * delete), else null (no such key, or a value to read from the file: ask {@link #view}). Any
     * thread; makes no object.
     */
    Atom cachedLatest(String key) {
        Table t = table;
        int e = entryOf(t, key);
        if (e < 0) {
            return null;
        }
        Object o = t.value(e);
        if (o instanceof KeyHistory h) {
            return h.latestCached();
        }
        if (o instanceof HistoryView v) {
            return v.latest();
        }
        return (Atom) o;
    }

    /**
     * The record offset of the latest value of {@code key} when it is live, of type tag {@code tag}, and
     * kept only in the file; else -1 (no such key, deleted, another type, or a value in memory: ask
     * {@link #cachedLatest} and {@link #view}). Any thread; makes no object.
     */
    long storedOffset(String key, byte tag) {
        Table t = table;
        int e = entryOf(t, key);
        if (e < 0) {
            return -1;
        }
        Object o = t.value(e);
        HistoryView v;
        if (o == null) {
            return t.tag(e) == tag ? t.offset(e) : -1; // a one-entry key: its columns
        } else if (o instanceof KeyHistory h) {
            if (h.latestCached() != null) {
                return -1;
            }
            v = h.view();
        } else if (o instanceof HistoryView hv) {
            v = hv;
        } else {
            return -1;
        }
        return v.latest() == null && v.latestTag() == tag ? v.offset(v.count() - 1) : -1;
    }

    /**
     * A reader read the latest value of view {@code v} of {@code key} back from the file: keeps it
     * in memory, unless the writer published another state of the key since. Any thread.
     */
    void fillLatest(String key, HistoryView v, Atom value) {
        Table t = table;
        int e = entryOf(t, key);
        if (e < 0) {
            return;
        }
        Object o = t.value(e);
        if (o instanceof KeyHistory kh) {
            kh.fillLatest(v, value);
        } else if (o instanceof HistoryView) {
            if (o == v) {
                t.casValue(e, v, v.withLatest(value));
            }
        } else if (o == null && v.count() == 1 && v.offset(0) == t.offset(e) && v.time(0) == t.time(e)) {
            t.casValue(e, null, value); // the key's one entry, as v has it
        }
    }

    /** Whether {@code key} is held without a {@link KeyHistory} (tests, diagnostics). Any thread. */
    boolean isBareView(String key) {
        Table t = table;
        int e = entryOf(t, key);
        return e >= 0 && !(t.value(e) instanceof KeyHistory);
    }

    /**
     * Calls {@code action} for every key and its published history, in insertion order (the
     * columns' order: sequential memory). Any thread: a key added while this runs may or may not be
     * visited; every key added before it started is.
     */
    void forEach(BiConsumer<String, HistoryView> action) {
        int n = size; // before the table: a table read after it has every entry below n
        Table t = table;
        for (int e = 0; e < n; e++) {
            action.accept(t.key(e), viewAt(t, e, t.value(e)));
        }
    }

    /** What {@link #forEachEntry} calls for each key, by entry number (see {@link #key}, {@link #writeKey}). */
    interface EntryVisitor {
        /** Entry {@code e}, a key with one entry, from its columns. */
        void one(int e, long time, byte tag, long bits, long offset) throws java.io.IOException;

        /** Entry {@code e}, a key with several entries (or none: a key whose first write failed). */
        void many(int e, HistoryView v) throws java.io.IOException;
    }

    /** Where {@link #writeKey} writes a key's UTF-8 bytes. */
    interface KeySink {
        void write(byte[] b, int off, int len) throws java.io.IOException;
    }

    /**
     * Like {@link #forEach} over the first {@code n} keys, without making a view of a one-entry key
     * (writing a checkpoint of millions of keys). Any thread.
     */
    void forEachEntry(int n, EntryVisitor visitor) throws java.io.IOException {
        Table t = table;
        for (int e = 0; e < n; e++) {
            Object o = t.value(e);
            if (o instanceof KeyHistory h) {
                visitor.many(e, h.view());
            } else if (o instanceof HistoryView v) {
                visitor.many(e, v);
            } else {
                visitor.one(e, t.time(e), t.tag(e), t.bits(e), t.offset(e)); // final once published so
            }
        }
    }

    /** Key of published entry {@code e}, decoded. Any thread. */
    String key(int e) {
        return table.key(e);
    }

    /** Bytes of the UTF-8 key of published entry {@code e}. Any thread. */
    int keyLength(int e) {
        Table t = table;
        String k = t.keyString(e);
        return k == null ? keyLength(t.keyAt(e)) : Keys.utf8Length(k);
    }

    /** The hash ({@link String#hashCode}) of the key of published entry {@code e}. Any thread. */
    int keyHash(int e) {
        return table.hash(e);
    }

    /** Writes the UTF-8 bytes of the key of published entry {@code e} to {@code sink}; returns how many. Any thread. */
    int writeKey(int e, KeySink sink) throws java.io.IOException {
        Table t = table;
        String k = t.keyString(e);
        if (k != null) {
            byte[] b = k.getBytes(StandardCharsets.UTF_8);
            sink.write(b, 0, b.length);
            return b.length;
        }
        long at = t.keyAt(e);
        sink.write(t.keys[keyPage(at)], keyOffset(at), keyLength(at));
        return keyLength(at);
    }

    /** Every key, in no order (see {@link #forEach}). */
    List<String> keys() {
        int n = size;
        Table t = table;
        List<String> keys = new ArrayList<>(n);
        for (int e = 0; e < n; e++) {
            keys.add(t.key(e));
        }
        return keys;
    }

    // ---- writes (the writer only) -------------------------------------------------------------

    /** Entry number of {@code key}, or -1. Writer only (plain reads: it wrote everything). */
    private static int writerEntryOf(Table t, String key, int h) {
        int e = writerEntryOf(t, t.slots, key, h);
        return e < 0 && t.old != null ? writerEntryOf(t, t.old, key, h) : e;
    }

    private static int writerEntryOf(Table t, int[] slots, String key, int h) {
        int mask = slots.length - 1;
        for (int i = home(h, mask); ; i = (i + 1) & mask) {
            int s = slots[i];
            if (s == 0) {
                return -1;
            }
            if (!tagMatches(s, h, mask)) {
                continue;
            }
            int e = (s & mask) - 1;
            if (t.hash(e) == h && t.keyIs(e, key)) {
                return e;
            }
        }
    }

    /** The history of entry {@code e}, made from its columns or view first when it has none. */
    private static KeyHistory historyAt(Table t, int e) {
        Object o = t.value(e); // a reader may have cached a latest value
        if (o instanceof KeyHistory h) {
            return h;
        }
        KeyHistory h = KeyHistory.of(viewAt(t, e, o));
        t.setValue(e, h);
        return h;
    }

    /**
     * The history of {@code key}, created empty when absent; {@link #lastCreated} tells which.
     * Writer only.
     */
    KeyHistory getOrCreate(String key) {
        Table t = table;
        int e = writerEntryOf(t, key, key.hashCode());
        if (e >= 0) {
            created = false;
            return historyAt(t, e);
        }
        KeyHistory kh = new KeyHistory();
        created = true;
        add(key, kh, 0, 0, 0, (byte) 0);
        return kh;
    }

    /** Whether the last {@link #getOrCreate} added its key. Writer only. */
    boolean lastCreated() {
        return created;
    }

    /** The history of {@code key} to append to, or null when the index has no such key. Writer only. */
    KeyHistory writable(String key) {
        Table t = table;
        int e = writerEntryOf(t, key, key.hashCode());
        return e < 0 ? null : historyAt(t, e);
    }

    /**
     * After a write published {@code h}, the history of {@code key}: when it holds one entry the
     * index keeps that entry in its columns instead (see the class comment). Writer only.
     */
    void settle(String key, KeyHistory h) {
        if (h.workingCount() != 1) {
            return;
        }
        Table t = table;
        int e = writerEntryOf(t, key, key.hashCode());
        if (e >= 0 && t.writerValue(e) == h) {
            HistoryView v = h.view();
            t.setEntry(e, v.time(0), v.bitsAt(0), v.offset(0), v.tagAt(0));
            t.setValue(e, v.latest());
        }
    }

    /** Entry number of {@code key}, or -1 (stable for the life of this index: keys are never removed). Writer only. */
    int writerEntry(String key) {
        return writerEntryOf(table, key, key.hashCode());
    }

    /**
     * Drops the latest value of the key of entry {@code e} ({@link #writerEntry}) from memory when it
     * is still {@code value} (compared by identity): gets read it from the file from now on ({@link
     * RecentValues}). Writer only.
     */
    void uncache(int e, Atom value) {
        Table t = table;
        if (e < 0 || e >= size) {
            return;
        }
        Object o = t.writerValue(e);
        if (o == value) {
            t.casValue(e, value, null);
        } else if (o instanceof HistoryView v && v.latest() == value) {
            t.casValue(e, v, v.withLatest(null));
        } else if (o instanceof KeyHistory h) {
            h.uncache(value);
        }
    }

    /** Adds {@code key} with view {@code v}; the key must be absent (building an index: recovery, compaction). Writer only. */
    void putNew(String key, HistoryView v) {
        if (v.count() == 1) {
            add(key, v.latest(), v.time(0), v.bitsAt(0), v.offset(0), v.tagAt(0));
        } else {
            add(key, v, 0, 0, 0, (byte) 0);
        }
    }

    /**
     * Adds {@code key} with the published history {@code h} (kept in the columns when it holds one
     * entry); the key must be absent. Writer only.
     */
    void putNew(String key, KeyHistory h) {
        if (h.workingCount() == 1) {
            putNew(key, h.view());
        } else {
            add(key, h, 0, 0, 0, (byte) 0);
        }
    }

    /**
     * Bulk load (checkpoint format 1), before the index is published: appends the key of UTF-8 bytes
     * {@code key[off, off + len)} with view {@code v} to the columns without entering it in the table;
     * {@link #index} enters them all. Writer only.
     */
    void load(byte[] key, int off, int len, HistoryView v) {
        if (v.count() == 1) {
            load(key, off, len, v.latest(), v.time(0), v.bitsAt(0), v.offset(0), v.tagAt(0));
        } else {
            load(key, off, len, v, 0, 0, 0, (byte) 0);
        }
    }

    /** Bulk load of a key with one entry, straight into its columns (see {@link #load(byte[], int, int, HistoryView)}). */
    void load(byte[] key, int off, int len, long time, byte tag, long bits, long offset) {
        load(key, off, len, HistoryView.numericLatest(tag, bits), time, bits, offset, tag);
    }

    private void load(byte[] key, int off, int len, Object value, long time, long bits, long offset, byte tag) {
        roomForOne();
        long at = appendKey(key, off, len);
        Table t = table;
        t.setKey(size, null, at, Keys.hashOfUtf8(key, off, len), value);
        t.setEntry(size, time, bits, offset, tag);
        size = size + 1;
    }

    /** Fills the columns of entries {@code [from, from + count)} of an index loaded in one piece ({@link #loaded}). */
    interface ColumnFiller {
        /**
         * Fills one page of the columns, index 0 being entry {@code from}: two references an entry in
         * {@code refs}, the key string (null: it is in the pages of keys) and the value; key hashes ({@link
         * String#hashCode}), times and bits of one-entry keys, the one-entry record's {@link
         * #place(long, byte)} in {@code places}, and each key's location in {@code keyAts} ({@link
         * #keyAt(int, int, int)}, its page numbered by its place in {@code keyPages}, to which the
         * filler appends the pages holding this page's keys).
         */
        void fill(int from, int count, Object[] refs, int[] hashes, long[] times, long[] bits, long[] places,
                long[] keyAts,
                List<byte[]> keyPages) throws java.io.IOException;
    }

    /**
     * An index of {@code n} keys loaded in one piece (checkpoint format 2), before it is published:
     * {@code filler} fills the columns page by page and hands over the keys' bytes, and {@code slots}
     * is the table as {@link #enter} builds it for these entry numbers ({@link #checkSlots}), or null:
     * then {@link #index} builds it. Call {@link #index} before use either way. Writer only.
     */
    static KeyIndex loaded(int n, int[] slots, ColumnFiller filler) throws java.io.IOException {
        Table t = Table.of(slots != null ? slots : new int[MIN_CAPACITY], Math.max(MIN_CAPACITY, n), new byte[0][]);
        List<byte[]> pages = new ArrayList<>();
        for (int p = 0, from = 0; from < n; p++, from += PAGE) {
            filler.fill(from, Math.min(PAGE, n - from), t.refs[p], t.hashes[p], t.times[p], t.bits[p], t.places[p],
                    t.keyAtPage(p), pages);
            if (pages.size() > MAX_KEY_PAGES) {
                throw new IllegalStateException(pages.size() + " pages of keys, at most " + MAX_KEY_PAGES);
            }
        }
        KeyIndex index = new KeyIndex(t.withKeys(pages.toArray(byte[][]::new)));
        index.size = n;
        index.loadedFrom = slots != null ? n : 0;
        index.keyPos = pages.isEmpty() ? 0 : pages.getLast().length;
        return index;
    }

    private KeyIndex(Table t) {
        table = t;
    }

    /**
     * A copy of the table's slots when they hold exactly entries {@code [0, n)} and the table is not
     * growing, else null: the table {@link #loaded} takes for those entries, copied in one sequential
     * pass instead of entering each key again (a random write a key). Any thread: the writer only
     * adds to a table's slots, and entries below {@link #size} are in them, so a copy holding {@code
     * n} entries, all below {@code n}, holds those.
     */
    int[] slotsOf(int n) {
        Table t = table;
        if (t.old != null || n > size) {
            return null;
        }
        int[] copy = t.slots.clone();
        return checkSlots(copy, n) == null ? copy : null;
    }

    /** Gives the hashes of entries 0, 1, 2, ... in order, the same ones each time it is asked. */
    interface HashFeed {
        void each(java.util.function.IntConsumer hash) throws java.io.IOException;
    }

    /** Buckets of home slots {@link #buildSlots} enters one after the other (a bucket's slots stay in cache). */
    private static final int BUILD_BUCKET_BITS = 12;

    /**
     * The table of {@code n} entries whose hashes {@code feed} gives, as {@link #enter} builds it one
     * entry after the other, but entered by ranges of home slots: the entries are first sorted by
     * home (a counting pass and a scatter pass over the feed, 8 bytes an entry of scratch), so the
     * stores go to a few thousand slots at a time instead of anywhere in the table (at 10,000,000
     * keys a store each into 128 MiB cost ~300 ns, a cache and TLB miss).
     */
    static int[] buildSlots(int n, HashFeed feed) throws java.io.IOException {
        int cap = slotCapacity(n);
        int mask = cap - 1;
        int shift = Math.max(0, Integer.numberOfTrailingZeros(cap) - BUILD_BUCKET_BITS);
        int buckets = cap >>> shift;
        int[] start = new int[buckets + 1];
        int[] counted = new int[1];
        feed.each(h -> {
            start[(home(h, mask) >>> shift) + 1]++;
            counted[0]++;
        });
        if (counted[0] != n) {
            throw new IllegalStateException("the feed gave " + counted[0] + " hashes, " + n + " expected");
        }
        for (int b = 0; b < buckets; b++) {
            start[b + 1] += start[b];
        }
        int[] next = Arrays.copyOf(start, buckets);
        int[] entries = new int[n];
        int[] hashes = new int[n];
        int[] e = new int[1];
        feed.each(h -> {
            int b = home(h, mask) >>> shift;
            int at = next[b]++;
            if (at >= start[b + 1] || e[0] >= n) {
                throw new IllegalStateException("the feed gave other hashes the second time");
            }
            entries[at] = e[0]++;
            hashes[at] = h;
        });
        int[] slots = new int[cap];
        for (int i = 0; i < n; i++) {
            int h = hashes[i];
            int j = home(h, mask);
            while (slots[j] != 0) {
                j = (j + 1) & mask;
            }
            slots[j] = slotValue(entries[i], h, mask);
        }
        return slots;
    }

    /** Slots of a table for {@code n} keys: a power of two, at least twice {@code n}. */
    static int slotCapacity(int n) {
        int cap = MIN_CAPACITY;
        while (cap < 2L * n) {
            cap <<= 1;
        }
        return cap;
    }

    /**
     * What is wrong with {@code slots} as the table of {@code n} entries, or null: a power of two of
     * at least twice {@code n} slots, {@code n} of them used, each naming an entry below {@code n}.
     * (Not whether each entry is in exactly one, in its probe sequence: the file's CRC covers that.)
     */
    static String checkSlots(int[] slots, int n) {
        int cap = slots.length;
        if (Integer.bitCount(cap) != 1 || cap < MIN_CAPACITY || cap < 2L * n) {
            return cap + " slots for " + n + " keys";
        }
        int mask = cap - 1;
        int used = 0;
        int highest = 0;
        int lowest = Integer.MAX_VALUE;
        for (int s : slots) {
            if (s != 0) {
                int e = s & mask; // entry + 1
                used++;
                highest = Math.max(highest, e);
                lowest = Math.min(lowest, e);
            }
        }
        if (highest > n || lowest == 0) {
            return "a slot names entry " + (lowest == 0 ? -1 : highest - 1) + " of " + n;
        }
        return used == n ? null : used + " slots used for " + n + " keys";
    }

    /** Makes room for entry {@link #size} in the columns (growing them when full); checks the key limit. */
    private void roomForOne() {
        Table t = table;
        if (size == MAX_KEYS) {
            throw new syna.api.UnsupportedFeatureException("a key space holds at most " + MAX_KEYS + " keys");
        }
        if (size == t.room) {
            table = t.grown();
        }
    }

    /**
     * Writes the columns of new key {@code key} as entry {@link #size} (not counted, not in the slots
     * yet), growing them first when full; returns the table that holds them.
     */
    private Table appendColumns(String key, Object value, long time, long bits, long offset, byte tag) {
        roomForOne();
        Table t = table;
        t.setKey(size, key, 0, key.hashCode(), value);
        t.setEntry(size, time, bits, offset, tag);
        return t;
    }

    /** Appends loaded key bytes {@code b[off, off + len)} to the pages of keys; returns where they are. */
    private long appendKey(byte[] b, int off, int len) {
        if (len < 1 || len > 0xFFFF) {
            throw new IllegalStateException("a key of " + len + " bytes");
        }
        Table t = table;
        byte[][] pages = t.keys;
        int last = pages.length - 1;
        if (last < 0 || pages[last].length - keyPos < len) {
            if (pages.length == MAX_KEY_PAGES) {
                throw new syna.api.UnsupportedFeatureException("a key space holds at most " + MAX_KEY_PAGES
                        + " pages of keys");
            }
            int bytes = Math.max(len, Math.min(KEY_PAGE, last < 0 ? MIN_KEY_PAGE : 2 * pages[last].length));
            pages = Arrays.copyOf(pages, pages.length + 1);
            pages[++last] = new byte[bytes];
            table = t.withKeys(pages);
            keyPos = 0;
        }
        System.arraycopy(b, off, pages[last], keyPos, len);
        long at = keyAt(last, keyPos, len);
        keyPos += len;
        return at;
    }

    /**
     * Ends a bulk load: enters every loaded key in a table sized for them, in the columns' order
     * (one pass, a table slot written per key, a key's columns read only when another key's slot
     * carries the same hash bits). Returns a key loaded twice, or null. Writer only.
     */
    String index() {
        finishMoving();
        Table t = table;
        int n = size;
        int cap = Math.max(t.slots.length, slotCapacity(n));
        int[] slots = cap == t.slots.length ? t.slots : new int[cap];
        int mask = cap - 1;
        String twice = null;
        for (int e = slots == t.slots ? loadedFrom : 0; e < n; e++) {
            int h = t.hash(e);
            int i = home(h, mask);
            for (int s; (s = slots[i]) != 0; i = (i + 1) & mask) {
                if (tagMatches(s, h, mask) && t.hash((s & mask) - 1) == h && t.sameKey((s & mask) - 1, e)) {
                    twice = t.key(e);
                }
            }
            slots[i] = slotValue(e, h, mask);
        }
        loadedFrom = n;
        table = t.withSlots(slots, null);
        return twice;
    }

    /** Appends an entry for new key {@code key} and publishes it in the table. Not during a bulk load. */
    private void add(String key, Object value, long time, long bits, long offset, byte tag) {
        Table t = appendColumns(key, value, time, bits, offset, tag);
        int e = size;
        if (2L * (e + 1) > t.slots.length) {
            finishMoving();
            t = table;
            // Grow without a pause: a table of twice the slots starts empty beside the old one, which
            // readers search second; each add from now on moves MOVES_PER_ADD old entries across, so
            // all are moved long before the new table is half full (after e more adds).
            t = t.withSlots(new int[t.slots.length * 2], t.slots);
            table = t;
            moved = 0;
            toMove = e;
        }
        enter(t.slots, e, t.hash(e));
        size = e + 1;
        loadedFrom = e + 1; // in the table: a later bulk load enters only what it loads
        if (t.old != null) {
            move(MOVES_PER_ADD);
        }
    }

    /** Old entries moved to the new table per add while the table grows. */
    private static final int MOVES_PER_ADD = 2;

    /** Enters entry {@code e} with hash {@code h} in {@code slots} (release: readers may be searching them). */
    static void enter(int[] slots, int e, int h) {
        int mask = slots.length - 1;
        int i = home(h, mask);
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        SLOT.setRelease(slots, i, slotValue(e, h, mask));
    }

    /** Moves up to {@code n} entries of the old slots to the new ones; drops the old slots when all are moved. */
    private void move(int n) {
        Table t = table;
        int end = Math.min(toMove, moved + n);
        for (int e = moved; e < end; e++) {
            enter(t.slots, e, t.hash(e));
        }
        moved = end;
        if (moved == toMove) {
            table = t.withSlots(t.slots, null);
        }
    }

    /** Moves every old entry still to move (before another growth, or a bulk load). */
    private void finishMoving() {
        if (table.old != null) {
            move(toMove - moved);
        }
    }
}
