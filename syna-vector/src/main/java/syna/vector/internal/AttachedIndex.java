package syna.vector.internal;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
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
 * The index a vector store attaches past its threshold, fed in the background, and the search over it and
 * the vectors it does not cover yet; shared by both stores.
 *
 * <p><b>Nothing waits for the index.</b> Writes never touch it: a written slot joins {@code pending}, a removed
 * one {@code stale}, and a background thread adds them in rounds (about {@value #ROUND_MILLIS} ms of work
 * each, so the store lock is free between rounds and {@link #close} waits for one round at most). A first
 * build, a rebuild after a stale or damaged saved index, and catch-up after writes are all such rounds.
 * Searches ask the index only for slots it is current for and measure the pending ones exactly, so results
 * never miss a vector, whatever the index lags. Long builds log their progress at most every
 * {@value #PROGRESS_SECONDS} s; {@link #status} gives the state, the coverage and an estimate. Only the drain
 * thread mutates the index; it marks itself {@code draining} under the store's write lock and adds outside
 * any store lock; {@link #close} and {@link #adopt} wait for it on {@link #drained}.
 *
 * <p><b>Filtered search.</b> The filter runs once per live slot into a bitset; the index is handed the matches
 * it covers as an {@link OrdinalFilter} of known cardinality and plans the search itself (its structure or an
 * exact scan of the matches); the matches it does not cover yet are measured exactly here. The store keeps no
 * index constants.
 *
 * <p>Every method except the drain thread's own work must be called with the store's lock held: the write
 * lock for mutations, at least the read lock for {@link #search} and {@link #status}. Thread-safe under that
 * rule.
 */
final class AttachedIndex {
    private static final System.Logger LOG = System.getLogger(AttachedIndex.class.getName());
    /** Work a background round aims at: the longest {@link #close} waits for the indexer. */
    static final long ROUND_MILLIS = 250;
    private static final int MIN_ROUND = 64;
    private static final int MAX_ROUND = 1 << 16;
    /** A build logs its progress at most this often. */
    static final long PROGRESS_SECONDS = 5;
    /** A failed round is retried on a later write after this long (doubling up to a minute). */
    private static final long FIRST_RETRY_MILLIS = 1000;
    /** An idle indexer waits this long for more work before its thread ends (single writes reuse it). */
    private static final long LINGER_NANOS = 500_000_000L;

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
    /** Signalled when writes leave work for a lingering indexer. */
    private final Condition work;
    private final SlotKeys keys;
    private final VectorSource source;
    private final Slots slots;

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
    /** The indexer thread is alive (adding, or lingering for more work). */
    private boolean draining;
    /** The indexer is adding outside the store lock right now. */
    private boolean inRound;
    private boolean closed;
    private RuntimeException drainFailure;
    private long retryAtNanos;
    private long retryMillis = FIRST_RETRY_MILLIS;
    /** Slots a round adds, adapted so that a round takes about {@link #ROUND_MILLIS}. */
    private int round = 256;
    /**
     * Slots added per second since the current build began (a whole-build average: steadier than the last rounds,
     * which other work on the machine disturbs); 0 before the first round.
     */
    private double rate;
    /** Slots added since the current build began. */
    private long addedThisBuild;
    /** When the current build began. */
    private long buildStartNanos;
    private long lastProgressNanos;

    AttachedIndex(String label, VectorStoreOptions options, ReentrantReadWriteLock storeLock, SlotKeys keys,
            VectorSource source, Slots slots) {
        this(label, options, IndexChoice.resolve(options), storeLock, keys, source, slots);
    }

    /** As above with the provider given (tests wrap one); empty: exact search only. */
    AttachedIndex(String label, VectorStoreOptions options, Optional<VectorIndexProvider> provider,
            ReentrantReadWriteLock storeLock, SlotKeys keys, VectorSource source, Slots slots) {
        this.label = label;
        this.provider = provider;
        this.options = options;
        this.storeLock = storeLock;
        this.drained = storeLock.writeLock().newCondition();
        this.work = storeLock.writeLock().newCondition();
        this.keys = keys;
        this.source = source;
        this.slots = slots;
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

    /** Whether the index covers every live vector (or there is none to build). */
    boolean complete() {
        return index == null ? !due() : pending.isEmpty() && stale.isEmpty();
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
        long covered = Math.max(0, total - behind);
        if (drainFailure != null && !draining) {
            return new IndexStatus(IndexStatus.State.FAILED, index.providerName(), covered, total, -1, index.memoryBytes(),
                    "background indexing failed (" + drainFailure.getMessage() + "); searches measure the "
                            + behind + " vectors it does not cover exactly; a later write or awaitIndex retries");
        }
        if (behind == 0 && stale.isEmpty()) {
            return new IndexStatus(IndexStatus.State.READY, index.providerName(), total, total, 0, index.memoryBytes(), "");
        }
        long eta = rate > 0 ? (long) Math.ceil(behind / rate * 1000) : -1;
        return new IndexStatus(IndexStatus.State.BUILDING, index.providerName(), covered, total, eta, index.memoryBytes(),
                "indexing in the background; searches measure the " + behind + " vectors not covered yet exactly");
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
     * After writes (and at open): attaches an empty index, every live slot pending, once the store reaches its
     * threshold, and starts the background indexer when there is work (unless a failed round waits for its retry
     * time).
     */
    void afterWrites() {
        if (index == null && due()) {
            attachEmpty("the store holds " + keys.size() + " vectors, threshold " + options.indexThreshold());
        }
        startDrain(false);
    }

    /** Attaches an empty index; every live slot is pending. */
    void attachEmpty(String why) {
        VectorIndex created = provider().create(new VectorIndexConfig(options.dimension(), options.metric(),
                options.indexParameters()), source);
        replace(created);
        pending.or(keys.live());
        dirty = true;
        LOG.log(Level.DEBUG, () -> "Syna vector store " + label + ": attached " + created.providerName() + " index, "
                + pending.cardinality() + " vectors to add in the background (" + why + ")");
    }

    /**
     * Adopts an index loaded from disk that reflects this store's vectors (its file matched the store's
     * fingerprint or checkpoint): the live slots it does not hold, or holds with an older vector
     * ({@code notCurrent}, as saved), are pending; the dead ones it holds are stale.
     */
    void adopt(VectorIndex loaded, BitSet notCurrent) {
        replace(loaded);
        BitSet live = keys.live();
        for (int s = live.nextSetBit(0); s >= 0; s = live.nextSetBit(s + 1)) {
            if (notCurrent.get(s) || !loaded.contains(s)) {
                pending.set(s);
            }
        }
        int limit = Math.max(live.length(), source.size());
        for (int s = 0; s < limit; s++) {
            if (!live.get(s) && loaded.contains(s)) {
                stale.set(s);
            }
        }
        dirty = false;
    }

    private void replace(VectorIndex next) {
        awaitRound(); // an idle indexer takes the new index at its next round
        if (index != null) {
            index.close();
        }
        index = next;
        pending.clear();
        stale.clear();
        drainFailure = null;
        rate = 0;
        buildStartNanos = 0;
    }

    // ---- the background indexer ---------------------------------------------------------------

    /** Starts the drain thread if there is work, none runs, and (unless {@code force}) no failed round waits. */
    private void startDrain(boolean force) {
        if (closed || index == null || (pending.isEmpty() && stale.isEmpty())) {
            return;
        }
        if (draining) {
            work.signal(); // a lingering indexer takes it
            return;
        }
        if (drainFailure != null && !force && System.nanoTime() < retryAtNanos) {
            return;
        }
        draining = true;
        Thread.ofPlatform().daemon().name("syna-vector-index-" + label).start(this::drainLoop);
    }

    /** Waits until the indexer thread has ended (after {@link #closed} is set). */
    private void awaitDrain() {
        work.signalAll();
        while (draining) {
            awaitOnce();
        }
    }

    /** Waits until no round is adding outside the store lock (the index is not being mutated). */
    private void awaitRound() {
        while (inRound) {
            awaitOnce();
        }
    }

    private void awaitOnce() {
        try {
            drained.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalException("interrupted while waiting for the vector index of " + label, e);
        }
    }

    /**
     * Waits at most {@code nanos} until the index covers every live vector (store write lock held; released
     * while waiting), starting the indexer if it is idle; returns whether it does. Returns early when a round
     * fails (the status says why).
     */
    boolean awaitComplete(long nanos) {
        startDrain(true);
        while (!complete() && !closed) {
            if (!draining) {
                return false; // failed, or stopped: status() says which
            }
            if (nanos <= 0) {
                return false;
            }
            try {
                nanos = drained.awaitNanos(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InternalException("interrupted while waiting for the vector index of " + label, e);
            }
        }
        return complete();
    }

    /**
     * The background indexer: rounds of (snapshot under the lock, add outside it, settle under it); idle, it
     * lingers for {@link #LINGER_NANOS} for more work, so a stream of single writes keeps one thread.
     */
    private void drainLoop() {
        long idleUntil = 0;
        while (true) {
            int[] ordinals;
            int[] dead;
            VectorIndex target;
            storeLock.writeLock().lock();
            try {
                if (closed || index == null) {
                    draining = false;
                    drained.signalAll();
                    return;
                }
                if (pending.isEmpty() && stale.isEmpty()) {
                    drained.signalAll();
                    long now = System.nanoTime();
                    if (idleUntil == 0) {
                        idleUntil = now + LINGER_NANOS;
                    }
                    if (now - idleUntil >= 0) {
                        draining = false;
                        drained.signalAll();
                        return;
                    }
                    try {
                        work.awaitNanos(idleUntil - now);
                    } catch (InterruptedException e) {
                        draining = false;
                        drained.signalAll();
                        return;
                    }
                    continue;
                }
                idleUntil = 0;
                if (buildStartNanos == 0) {
                    buildStartNanos = System.nanoTime();
                    lastProgressNanos = buildStartNanos;
                    addedThisBuild = 0;
                }
                int n = Math.min(round, pending.cardinality());
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
                inRound = true;
            } finally {
                storeLock.writeLock().unlock();
            }
            long t0 = System.nanoTime();
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
            long took = Math.max(1, System.nanoTime() - t0);
            storeLock.writeLock().lock();
            try {
                inRound = false;
                BitSet done = inflight;
                inflight = null;
                if (failure != null) {
                    // Leave the work pending: a later write (after a back-off) or awaitIndex retries it.
                    for (int s : dead) {
                        if (!keys.isLive(s)) {
                            stale.set(s);
                        }
                    }
                    drainFailure = failure;
                    retryAtNanos = System.nanoTime() + retryMillis * 1_000_000;
                    retryMillis = Math.min(60_000, retryMillis * 2);
                    RuntimeException f = failure;
                    LOG.log(Level.WARNING, () -> "Syna vector store " + label + ": background indexing failed, searches "
                            + "stay exact over the " + pending.cardinality() + " vectors not indexed: " + f);
                    draining = false;
                    drained.signalAll();
                    return;
                }
                drainFailure = null;
                retryMillis = FIRST_RETRY_MILLIS;
                done.andNot(rewritten);
                pending.andNot(done);
                rewritten.clear();
                dirty = true;
                settleRound(ordinals.length, took);
                drained.signalAll();
            } finally {
                storeLock.writeLock().unlock();
            }
        }
    }

    /** Adapts the round size and rate to the round just done and logs progress (store write lock held). */
    private void settleRound(int added, long tookNanos) {
        addedThisBuild += added;
        double elapsed = (System.nanoTime() - buildStartNanos) / 1e9;
        rate = elapsed > 0 ? addedThisBuild / elapsed : 0;
        long target = ROUND_MILLIS * 1_000_000;
        long next = (long) ((double) round * target / tookNanos);
        round = (int) Math.clamp(next, Math.max(MIN_ROUND, round / 2), Math.min(MAX_ROUND, 2L * round));
        long now = System.nanoTime();
        int left = pending.cardinality();
        if (left == 0) {
            long ms = (now - buildStartNanos) / 1_000_000;
            if (ms >= PROGRESS_SECONDS * 1000) {
                long n = addedThisBuild; // the pending at the start and what arrived during the build
                VectorIndex built = index;
                LOG.log(Level.INFO, () -> "Syna vector store " + label + ": " + built.providerName() + " index covers all "
                        + keys.size() + " vectors (" + n + " added in " + String.format(Locale.ROOT, "%.1f", ms / 1000.0)
                        + " s)");
            }
            buildStartNanos = 0;
            addedThisBuild = 0;
        } else if (now - lastProgressNanos >= PROGRESS_SECONDS * 1_000_000_000L) {
            lastProgressNanos = now;
            long total = keys.size();
            long covered = total - left;
            double rateNow = rate;
            String name = index.providerName();
            LOG.log(Level.INFO, () -> String.format(Locale.ROOT,
                    "Syna vector store %s: %s index covers %,d of %,d vectors (%.0f%%), %,.0f vectors/s, about %s left",
                    label, name, covered, total, 100.0 * covered / Math.max(1, total), rateNow,
                    duration((long) (left / rateNow))));
        }
    }

    private static String duration(long seconds) {
        return seconds >= 3600 ? seconds / 3600 + " h " + seconds % 3600 / 60 + " min"
                : seconds >= 60 ? seconds / 60 + " min " + seconds % 60 + " s" : seconds + " s";
    }

    // ---- search (store read lock) -------------------------------------------------------------

    /**
     * The {@code k} live slots nearest to {@code query} that pass {@code filter} (null: all), nearest first:
     * what the index covers through the index (which plans the filtered search itself), the rest exactly.
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

    /** Slots whose vector the index does not hold current (pending or stale), ascending: saved with a partial index. */
    int[] notCurrent() {
        BitSet b = (BitSet) pending.clone();
        b.or(stale);
        return b.stream().toArray();
    }

    /** The attached index (for persistence), or null. */
    VectorIndex index() {
        return index;
    }

    /**
     * At a checkpoint: saves the index with {@code writeMeta} run after it when it covers every vector, changed
     * since it was loaded or saved, and the provider can persist; never waits for a build. Returns whether it saved.
     */
    boolean saveIfComplete(Path file, Runnable writeMeta) {
        if (index == null || !complete() || !dirty || !provider().capabilities().contains(Capability.PERSISTENCE)) {
            return false;
        }
        awaitRound(); // nothing mutates the index while it is written
        return saveNow(file, writeMeta);
    }

    /**
     * At close: stops the background indexer after its current round, then saves the index as far as it is built
     * (the next open adopts it and adds the rest) when it changed and the provider can persist.
     */
    boolean saveAsBuilt(Path file, Runnable writeMeta) {
        stopIndexing();
        if (index == null || !dirty || !provider().capabilities().contains(Capability.PERSISTENCE)) {
            return false;
        }
        return saveNow(file, writeMeta);
    }

    private boolean saveNow(Path file, Runnable writeMeta) {
        index.save(file);
        writeMeta.run();
        dirty = false;
        return true;
    }

    /**
     * Stops the background indexer after the round in progress (a bounded wait, never a whole build); no round
     * starts after it. The first step of a store's close, so the indexer does not compete with its last writes.
     */
    void stopIndexing() {
        storeLock.writeLock().lock(); // reentrant: the store's close holds it already
        try {
            closed = true;
            awaitDrain();
        } finally {
            storeLock.writeLock().unlock();
        }
    }

    /** Stops the indexer (after its current round) and closes the index. */
    void close() {
        storeLock.writeLock().lock();
        try {
            closed = true;
            awaitDrain();
            if (index != null) {
                index.close();
            }
        } finally {
            storeLock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "AttachedIndex[" + label + ", " + name() + ", pending " + pending.cardinality() + ", stale "
                + stale.cardinality() + "]";
    }
}
