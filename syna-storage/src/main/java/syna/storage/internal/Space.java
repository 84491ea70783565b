package syna.storage.internal;

import java.util.Arrays;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One key space of one generation: the user keys (id 0) or a namespace. Holds its key index and a
 * sorted view of its keys, built on the first listing and then kept up to date by the writer, so
 * prefix listings visit only their range (and point reads keep the hash index's speed). Listing the
 * user keys never visits a namespace's keys. Concurrent reads, one writer.
 */
final class Space {
    /** Id of the user key space; namespaces have ids from 1. */
    static final int USER = 0;

    final int id;
    /** Namespace name; "" for the user keys. */
    final String name;
    final KeyIndex index;
    /** The sorted view as the writer sees it: set when its build starts. */
    private final AtomicReference<ConcurrentSkipListSet<String>> ordered = new AtomicReference<>();
    /** The sorted view as readers see it: set when its build has added every key of the index. */
    private volatile ConcurrentSkipListSet<String> complete;
    /** Whether a listing has run without the sorted view (see {@link #firstUnsortedListing()}). */
    private final java.util.concurrent.atomic.AtomicBoolean listedOnce = new java.util.concurrent.atomic.AtomicBoolean();
    /**
     * Keys written since a running compaction last looked (see {@link #swapJournal}), else null: the
     * compaction carries exactly these over to the new log. Writer lock held for every access.
     */
    private java.util.Set<String> journal;
    /** Live keys; written by the writer only. */
    private volatile long liveKeys;
    /** Entries of every key; written by the writer only. */
    private volatile long entries;

    Space(int id, String name, KeyIndex index) {
        this.id = id;
        this.name = name;
        this.index = index;
    }

    /** An empty space, for a namespace that does not exist on a read-only database. */
    static Space empty(String name) {
        return new Space(-1, name, new KeyIndex());
    }

    long liveKeys() {
        return liveKeys;
    }

    long entries() {
        return entries;
    }

    /** Writer (or a builder before publication): adds to the counters. */
    void count(long liveDelta, long entryDelta) {
        if (liveDelta != 0) { // volatile stores cost a fence each: skip the common no-change case
            liveKeys = liveKeys + liveDelta;
        }
        entries = entries + entryDelta;
    }

    /** A write of {@code key} is being made: a running compaction learns of it. Writer lock held. */
    void journal(String key) {
        if (journal != null) {
            journal.add(key);
        }
    }

    /**
     * Compaction, writer lock held: the keys written since the last call and a fresh journal for the
     * next; null (every key counts) the first time, when this space had no journal.
     */
    java.util.Set<String> swapJournal() {
        java.util.Set<String> j = journal;
        journal = new java.util.HashSet<>();
        return j;
    }

    /** Compaction ended, writer lock held: no more journal. */
    void stopJournal() {
        journal = null;
    }

    /** The history of {@code key}, created (and entered in the sorted view) when new. Writer only. */
    KeyHistory historyFor(String key) {
        journal(key);
        KeyHistory h = index.getOrCreate(key);
        if (index.lastCreated()) {
            // After the index insert (a volatile store): a view published before this read gets
            // the key from us, one published after it finds the key in its scan of the index.
            ConcurrentSkipListSet<String> o = ordered.get();
            if (o != null) {
                o.add(key);
            }
        }
        return h;
    }

    /**
     * The history of {@code key} to append to, or null when the key is new (then the write adds it
     * with {@link #addNew}); a running compaction learns of the write. Writer only.
     */
    KeyHistory existingHistory(String key) {
        journal(key);
        return index.writable(key);
    }

    /**
     * Adds new key {@code key} with its first entry {@code v} (entered in the sorted view, counted).
     * The caller called {@link #existingHistory} for it. Writer only.
     */
    void addNew(String key, HistoryView v) {
        index.putNew(key, v);
        ConcurrentSkipListSet<String> o = ordered.get(); // after the index insert: see historyFor
        if (o != null) {
            o.add(key);
        }
        count(v.live() ? 1 : 0, v.count());
    }

    /**
     * True for the first listing of this space that finds no sorted view, false after: one listing
     * (a vector store's keys at its open, a single {@code keys()} call) is answered by one pass over
     * the index and a sort of the matches, and only a later one builds the sorted view, which costs
     * several times that pass. Any thread.
     */
    boolean firstUnsortedListing() {
        return complete == null && !listedOnce.getAndSet(true);
    }

    /** The sorted key view when it has been built (see {@link #sortedKeys()}), else null. Any thread. */
    ConcurrentSkipListSet<String> sortedKeysIfBuilt() {
        return complete;
    }

    /**
     * The sorted key view, built once. Any thread. The first call sorts the index's keys in an array
     * and adds them in order (each add then walks a cached path to the end of the list; adding them
     * in hash order missed the cache on every level and took seconds for a million keys). Readers
     * see the view only once it is complete; the writer adds its new keys from the moment the build
     * starts.
     */
    ConcurrentSkipListSet<String> sortedKeys() {
        ConcurrentSkipListSet<String> o = complete;
        if (o != null) {
            return o;
        }
        synchronized (this) {
            o = complete;
            if (o == null) {
                ConcurrentSkipListSet<String> fresh = new ConcurrentSkipListSet<>();
                ordered.set(fresh); // publish to the writer first, then scan: keys added after this reach it either way
                String[] keys = index.keys().toArray(String[]::new);
                Arrays.sort(keys);
                for (String k : keys) {
                    fresh.add(k);
                }
                complete = fresh;
                o = fresh;
            }
            return o;
        }
    }

    @Override
    public String toString() {
        return id == USER ? "user keys" : "namespace '" + name + "' (id " + id + ")";
    }
}
