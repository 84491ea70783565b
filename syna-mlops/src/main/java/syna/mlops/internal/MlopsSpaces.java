package syna.mlops.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import syna.api.Atom;
import syna.api.Database;
import syna.api.HistoryEntry;
import syna.api.KeySpace;
import syna.api.Namespace;
import syna.api.WriteBatch;

/**
 * Where the registry and the tracker keep their keys: namespaces {@value #REGISTRY} and
 * {@value #TRACKER} of the database (key layout version 1 inside them: docs/format/mlops.md),
 * and the per-database state they share, attached to those key spaces instead of a static map.
 *
 * <p><b>Databases written before namespaces.</b> Their keys ({@code _modelidx/}, {@code _models/};
 * {@code _expidx/}, {@code _exp/}, {@code _run/}; the pending deletes at {@code _mlops/trash}) are
 * among the user keys. On a log in format 1, which has no namespaces, the registry and tracker keep
 * using them there until an explicit compaction upgrades the file. On a format-2 database opened
 * writable, the first registry (or tracker) moves them into its namespace: it copies every live key
 * (numeric histories whole, with their times; other keys their latest value), writes the marker
 * {@value #MIGRATED} in the namespace, then deletes the old keys, the index count last. A crash
 * while copying leaves the old keys whole (the partial namespace is dropped and copied again); one
 * while deleting leaves the marker (the next open finishes the deletes). Read-only, they are read
 * where they are. Thread-safe (stateless apart from the attachments).
 */
final class MlopsSpaces {
    static final String REGISTRY = "mlops.registry";
    static final String TRACKER = "mlops.tracker";
    static final String MIGRATED = "_migrated";
    static final String LEGACY_TRASH = "_mlops/trash";
    private static final System.Logger LOG = System.getLogger(MlopsSpaces.class.getName());
    private static final int BATCH_BYTES = 4 << 20;
    private static final int BATCH_OPS = 1000;

    private MlopsSpaces() {}

    /** Locks and caches of one registry key space, shared by every registry over the same open database. */
    static final class RegistryState {
        /** Per-model write locks. */
        final ConcurrentHashMap<String, ReentrantLock> modelLocks = new ConcurrentHashMap<>();
        /** Serialises appends to the model index. */
        final ReentrantLock modelIndexLock = new ReentrantLock();
    }

    /** Locks and caches of one tracker key space, shared by every tracker over the same open database. */
    static final class TrackerState {
        /** Serialises appends to experiment and run indexes. */
        final ReentrantLock runIndexLock = new ReentrantLock();
        /** Cached status and metric keys of runs touched in this process. */
        final ConcurrentHashMap<String, RunState> runStates = new ConcurrentHashMap<>();
    }

    /** Serialises changes to the pending deletes of one key space ({@link Trash}). */
    static final class TrashLock {
        final ReentrantLock lock = new ReentrantLock();
    }

    /** Serialises migrations of one database. */
    static final class MigrationLock {
        final ReentrantLock lock = new ReentrantLock();
    }

    /** The registry's key space of {@code db}, migrated from the old layout when needed. */
    static KeySpace registry(Database db) {
        return open(db, REGISTRY, List.of("_modelidx/", "_models/"), "_modelidx/n", "model");
    }

    /** The tracker's key space of {@code db}, migrated from the old layout when needed. */
    static KeySpace tracker(Database db) {
        return open(db, TRACKER, List.of("_expidx/", "_exp/", "_run/"), "_expidx/n", "runs");
    }

