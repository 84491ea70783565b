package syna.vector.internal;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import syna.api.Atom;
import syna.api.IndexStatus;
import syna.api.InternalException;
import syna.api.VectorFilter;
import syna.api.VectorStoreOptions;
import syna.api.spi.Capability;
import syna.api.spi.ExactSearch;
import syna.api.spi.OrdinalFilter;
import syna.api.spi.SearchOptions;
import syna.api.spi.VectorHit;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorIndexConfig;
import syna.api.spi.VectorIndexProvider;
import syna.api.spi.VectorSource;

/**
 * The ANN index a vector store attaches past its threshold, and the search plan over it, shared by
 * both stores.
 *
 * <p><b>Deferred indexing.</b> Writes never touch the index: a written slot joins {@code pending}, a
 * removed one {@code stale}. Searches consult the index only for slots it is current for and scan the
 * pending tail exactly, so results stay exact-complete whatever the index lags. The tail is drained
 * into the index by a background thread ({@code background} mode, the log store) or at the next
 * search (the memory-mapped store); a search that finds the tail over its bound, a checkpoint and a
 * close catch it up first. Only one party mutates the index at a time: the drainer marks itself
 * {@code draining} under the store's write lock and mutates the index outside any store lock; every
 * other mutation waits for it on {@link #drained}.
 *
 * <p><b>Filtered search.</b> The filter runs once per live slot into a bitset; the index is handed the
 * matches it covers as an {@link OrdinalFilter} of known cardinality and plans the search itself (its
 * structure or an exact scan of the matches); the matches it does not cover yet are scanned exactly.
 *
 * <p>Every method except the drain thread's own work must be called with the store's lock held: the
 * write lock for mutations, at least the read lock for {@link #search}. Thread-safe under that rule.
 */
final class AttachedIndex {
    private static final System.Logger LOG = System.getLogger(AttachedIndex.class.getName());
    /** Pending slots a search scans exactly before it waits for the index to catch up. */
    static final int TAIL_BOUND = 8192;
    /** Slots a background drain adds per round (the store lock is free between rounds). */
    private static final int DRAIN_CHUNK = 4096;

    /** What the store supplies besides its vectors: the metadata of its slots, read under its lock. */
    interface Slots {
        /** Metadata of the vector in {@code slot} (empty when none). */
        Map<String, Atom> metadata(int slot);
    }

    private final String label;
    private final Optional<VectorIndexProvider> provider;
    private final VectorStoreOptions options;
    private final ReentrantReadWriteLock storeLock;
    private final Condition drained;
    private final SlotKeys keys;
    private final VectorSource source;
    private final Slots slots;
    private final boolean background;

    private VectorIndex index;
    private boolean dirty;
    /** Live slots whose current vector the index does not hold yet. */
    private final BitSet pending = new BitSet();
    /** Dead slots the index may still hold. */
    private final BitSet stale = new BitSet();
    /** Slots the drain is adding right now; null when no drain runs. */
    private BitSet inflight;
    /** Slots of {@link #inflight} written or removed meanwhile: they stay pending. */
    private final BitSet rewritten = new BitSet();
    private boolean draining;
    private boolean closed;
    private RuntimeException drainFailure;

    AttachedIndex(String label, VectorStoreOptions options, ReentrantReadWriteLock storeLock, SlotKeys keys,
            VectorSource source, Slots slots, boolean background) {
        this(label, options, IndexChoice.resolve(options), storeLock, keys, source, slots, background);
    }

    /** As above with the provider given (tests wrap one); empty: exact search only. */
    AttachedIndex(String label, VectorStoreOptions options, Optional<VectorIndexProvider> provider,
            ReentrantReadWriteLock storeLock, SlotKeys keys, VectorSource source, Slots slots, boolean background) {
        this.label = label;
        this.provider = provider;
        this.options = options;
        this.storeLock = storeLock;
        this.drained = storeLock.writeLock().newCondition();
        this.keys = keys;
        this.source = source;
        this.slots = slots;
        this.background = background;
    }

    /** Whether a provider is configured (else the store stays exact). */
    boolean enabled() {
        return provider.isPresent();
    }

    VectorIndexProvider provider() {
        return provider.orElseThrow();
    }

    /** The store's vectors, as the index reads them. */
    VectorSource source() {
        return source;
    }

    /** Whether the store holds enough vectors for an index. */
    boolean due() {
        return provider.isPresent() && keys.size() >= options.indexThreshold();
    }

    /** The index's provider name, or {@code flat} while there is none. */
    String name() {
        return index != null ? index.providerName() : "flat";
    }

    boolean attached() {
        return index != null;
    }

