package syna.mlops.internal;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Locks and run caches shared by every registry and tracker of one {@link syna.api.Database} in
 * this process, so two handles over one database still serialise their writes and see one run
 * status. Held weakly: it goes when the database object does. Thread-safe.
 */
final class Shared {
    private static final Map<Object, Shared> BY_DATABASE = Collections.synchronizedMap(new WeakHashMap<>());

    /** Per-model write locks of the registry. */
    final ConcurrentHashMap<String, ReentrantLock> modelLocks = new ConcurrentHashMap<>();
    /** Serialises appends to the model index. */
    final ReentrantLock modelIndexLock = new ReentrantLock();
    /** Serialises appends to experiment and run indexes. */
    final ReentrantLock runIndexLock = new ReentrantLock();
    /** Serialises changes to the list of pending deletes ({@link Trash}). */
    final ReentrantLock trashLock = new ReentrantLock();
    /** Cached status and metric keys of runs touched in this process. */
    final ConcurrentHashMap<String, RunState> runStates = new ConcurrentHashMap<>();

    private Shared() {}

    static Shared of(Object database) {
        return BY_DATABASE.computeIfAbsent(database, d -> new Shared());
    }
}
