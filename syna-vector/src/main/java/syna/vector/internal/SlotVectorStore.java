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
 * vectors, their writes and their durability; the index is fed in the background and never waited for.
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
    /** @param label how errors name the store (its name or directory) */
    SlotVectorStore(int dim, int initialSlots, String label) {
        this.dim = dim;
        this.keys = new SlotKeys(initialSlots);
        this.label = "'" + label + "'";
    }

    /** The attached index (never null once constructed). */
    abstract AttachedIndex attached();

    /** A copy of the vector in {@code slot} (read lock held). */
    abstract float[] vectorAt(int slot);

    /**
     * Checks a vector to store under {@code key}: not null, the store's dimension, every component finite (a NaN
     * or infinity would make every distance to it NaN). {@link InvalidArgumentException} or
     * {@link DimensionMismatchException} naming key and index.
     */
    final void checkVector(String key, float[] v) {
        if (v == null) {
            throw new InvalidArgumentException("vector of key '" + key + "' must not be null");
        }
        if (v.length != dim) {
            throw new DimensionMismatchException("vector of key '" + key + "' has dimension " + v.length
                    + " != store dimension " + dim + " in " + label);
        }
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new InvalidArgumentException("vector of key '" + key + "' has " + v[i] + " at index " + i
                        + " (components must be finite) in " + label);
            }
        }
    }

    /** Checks a query vector as {@link #checkVector} does a stored one. */
    final void checkQuery(float[] q) {
        if (q == null) {
            throw new InvalidArgumentException("query vector must not be null");
        }
        if (q.length != dim) {
            throw new DimensionMismatchException("query dimension " + q.length + " != store dimension " + dim + " in "
                    + label);
        }
        for (int i = 0; i < q.length; i++) {
            if (!Float.isFinite(q[i])) {
                throw new InvalidArgumentException("query vector has " + q[i] + " at index " + i
                        + " (components must be finite)");
            }
        }
    }

    /** {@code value}, or {@link InvalidArgumentException} naming {@code what} when it is null. */
    static <T> T notNull(T value, String what) {
        if (value == null) {
            throw new InvalidArgumentException(what + " must not be null");
        }
        return value;
    }

    /** A key passed to a read: not null (any other string is simply absent when not stored). */
    static String readKey(String key) {
        return notNull(key, "vector key");
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
        readKey(key);
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
        checkQuery(vector);
        if (k < 1) {
            throw new InvalidArgumentException("k must be >= 1, got " + k);
        }
        notNull(query, "vector query");
        AttachedIndex attached = attached();
        // Never waits for the index: what it does not cover yet is measured exactly.
        lock.readLock().lock();
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
    public final boolean awaitIndex(Duration timeout) {
        if (timeout == null) {
            throw new InvalidArgumentException("timeout must not be null");
        }
        lock.writeLock().lock();
        try {
            ensureOpen();
            return attached().awaitComplete(timeout.isNegative() ? 0 : timeout.toNanos());
        } finally {
            lock.writeLock().unlock();
        }
    }
}