    /** Where the index stands (store lock held). */
    IndexStatus status() {
        long total = keys.size();
        if (index == null) {
            String why = provider.isEmpty() ? "no index provider: searches are exact"
                    : "below the threshold of " + options.indexThreshold() + " vectors: searches are exact";
            return new IndexStatus(IndexStatus.State.EXACT, "flat", total, total, 0, 0, why);
        }
        long behind = pending.cardinality();
        if (drainFailure != null) {
            return new IndexStatus(IndexStatus.State.FAILED, index.providerName(), total - behind, total, -1,
                    index.memoryBytes(), "background indexing failed: " + drainFailure.getMessage());
        }
        return new IndexStatus(behind == 0 ? IndexStatus.State.READY : IndexStatus.State.BUILDING, index.providerName(),
                total - behind, total, behind == 0 ? 0 : -1, index.memoryBytes(), "");
    }

    /** Number of slots written since the index last caught up (0 without an index). */
    int pendingCount() {
        return pending.cardinality();
    }

    // ---- bookkeeping (store write lock) -----------------------------------------------------

    /** {@code slot} now holds a new vector. */
    void written(int slot) {
        if (index == null) {
            return;
        }
        pending.set(slot);
        stale.clear(slot);
        if (inflight != null && inflight.get(slot)) {
            rewritten.set(slot);
        }
    }

    /** {@code slot} no longer holds a live vector. */
    void removed(int slot) {
        if (index == null) {
            return;
        }
        pending.clear(slot);
        stale.set(slot);
        if (inflight != null && inflight.get(slot)) {
            rewritten.set(slot);
        }
    }

    /**
     * After writes: attaches an empty index whose pending tail is every live slot once the store
     * reaches its threshold, and (background mode) starts draining the tail.
     */
    void afterWrites() {
        if (index == null && due()) {
            attachEmpty("the store reached " + options.indexThreshold() + " vectors");
        }
        if (background && index != null && !draining && !closed && !pending.isEmpty()) {
            draining = true;
            Thread.ofPlatform().daemon().name("syna-vector-index-" + label).start(this::drainLoop);
        }
    }

    /** Attaches an empty index; every live slot is pending. */
    void attachEmpty(String why) {
        VectorIndex created = provider().create(new VectorIndexConfig(options.dimension(), options.metric(),
                options.indexParameters()), source);
        replace(created);
        pending.or(keys.live());
        dirty = true;
        LOG.log(Level.DEBUG, () -> "Syna vector store " + label + ": attached " + created.providerName() + " index, "
                + pending.cardinality() + " vectors to add (" + why + ")");
    }

    /** Adopts an index loaded from disk that holds exactly the live slots. */
    void adopt(VectorIndex loaded) {
        replace(loaded);
        dirty = false;
    }

    private void replace(VectorIndex next) {
        awaitDrain();
        if (index != null) {
            index.close();
        }
        index = next;
        pending.clear();
        stale.clear();
    }

    // ---- catching up ------------------------------------------------------------------------

    /** Whether a search must first catch up (with the write lock): the tail is over {@code allowedTail}. */
    boolean behind(int allowedTail) {
        if (closed) {
            return false;
        }
        if (index == null) {
            return !background && due();
        }
        return allowedTail == 0 ? !pending.isEmpty() || !stale.isEmpty() : pending.cardinality() > allowedTail;
    }

    /**
     * Brings the index up to date (store write lock held, and no read lock): waits for a running
     * drain until the tail is at most {@code allowedTail}, then adds the rest itself. Builds the index
     * first when there is none and {@code build} says so.
     */
    void catchUp(int allowedTail, boolean build) {
        if (index == null) {
            if (build && due()) {
                long t0 = System.nanoTime();
                attachEmpty("the store holds " + keys.size() + " vectors, threshold " + options.indexThreshold());
                drainNow();
                long ms = (System.nanoTime() - t0) / 1_000_000;
                VectorIndex built = index;
                LOG.log(Level.INFO, () -> "Syna vector store " + label + ": built " + built.providerName()
                        + " index of " + built.size() + " vectors in " + ms + " ms");
            }
            return;
        }
        while (draining && pending.cardinality() > allowedTail) {
            awaitOnce();
        }
        if (pending.cardinality() > allowedTail || (allowedTail == 0 && !stale.isEmpty())) {
            awaitDrain();
            drainNow();
        }
    }

    private void awaitDrain() {
        while (draining) {
            awaitOnce();
        }
    }

    private void awaitOnce() {
        try {
            drained.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalException("interrupted while the vector index of " + label + " catches up", e);
        }
    }

    /** Applies stale deletes and adds every pending slot, on this thread (write lock held, no drain running). */
    private void drainNow() {
        RuntimeException failure = drainFailure;
        drainFailure = null;
        if (failure != null) {
            LOG.log(Level.DEBUG, () -> "Syna vector store " + label + ": retrying after a failed background drain: "
                    + failure);
        }
        applyDeletes(stale.stream().toArray());
        stale.clear();
        int[] ordinals = pending.stream().toArray();
        if (ordinals.length > 0) {
            index.addAll(ordinals);
        }
        pending.clear();
        dirty = true;
    }

