package syna.mlops.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import syna.api.Atom;
import syna.api.KeySpace;
import syna.api.WriteBatch;
import syna.api.store.BlobInfo;
import syna.api.store.ChunkedBlobs;
import syna.api.store.DeleteJournal;

/**
 * Crash-safe deletes of models and runs on the shared {@link DeleteJournal} at key {@value #KEY}: a
 * delete first writes one atomic batch that removes everything a reader looks at (manifests, run
 * records, index entries, counters) and adds an item to the journal; that batch is the commit point.
 * Then the bulk (model chunks, metric histories, artifact chunks) is deleted and the item marked done.
 * A crash in between leaves the item; the next registry or tracker opened on a writable database
 * finishes it. Purges are idempotent, so finishing one twice is harmless. Items written before the
 * journal existed, a JSON object of items at {@value #LEGACY_KEY}, are finished the same way (that key
 * is only read and emptied, never written anew).
 *
 * <p>Items (JSON payloads): {@code {"kind":"model","name":N,"seq":S}} (chunks of versions 1..S+1 that
 * have no manifest) and {@code {"kind":"runs","runs":[{"id":I,"metrics":[K...],"artifacts":{A:G}}...]}}
 * (the three history keys of each metric, artifact manifests, chunks of generations 1..G).
 * Thread-safe (stateless; the journal and the legacy list are guarded by locks attached to the key space).
 */
final class Trash {
    static final String KEY = "_mlops/journal";
    static final String LEGACY_KEY = MlopsSpaces.LEGACY_TRASH;
    private static final System.Logger LOG = System.getLogger(Trash.class.getName());

    private Trash() {}

    private static DeleteJournal journal(KeySpace db) {
        return DeleteJournal.of(db, KEY);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> legacy(KeySpace db) {
        return db.get(LEGACY_KEY).orElse(null) instanceof Atom.Text t
                ? new TreeMap<>(Json.parseObject(t.value(), "pending deletes at " + LEGACY_KEY)) : new TreeMap<>();
    }

    /** The pending items, id to item. */
    static Map<String, Object> pending(KeySpace db) {
        Map<String, Object> out = legacy(db);
        journal(db).pending().forEach((id, payload) -> out.put(id, Json.parseObject(payload, "pending delete " + id)));
        return out;
    }

    /** Whether a run id appears in a pending item (a new run must not reuse it). */
    static boolean mentions(KeySpace db, String runId) {
        return (db.exists(KEY) || db.exists(LEGACY_KEY)) && pending(db).toString().contains(runId);
    }

    /** Adds {@code item} as {@code id} to {@code batch}, then writes the batch: the commit point of a delete. */
    static void commit(KeySpace db, WriteBatch batch, String id, Map<String, Object> item) {
        journal(db).commit(batch, id, Json.write(item));
    }

    /** Removes item {@code id}: its delete is finished. */
    static void done(KeySpace db, String id) {
        journal(db).done(id);
        if (!db.exists(LEGACY_KEY)) {
            return;
        }
        ReentrantLock l = db.attachment(MlopsSpaces.TrashLock.class, MlopsSpaces.TrashLock::new).lock;
        l.lock();
        try {
            Map<String, Object> p = legacy(db);
            if (p.remove(id) != null) {
                if (p.isEmpty()) {
                    db.delete(LEGACY_KEY);
                } else {
                    db.putText(LEGACY_KEY, Json.write(p));
                }
            }
        } finally {
            l.unlock();
        }
    }

    /** Finishes every pending delete; does nothing on a read-only database. */
    static void finishPending(KeySpace db, boolean readOnly, String where) {
        if (readOnly || !db.exists(KEY) && !db.exists(LEGACY_KEY)) {
            return;
        }
        for (Map.Entry<String, Object> e : pending(db).entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) e.getValue();
            LOG.log(System.Logger.Level.INFO, () -> "finishing the delete of " + e.getKey() + " in " + where
                    + " that an earlier process left unfinished");
            purge(db, item, where);
            done(db, e.getKey());
        }
    }

    /** Deletes the bulk of one item. */
    static void purge(KeySpace db, Map<String, Object> item, String where) {
        String what = "pending delete " + item.get("kind");
        if ("model".equals(item.get("kind"))) {
            String name = Tracker.field(item, "name", what, String.class);
            int seq = Tracker.field(item, "seq", what, Number.class).intValue();
            ReentrantLock l = db.attachment(MlopsSpaces.RegistryState.class, MlopsSpaces.RegistryState::new)
                    .modelLocks.computeIfAbsent(name, n -> new ReentrantLock());
            l.lock();
            try {
                for (int v = 1; v <= seq + 1; v++) {
                    String vp = Registry.versionPrefix(name, v);
                    if (!db.exists(vp + "manifest")) { // a model saved again under the name keeps its versions
                        ChunkedBlobs.deleteChunks(db, vp + "c/", 0);
                    }
                }
            } finally {
                l.unlock();
            }
        } else if ("runs".equals(item.get("kind"))) {
            for (Object o : Tracker.field(item, "runs", what, List.class)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> run = (Map<String, Object>) o;
                purgeRun(db, run, what);
            }
        } else {
            throw new syna.api.SerializationException("unknown " + what + " in " + where + ": " + item);
        }
    }

    private static void purgeRun(KeySpace db, Map<String, Object> run, String what) {
        String id = Tracker.checkRunId(Tracker.field(run, "id", what, String.class));
        WriteBatch batch = WriteBatch.create();
        for (String k : Json.stringList(Tracker.field(run, "metrics", what, List.class), what)) {
            String m = RunKeys.metric(id, k);
            for (String s : List.of("v", "s", "t")) {
                if (db.exists(m + s)) {
                    batch.delete(m + s);
                }
            }
        }
        if (!batch.isEmpty()) {
            db.write(batch);
        }
        Map<?, ?> artifacts = Tracker.field(run, "artifacts", what, Map.class);
        for (Map.Entry<?, ?> a : artifacts.entrySet()) {
            String base = RunKeys.artifact(id, (String) a.getKey());
            if (db.exists(base + "manifest")) {
                db.delete(base + "manifest");
            }
            for (long g = 1, gens = ((Number) a.getValue()).longValue(); g <= gens; g++) {
                ChunkedBlobs.deleteChunks(db, base + g + "/c/", 0);
            }
        }
    }

    /** The purge description of run {@code id} with record {@code info}: its metric keys and artifact generations. */
    static Map<String, Object> runItem(Tracker tracker, String id, Map<String, Object> info) {
        String w = "run " + id;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id);
        r.put("metrics", new ArrayList<>(Json.stringList(Tracker.field(info, "metrics", w, List.class), w)));
        Map<String, Object> arts = new TreeMap<>();
        for (String a : Json.stringList(Tracker.field(info, "artifacts", w, List.class), w)) {
            long gen = tracker.artifactManifest(id, a).map(ArtifactManifest::generation).orElse(1L);
            arts.put(a, gen + 1); // one past: a replacement being written when the run was deleted
        }
        r.put("artifacts", arts);
        return r;
    }
}