    private static KeySpace open(Database db, String name, List<String> prefixes, String marker, String trashKind) {
        if (db.stats().formatVersion() < 2) {
            LOG.log(System.Logger.Level.DEBUG, () -> db.path() + " is in log format 1: " + name
                    + " keeps its keys among the user keys until a compaction upgrades the file");
            return db;
        }
        boolean legacy = db.exists(marker) || hasTrash(db, trashKind);
        Namespace ns = db.namespace(name);
        if (!legacy) {
            return ns;
        }
        if (db.options().readOnly()) {
            return ns.exists(MIGRATED) ? ns : db; // cannot move them: read them where they are
        }
        ReentrantLock l = db.attachment(MigrationLock.class, MigrationLock::new).lock;
        l.lock();
        try {
            if (!db.exists(marker) && !hasTrash(db, trashKind)) {
                return db.namespace(name); // another thread finished it
            }
            if (!ns.exists(MIGRATED)) {
                db.dropNamespace(name); // a copy a crash interrupted, or keys written meanwhile: start afresh
                ns = db.namespace(name);
                int copied = copy(db, ns, prefixes, trashKind);
                ns.putInt(MIGRATED, 1);
                int n = copied;
                LOG.log(System.Logger.Level.INFO, () -> "moved " + n + " keys of " + name + " from the user keys of "
                        + db.path() + " into namespace '" + name + "'");
            }
            deleteOld(db, prefixes, marker, trashKind);
            return db.namespace(name);
        } finally {
            l.unlock();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> trashItems(KeySpace ks) {
        return ks.get(LEGACY_TRASH).orElse(null) instanceof Atom.Text t
                ? new TreeMap<>(Json.parseObject(t.value(), "pending deletes at " + LEGACY_TRASH)) : new TreeMap<>();
    }

    private static boolean hasTrash(Database db, String kind) {
        if (!db.exists(LEGACY_TRASH)) {
            return false;
        }
        for (Object item : trashItems(db).values()) {
            if (item instanceof Map<?, ?> m && kind.equals(m.get("kind"))) {
                return true;
            }
        }
        return false;
    }

    /** Pending-delete items of {@code kind} in the old shared list, and the rest. */
    private static Map<String, Object> trashOf(Database db, String kind, boolean mine) {
        Map<String, Object> out = new TreeMap<>();
        trashItems(db).forEach((id, item) -> {
            if ((item instanceof Map<?, ?> m && kind.equals(m.get("kind"))) == mine) {
                out.put(id, item);
            }
        });
        return out;
    }

    private static int copy(Database db, Namespace ns, List<String> prefixes, String trashKind) {
        WriteBatch batch = WriteBatch.create();
        long bytes = 0;
        int copied = 0;
        for (String prefix : prefixes) {
            for (String key : db.keys(prefix)) {
                List<HistoryEntry> h = db.history(key);
                Atom latest = h.getLast().value();
                if (numericSeries(h)) {
                    long[] t = new long[h.size()];
                    for (int i = 0; i < t.length; i++) {
                        t[i] = i == 0 ? h.get(i).timestampMicros() : Math.max(t[i - 1], h.get(i).timestampMicros());
                    }
                    if (latest instanceof Atom.Float64) {
                        double[] v = h.stream().mapToDouble(e -> ((Atom.Float64) e.value()).value()).toArray();
                        ns.putFloats(key, t, v);
                    } else {
                        long[] v = h.stream().mapToLong(e -> ((Atom.Int64) e.value()).value()).toArray();
                        ns.putInts(key, t, v);
                    }
                } else {
                    batch.put(key, latest);
                    bytes += latest instanceof Atom.Bytes b ? b.length() : 64;
                }
                copied++;
                if (bytes >= BATCH_BYTES || batch.size() >= BATCH_OPS) {
                    ns.write(batch);
                    batch = WriteBatch.create();
                    bytes = 0;
                }
            }
        }
        Map<String, Object> mine = trashOf(db, trashKind, true);
        if (!mine.isEmpty()) {
            batch.putText(LEGACY_TRASH, Json.write(mine));
        }
        if (!batch.isEmpty()) {
            ns.write(batch);
        }
        return copied;
    }

    /** Whether every entry is a number of one type (a metric series); such keys keep their whole history. */
    private static boolean numericSeries(List<HistoryEntry> h) {
        if (h.size() < 2) {
            return false;
        }
        Class<?> type = h.getLast().value().getClass();
        if (type != Atom.Float64.class && type != Atom.Int64.class) {
            return false;
        }
        for (HistoryEntry e : h) {
            if (e.value().getClass() != type) {
                return false;
            }
        }
        return true;
    }

    private static void deleteOld(Database db, List<String> prefixes, String marker, String trashKind) {
        WriteBatch batch = WriteBatch.create();
        for (String prefix : prefixes) {
            for (String key : db.keys(prefix)) {
                if (key.equals(marker)) {
                    continue;
                }
                batch.delete(key);
                if (batch.size() >= BATCH_OPS) {
                    db.write(batch);
                    batch = WriteBatch.create();
                }
            }
        }
        if (db.exists(LEGACY_TRASH)) {
            Map<String, Object> rest = trashOf(db, trashKind, false);
            if (rest.isEmpty()) {
                batch.delete(LEGACY_TRASH);
            } else {
                batch.putText(LEGACY_TRASH, Json.write(rest));
            }
        }
        if (db.exists(marker)) {
            batch.delete(marker); // last: until it is gone, the next open finishes the deletes
        }
        if (!batch.isEmpty()) {
            db.write(batch);
        }
    }
}
