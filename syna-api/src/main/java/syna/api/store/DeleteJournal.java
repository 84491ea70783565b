package syna.api.store;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import syna.api.Atom;
import syna.api.InvalidArgumentException;
import syna.api.KeySpace;
import syna.api.SerializationException;
import syna.api.WriteBatch;

/**
 * Crash-safe deletes of many keys. A delete first writes one atomic batch that removes everything a
 * reader looks at (manifests, index entries) and adds an item to the journal: that batch is the
 * commit point; before it the old state is whole, after it the object is gone for every reader.
 * Then the caller deletes the bulk (chunks, histories) and marks the item {@link #done}. A crash in
 * between leaves the item, and the next open of the feature finishes it from {@link #pending()};
 * the bulk deletes must therefore be idempotent.
 *
 * <p>The journal is one TEXT key of the key space: one line per item, {@code id TAB payload}, with
 * {@code \}, TAB and line breaks in both escaped as {@code \\}, {@code \t}, {@code \n}, {@code \r}.
 * Payloads are the feature's (a JSON object, say). Changes to one journal are serialised by a lock
 * attached to the key space of the open database. Thread-safe.
 */
public final class DeleteJournal {
    private final KeySpace ks;
    private final String key;
    private final ReentrantLock lock;

    /** Locks of the journals of one key space, by key. */
    private static final class Locks {
        final ConcurrentHashMap<String, ReentrantLock> byKey = new ConcurrentHashMap<>();
    }

    private DeleteJournal(KeySpace ks, String key) {
        this.ks = ks;
        this.key = key;
        this.lock = ks.attachment(Locks.class, Locks::new).byKey.computeIfAbsent(key, k -> new ReentrantLock());
    }

    /** The journal at {@code key} of {@code ks}. */
    public static DeleteJournal of(KeySpace ks, String key) {
        if (ks == null || key == null || key.isEmpty()) {
            throw new InvalidArgumentException("delete journal needs a key space and a non-empty key, got "
                    + (ks == null ? "no key space" : "key " + key));
        }
        return new DeleteJournal(ks, key);
    }

    /** The key it is stored at. */
    public String key() {
        return key;
    }

    /** Whether any item is pending (one point read). */
    public boolean hasPending() {
        return ks.exists(key);
    }

    /** The pending items, id to payload, sorted by id. */
    public Map<String, String> pending() {
        Map<String, String> out = new TreeMap<>();
        if (!(ks.get(key).orElse(null) instanceof Atom.Text t)) {
            return out;
        }
        int lineNo = 0;
        for (String line : t.value().split("\n", -1)) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw new SerializationException("delete journal at " + key + ": line " + lineNo + " has no tab");
            }
            out.put(unescape(line.substring(0, tab), lineNo), unescape(line.substring(tab + 1), lineNo));
        }
        return out;
    }

    /**
     * Adds item {@code id} with {@code payload} to {@code batch} and writes the batch through this
     * journal's key space: the commit point of a delete. Unscoped writes of {@code batch} go to that key
     * space.
     */
    public void commit(WriteBatch batch, String id, String payload) {
        if (batch == null || id == null || payload == null) {
            throw new InvalidArgumentException("delete journal commit needs a batch, an id and a payload");
        }
        lock.lock();
        try {
            Map<String, String> p = pending();
            p.put(id, payload);
            batch.putText(key, encode(p));
            ks.write(batch);
        } finally {
            lock.unlock();
        }
    }

    /** Removes item {@code id}: its delete is finished. */
    public void done(String id) {
        if (id == null) {
            throw new InvalidArgumentException("delete journal item id must not be null");
        }
        lock.lock();
        try {
            Map<String, String> p = pending();
            if (p.remove(id) == null) {
                return;
            }
            if (p.isEmpty()) {
                ks.delete(key);
            } else {
                ks.putText(key, encode(p));
            }
        } finally {
            lock.unlock();
        }
    }

    private static String encode(Map<String, String> items) {
        StringBuilder sb = new StringBuilder();
        items.forEach((id, payload) -> sb.append(escape(id)).append('\t').append(escape(payload)).append('\n'));
        return sb.toString();
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private String unescape(String s, int lineNo) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (++i >= s.length()) {
                throw new SerializationException("delete journal at " + key + ": line " + lineNo + " ends in a backslash");
            }
            sb.append(switch (s.charAt(i)) {
                case '\\' -> '\\';
                case 't' -> '\t';
                case 'n' -> '\n';
                case 'r' -> '\r';
                default -> throw new SerializationException("delete journal at " + key + ": line " + lineNo
                        + " has an unknown escape \\" + s.charAt(i));
            });
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "DeleteJournal[" + key + "]";
    }
}
