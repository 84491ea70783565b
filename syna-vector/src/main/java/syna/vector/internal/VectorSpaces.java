package syna.vector.internal;

import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import syna.api.Atom;
import syna.api.Database;
import syna.api.KeySpace;
import syna.api.Namespace;
import syna.api.UnsupportedFeatureException;
import syna.api.WriteBatch;

/**
 * Which key space a durable vector store keeps its entries in: its own namespace {@code vector.<store>} of
 * the database, so that {@code db.keys()} lists only the user's keys and no user key can collide with a
 * store's.
 *
 * <p><b>Databases written before namespaces.</b> Their stores' entries are among the user keys under
 * {@code _vs/<store>/}. A log in format 1 has no namespaces: its stores keep that layout until an explicit
 * compaction upgrades the file. In a format-2 database opened writable, opening a store moves its entries
 * into the namespace: it copies every vector and metadata entry (latest values; a store keeps no history
 * of a vector), then the config entry last, then deletes the old entries, the old config last. A crash
 * while copying leaves the old config, and no config in the namespace: the next open drops the partial
 * namespace and copies again. A crash while deleting leaves both configs: the namespace's is the store,
 * and the next open finishes the deletes. Read-only, a store not moved yet is read where it is.
 * Thread-safe (stateless apart from a per-database lock).
 */
final class VectorSpaces {
    /** Prefix of the namespaces of vector stores. */
    static final String NAMESPACE_PREFIX = "vector.";
    private static final System.Logger LOG = System.getLogger(VectorSpaces.class.getName());
    private static final int BATCH_OPS = 1000;
    private static final long BATCH_BYTES = 4L << 20;

    private VectorSpaces() {}

    /** Where a store's entries are: a key space and the layout of the keys inside it. */
    record Space(KeySpace keys, StoreKeys layout) {}

    /** Serialises moves of stores of one database. */
    static final class MoveLock {
        final ReentrantLock lock = new ReentrantLock();
    }

    /** The namespace of store {@code store}. */
    static String namespaceOf(String store) {
        return NAMESPACE_PREFIX + store;
    }

    /** The key space of store {@code store} in {@code db}, its entries moved out of the user keys when needed. */
    static Space open(Database db, String store) {
        StoreKeys legacy = StoreKeys.legacy(store);
        StoreKeys inside = StoreKeys.inNamespace(store);
        String name = namespaceOf(store);
        Namespace ns;
        try {
            ns = db.namespace(name);
        } catch (UnsupportedFeatureException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> db.path() + " has no namespaces (log format 1): vector store '"
                    + store + "' keeps its entries among the user keys until a compaction upgrades the file");
            return new Space(db, legacy);
        }
        if (!db.exists(legacy.config())) {
            return new Space(ns, inside);
        }
        if (db.options().readOnly()) {
            return ns.exists(inside.config()) ? new Space(ns, inside) : new Space(db, legacy);
        }
        ReentrantLock l = db.attachment(MoveLock.class, MoveLock::new).lock;
        l.lock();
        try {
            if (!db.exists(legacy.config())) {
                return new Space(db.namespace(name), inside); // another thread finished it
            }
            if (!db.namespace(name).exists(inside.config())) {
                db.dropNamespace(name); // a copy a crash interrupted: start afresh
                Namespace fresh = db.namespace(name);
                long[] moved = new long[1];
                copy(db, legacy.vectorPrefix(), fresh, inside.vectorPrefix(), moved);
                copy(db, legacy.metadataPrefix(), fresh, inside.metadataPrefix(), moved);
                db.get(legacy.settings()).ifPresent(v -> fresh.put(inside.settings(), v));
                fresh.put(inside.config(), db.get(legacy.config()).orElseThrow()); // last: the copy is whole
                LOG.log(System.Logger.Level.INFO, () -> "moved vector store '" + store + "' (" + moved[0]
                        + " entries) of " + db.path() + " from the user keys into namespace '" + name + "'");
            }
            deleteOld(db, legacy);
            return new Space(db.namespace(name), inside);
        } finally {
            l.unlock();
        }
    }

    private static void copy(Database db, String from, Namespace to, String toPrefix, long[] moved) {
        forEachBatch(db, from, (batch, key) -> {
            Optional<Atom> value = db.get(key);
            value.ifPresent(v -> batch.put(toPrefix + key.substring(from.length()), v));
        }, to::write, moved);
    }

    private static void deleteOld(Database db, StoreKeys legacy) {
        long[] n = new long[1];
        forEachBatch(db, legacy.vectorPrefix(), WriteBatch::delete, db::write, n);
        forEachBatch(db, legacy.metadataPrefix(), WriteBatch::delete, db::write, n);
        db.delete(legacy.settings());
        db.delete(legacy.config()); // last: until it is gone, the next open finishes the deletes
    }

    private static void forEachBatch(Database db, String prefix, BiConsumer<WriteBatch, String> add,
            java.util.function.Consumer<WriteBatch> write, long[] count) {
        WriteBatch batch = WriteBatch.create();
        long bytes = 0;
        for (String key : db.keys(prefix)) {
            add.accept(batch, key);
            bytes += 64 + key.length();
            count[0]++;
            if (batch.size() >= BATCH_OPS || bytes >= BATCH_BYTES) {
                write.accept(batch);
                batch = WriteBatch.create();
                bytes = 0;
            }
        }
        if (!batch.isEmpty()) {
            write.accept(batch);
        }
    }

    /** A store's config entry's text, and its settings entry's text when it has one. */
    record Stored(String config, Optional<String> settings) {}

    /**
     * The stores of {@code db} by name with their config (and settings) entries' text: those in namespaces,
     * and those still among the user keys (not moved yet, or in a database without namespaces).
     */
    static SortedMap<String, Stored> configs(Database db, java.util.function.Predicate<String> validName) {
        SortedMap<String, Stored> out = new TreeMap<>();
        for (String ns : db.namespaces()) {
            if (ns.startsWith(NAMESPACE_PREFIX) && validName.test(ns.substring(NAMESPACE_PREFIX.length()))) {
                String store = ns.substring(NAMESPACE_PREFIX.length());
                stored(db.namespace(ns), StoreKeys.inNamespace(store)).ifPresent(st -> out.put(store, st));
            }
        }
        for (String key : db.keysMatching(StoreKeys.ROOT + "*/config")) {
            String store = key.substring(StoreKeys.ROOT.length(), key.length() - "/config".length());
            if (validName.test(store) && !out.containsKey(store)) {
                stored(db, StoreKeys.legacy(store)).ifPresent(st -> out.put(store, st));
            }
        }
        return out;
    }

    private static Optional<Stored> stored(KeySpace space, StoreKeys layout) {
        return space.get(layout.config()).map(c -> new Stored(text(c), space.get(layout.settings()).map(VectorSpaces::text)));
    }

    private static String text(Atom a) {
        return a instanceof Atom.Text t ? t.value() : a.toString();
    }
}