    private void applyDeletes(int[] dead) {
        if (dead.length == 0) {
            return;
        }
        boolean canDelete = provider().capabilities().contains(Capability.DELETE);
        for (int s : dead) {
            if (canDelete && index.contains(s)) {
                index.delete(s);
            }
        }
        dirty = true;
    }

    /** The background drain: rounds of (snapshot under the lock, add outside it, settle under it). */
    private void drainLoop() {
        while (true) {
            int[] ordinals;
            int[] dead;
            VectorIndex target;
            storeLock.writeLock().lock();
            try {
                if (closed || index == null || (pending.isEmpty() && stale.isEmpty())) {
                    draining = false;
                    drained.signalAll();
                    return;
                }
                int n = Math.min(DRAIN_CHUNK, pending.cardinality());
                ordinals = new int[n];
                inflight = new BitSet();
                int i = 0;
                for (int s = pending.nextSetBit(0); s >= 0 && i < n; s = pending.nextSetBit(s + 1)) {
                    ordinals[i++] = s;
                    inflight.set(s);
                }
                dead = stale.stream().toArray();
                stale.clear();
                rewritten.clear();
                target = index;
            } finally {
                storeLock.writeLock().unlock();
            }
            RuntimeException failure = null;
            try {
                boolean canDelete = provider().capabilities().contains(Capability.DELETE);
                for (int s : dead) {
                    if (canDelete && target.contains(s)) {
                        target.delete(s);
                    }
                }
                target.addAll(ordinals);
            } catch (RuntimeException e) {
                failure = e;
            }
            storeLock.writeLock().lock();
            try {
                BitSet done = inflight;
                inflight = null;
                if (failure != null) {
                    // Leave the work pending: the next search or checkpoint retries it on its own thread
                    // and reports the error there.
                    for (int s : dead) {
                        if (!keys.isLive(s)) {
                            stale.set(s);
                        }
                    }
                    drainFailure = failure;
                    RuntimeException f = failure;
                    LOG.log(Level.WARNING, () -> "Syna vector store " + label + ": background indexing failed: " + f);
                    draining = false;
                    drained.signalAll();
                    return;
                }
                done.andNot(rewritten);
                pending.andNot(done);
                rewritten.clear();
                dirty = true;
                drained.signalAll();
            } finally {
                storeLock.writeLock().unlock();
            }
        }
    }

    // ---- search (store read lock) -------------------------------------------------------------

    /**
     * The {@code k} live slots nearest to {@code query} that pass {@code filter} (null: all), nearest
     * first: what the index covers through the index (which plans the filtered search itself), the rest exactly.
     */
    List<VectorHit> search(float[] query, int k, int effort, VectorFilter filter) {
        BitSet live = keys.live();
        BitSet candidates = live;
        if (filter != null) {
            candidates = new BitSet(live.length());
            for (int s = live.nextSetBit(0); s >= 0; s = live.nextSetBit(s + 1)) {
                if (filter.test(keys.key(s), slots.metadata(s))) {
                    candidates.set(s);
                }
            }
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        int limit = candidates.length();
        if (index == null || (filter != null && !provider().capabilities().contains(Capability.FILTER))) {
            return ExactSearch.search(source.scorer().query(query), k, OrdinalFilter.of(candidates), limit);
        }
        OrdinalFilter covered;
        if (filter == null && pending.isEmpty() && stale.isEmpty()) {
            covered = OrdinalFilter.all();
        } else {
            BitSet c = (BitSet) candidates.clone();
            c.andNot(pending);
            covered = OrdinalFilter.of(c);
        }
        List<VectorHit> hits = covered.cardinality() == 0 ? List.of()
                : index.search(query, k, SearchOptions.defaults().withEffort(effort).withFilter(covered));
        if (pending.isEmpty()) {
            return hits;
        }
        BitSet tail = (BitSet) pending.clone();
        tail.and(candidates);
        if (tail.isEmpty()) {
            return hits;
        }
        return ExactSearch.merge(hits, ExactSearch.search(source.scorer().query(query), k, OrdinalFilter.of(tail),
                tail.length()), k);
    }

    // ---- persistence and lifecycle (store write lock) ---------------------------------------

    /** The attached index (for persistence), or null. */
    VectorIndex index() {
        return index;
    }

    /**
     * Catches the index up and saves it with {@code writeMeta} run after it, when it changed since it
     * was loaded or saved and the provider can persist. Returns whether it saved.
     */
    boolean save(Path file, Runnable writeMeta) {
        if (index == null || !provider().capabilities().contains(Capability.PERSISTENCE)) {
            return false;
        }
        catchUp(0, false);
        if (!dirty) {
            return false;
        }
        index.save(file);
        writeMeta.run();
        dirty = false;
        return true;
    }

    /** Stops draining and closes the index. */
    void close() {
        closed = true;
        awaitDrain();
        if (index != null) {
            index.close();
        }
    }

    @Override
    public String toString() {
        return "AttachedIndex[" + label + ", " + name() + ", pending " + pending.cardinality() + ", stale "
                + Arrays.toString(stale.stream().limit(4).toArray()) + "]";
    }
}
