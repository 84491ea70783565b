package syna.vector.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import syna.api.ClosedException;
import syna.api.DimensionMismatchException;
import syna.api.IndexStatus;
import syna.api.InvalidArgumentException;
import syna.api.VectorMatch;
import syna.api.VectorQuery;
import syna.api.VectorStore;
import syna.api.spi.VectorHit;

/**
 * What both vector stores share above their storage: the store lock, the slot table, the attached
 * index, and the read paths over them ({@link #keys()}, {@link #contains}, {@link #size},
 * {@link #search}, {@link #indexName}) with their argument and state checks. A subclass owns the
 * vectors, their writes and their durability, and says how far a search lets the index lag behind.
 * Concurrent reads, one writer: {@link #lock} guards the slot table, the vectors and {@link #closed}.
 */
abstract sealed class SlotVectorStore implements VectorStore permits LogVectorStore, MmapVectorStoreImpl {
    /** Searches and reads share it; writes that change the slot table or the vectors take it alone. */
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    final SlotKeys keys;
    final int dim;
    /** Set under the write lock by {@code close}. */
    boolean closed;
    /** How errors name the store, quoted. */
    private final String label;
    private final int searchTail;
    private final boolean buildOnSearch;

    /**
     * @param label         how errors name the store (its name or directory)
     * @param searchTail    the pending tail a search tolerates before it helps the index catch up
     *                      (0: every search sees an up-to-date index)
     * @param buildOnSearch whether a search builds the index once the store passes its threshold
     */
    SlotVectorStore(int dim, int initialSlots, String label, int searchTail, boolean buildOnSearch) {
        this.dim = dim;
        this.keys = new SlotKeys(initialSlots);
        this.label = "'" + label + "'";
        this.searchTail = searchTail;
        this.buildOnSearch = buildOnSearch;
    }

    /** The attached index (never null once constructed). */
    abstract AttachedIndex attached();

    /** A copy of the vector in {@code slot} (read lock held). */
    abstract float[] vectorAt(int slot);

    final void checkVector(float[] v) {
        if (v == null) {
            throw new InvalidArgumentException("vector must not be null");
        }
        if (v.length != dim) {
            throw new DimensionMismatchException("dimension " + v.length + " != store dimension " + dim + " in " + label);
        }
    }

    final void ensureOpen() {
        if (closed) {
            throw new ClosedException("vector store " + label + " is closed");
        }
    }

    @Override
    public final List<String> keys() {
        lock.readLock().lock();
        try {
            ensureOpen();
            return keys.keys();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public final boolean contains(String key) {
        lock.readLock().lock();
        try {
            ensureOpen();
            return keys.contains(key);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public final long size() {
        lock.readLock().lock();
        try {
            ensureOpen();
            return keys.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public final List<VectorMatch> search(float[] vector, int k, VectorQuery query) {
        checkVector(vector);
        if (k < 1) {
            throw new InvalidArgumentException("k must be >= 1, got " + k);
        }
        AttachedIndex attached = attached();
        lock.readLock().lock();
        if (attached.behind(searchTail)) {
            // The index lags more than this store allows: catch it up under the write lock, then
            // downgrade to the read lock for the search.
            lock.readLock().unlock();
            lock.writeLock().lock();
            try {
                ensureOpen();
                attached.catchUp(searchTail, buildOnSearch);
                lock.readLock().lock();
            } finally {
                lock.writeLock().unlock();
            }
        }
        try {
            ensureOpen();
            List<VectorHit> found = attached.search(vector, k, query.effort(), query.filter().orElse(null));
            List<VectorMatch> out = new ArrayList<>(found.size());
            for (VectorHit h : found) {
                int s = h.ordinal();
                out.add(new VectorMatch(keys.key(s), h.distance(),
                        query.includeVectors() ? Optional.of(vectorAt(s)) : Optional.empty()));
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public final String indexName() {
        lock.readLock().lock();
        try {
            return attached().name();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public final IndexStatus indexStatus() {
        lock.readLock().lock();
        try {
            ensureOpen();
            return attached().status();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public boolean awaitIndex(Duration timeout) {
        lock.writeLock().lock();
        try {
            ensureOpen();
            attached().catchUp(0, true);
            return attached().status().complete();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
