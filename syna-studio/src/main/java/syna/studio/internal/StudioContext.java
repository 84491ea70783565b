package syna.studio.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import syna.api.Database;
import syna.api.KeySpace;
import syna.api.Syna;
import syna.api.SynaIOException;
import syna.api.VectorStore;
import syna.api.VectorStoreOptions;
import syna.mlops.ExperimentTracker;
import syna.mlops.ModelRegistry;
import syna.studio.StudioOptions;

/**
 * What the handlers of one Studio share: the database, the vector stores, registry and tracker opened on
 * first use (and closed with the Studio, never the database), the sorted key lists of the key spaces
 * (cached until the database changes), the jobs and their scratch folder. Thread-safe.
 */
final class StudioContext implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StudioContext.class.getName());
    /** How long after the start the background key listing begins if no request has begun it earlier. */
    static final Duration WARM_UP_DELAY = Duration.ofSeconds(1);

    private final Database db;
    private final StudioOptions options;
    private final String token;
    private final Map<String, VectorStore> stores = new ConcurrentHashMap<>();
    private final Map<String, KeyList> keyLists = new ConcurrentHashMap<>();
    private final Jobs jobs;
    private volatile ModelRegistry registry;
    private volatile ExperimentTracker tracker;
    private final AtomicBoolean warmUpStarted = new AtomicBoolean();
    /** Opens vector stores in the background, one at a time, for the store list ({@link #openInBackground}). */
    private final ExecutorService opener = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "syna-studio-open-store");
        t.setDaemon(true);
        return t;
    });
    /** Stores queued or being opened by {@link #opener}. */
    private final java.util.Set<String> opening = ConcurrentHashMap.newKeySet();
    /** Most stores the listing opens on its own (each holds its vectors in memory); more open when picked. */
    static final int MAX_BACKGROUND_OPENS = 4;
    /** Stores queued by {@link #openInBackground} so far. */
    private final java.util.concurrent.atomic.AtomicInteger backgroundOpens = new java.util.concurrent.atomic.AtomicInteger();
    /** Why a store's last open failed, by name (cleared when a later open succeeds). */
    private final Map<String, String> openFailures = new ConcurrentHashMap<>();
    /** Set by {@link #close} under the lock of {@link #stores}: no store opens after it. */
    private boolean closed;

    /** A key space's sorted live keys as of {@code version}. */
    record KeyList(long version, List<String> keys) {}

    StudioContext(Database db, StudioOptions options, String token) {
        this.db = db;
        this.options = options;
        this.token = token;
        this.jobs = new Jobs(this);
    }

    Database db() {
        return db;
    }

    StudioOptions options() {
        return options;
    }

    Jobs jobs() {
        return jobs;
    }

    /** A scratch folder of this start for export files, created on first use and deleted on close. */
    Path scratch() {
        try {
            return jobs.scratch();
        } catch (IOException e) {
            throw new SynaIOException("cannot create the Studio's scratch folder: " + e.getMessage(), e);
        }
    }

    String token() {
        return token;
    }

    /** The user keys ({@code ns} empty or null) or the namespace {@code ns}; 404 for a namespace that does not exist. */
    KeySpace keySpace(String ns) {
        if (ns == null || ns.isEmpty()) {
            return db;
        }
        if (!db.namespaces().contains(ns)) {
            throw ApiException.notFound("no namespace '" + ns + "'");
        }
        return db.namespace(ns);
    }

    /** Whether a sorted listing of {@code ns} is at hand (made since the last write). */
    boolean keysListed(String ns) {
        KeyList cached = keyLists.get(ns == null ? "" : ns);
        return cached != null && cached.version() == listVersion();
    }

    /** Changes with every write: entries only grow, and a delete changes the live counts. */
    private long listVersion() {
        var s = db.stats();
        return s.entries() * 31 + s.liveKeys() * 17 + s.namespaceLiveKeys();
    }

    /**
     * The sorted live keys of {@code ns}, listed once and kept while the database's entry count and live
     * key counts stay the same (every write adds an entry).
     */
    List<String> keys(String ns) {
        KeySpace ks = keySpace(ns);
        long version = listVersion();
        String id = ns == null ? "" : ns;
        KeyList cached = keyLists.get(id);
        if (cached != null && cached.version() == version) {
            return cached.keys();
        }
        // one listing at a time: the first after an open is the engine's slow one, and concurrent pages wait for it
        synchronized (keyLists) {
            cached = keyLists.get(id);
            if (cached != null && cached.version() == version) {
                return cached.keys();
            }
            List<String> keys = ks.keys();
            keyLists.put(id, new KeyList(version, keys));
            return keys;
        }
    }

    /**
     * Lists the user keys once in the background: the first listing after a database is opened costs the
     * engine far more than later ones (seconds for a million keys), and the keys page's searches and later
     * pages need it (its first page does not). It starts after the first request is answered, or
     * {@link #WARM_UP_DELAY} after the start if none comes first, so that it does not compete with the start
     * and the first answers for a machine's few cores; only the first call of this method and of
     * {@link #warmUpLater} counts.
     */
    void warmUp(Executor executor) {
        if (!warmUpStarted.compareAndSet(false, true)) {
            return;
        }
        executor.execute(() -> {
            long t0 = System.nanoTime();
            try {
                int n = keys("").size();
                LOG.log(System.Logger.Level.DEBUG, "listed " + n + " user keys in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "background key listing failed: " + e.getMessage());
            }
        });
    }

    /** Calls {@link #warmUp} {@link #WARM_UP_DELAY} from now unless a request has started it by then. */
    void warmUpLater(ExecutorService executor) {
        CompletableFuture.delayedExecutor(WARM_UP_DELAY.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (!executor.isShutdown()) {
                warmUp(executor);
            }
        });
    }

    /** The stored vector stores and their options. */
    SortedMap<String, VectorStoreOptions> storeOptions() {
        return Syna.vectorStores(db);
    }

    /**
     * The open vector store {@code name}, opened with its stored options on first use (its settings as its
     * application last opened it: {@code Syna.vectorStores}); 404 when absent.
     */
    VectorStore store(String name) {
        VectorStore s = stores.get(name);
        if (s != null) {
            return s;
        }
        synchronized (stores) {
            s = stores.get(name);
            if (s == null) {
                if (closed) {
                    throw new syna.api.ClosedException("the Studio is stopping");
                }
                VectorStoreOptions o = storeOptions().get(name);
                if (o == null) {
                    throw ApiException.notFound("no vector store '" + name + "'");
                }
                try {
                    s = Syna.vectorStore(db, name, o);
                } catch (RuntimeException e) {
                    openFailures.put(name, e.getMessage() == null ? e.toString() : e.getMessage());
                    throw e;
                }
                openFailures.remove(name);
                stores.put(name, s);
            }
            return s;
        }
    }

    /**
     * Opens store {@code name} on a background thread unless it is open, queued, or its last open failed
     * (opening reads every vector: about a second per 100,000 of 384 dimensions), so that the store list
     * can show sizes and index status without the page waiting; at most {@link #MAX_BACKGROUND_OPENS}
     * stores in all, since an open store keeps its vectors in memory. Returns whether it is queued or opening.
     */
    boolean openInBackground(String name) {
        if (stores.containsKey(name) || openFailures.containsKey(name)) {
            return false;
        }
        if (!opening.add(name)) {
            return true; // queued or opening already
        }
        if (backgroundOpens.incrementAndGet() > MAX_BACKGROUND_OPENS) {
            backgroundOpens.decrementAndGet();
            opening.remove(name);
            return false;
        }
        try {
            opener.execute(() -> {
                try {
                    store(name);
                } catch (syna.api.ClosedException e) {
                    // the Studio (or the database) closed while this waited: nothing to report
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "opening vector store '" + name + "' failed: " + e.getMessage());
                } finally {
                    opening.remove(name);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            opening.remove(name); // closing
            return false;
        }
        return true;
    }

    /** Why the last open of store {@code name} failed, or null. */
    String openFailure(String name) {
        return openFailures.get(name);
    }

    /** The store {@code name} if the Studio opened it already, else null (without opening it). */
    VectorStore openedStore(String name) {
        return stores.get(name);
    }

    ModelRegistry registry() {
        ModelRegistry r = registry;
        if (r == null) {
            synchronized (this) {
                if (registry == null) {
                    registry = ModelRegistry.open(db);
                }
                r = registry;
            }
        }
        return r;
    }

    ExperimentTracker tracker() {
        ExperimentTracker t = tracker;
        if (t == null) {
            synchronized (this) {
                if (tracker == null) {
                    tracker = ExperimentTracker.open(db);
                }
                t = tracker;
            }
        }
        return t;
    }

    @Override
    public void close() {
        jobs.close();
        // No interrupt (shutdownNow): an interrupted read would close the database's file channel. An open in
        // progress finishes (the lock below waits for it); queued ones then find the Studio closed.
        opener.shutdown();
        synchronized (stores) {
            closed = true;
        }
        for (VectorStore s : stores.values()) {
            closeQuietly(s, "vector store");
        }
        stores.clear();
        if (registry != null) {
            closeQuietly(registry, "model registry");
        }
        if (tracker != null) {
            closeQuietly(tracker, "experiment tracker");
        }
        try {
            jobs.deleteScratch();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete the Studio's scratch folder: " + e.getMessage());
        }
    }

    private static void closeQuietly(AutoCloseable c, String what) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "closing the " + what + " failed: " + e.getMessage());
        }
    }

}
