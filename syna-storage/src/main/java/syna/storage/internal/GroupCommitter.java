package syna.storage.internal;

import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import syna.api.SynaIOException;

/**
 * Group commit, leader/follower: a writer that needs its bytes durable waits until a completed
 * fsync covers its end offset. If no fsync is running it becomes the leader: it notes how far the
 * log has been written, forces the file, and publishes that offset as durable, which covers every
 * write appended before the fsync started, its own and its followers'. Writers that arrive during
 * an fsync wait for it and, if still uncovered, elect the next leader. No sleeping, no timer.
 * Compaction replaces the file with a forced copy and starts a new epoch, which makes every
 * earlier write durable. Thread-safe.
 */
final class GroupCommitter {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Forcer forcer;
    private final LongSupplier written;
    private volatile long epoch; // written under lock, read without it by writers
    private long durable;
    private boolean syncing;
    private IOException failure;
    private long fsyncs;

    /** Forces the current log file to stable storage. */
    @FunctionalInterface
    interface Forcer {
        /** Forces the file. */
        void force() throws IOException;
    }

    GroupCommitter(Forcer forcer, LongSupplier written, long durable) {
        this.forcer = forcer;
        this.written = written;
        this.durable = durable;
    }

    /** The current epoch, read by a writer (under the write lock) when it appends. */
    long epoch() {
        return epoch;
    }

    /** A new file took over, forced up to {@code durableEnd}. */
    void newEpoch(long durableEnd) {
        lock.lock();
        try {
            epoch++;
            durable = durableEnd;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Number of fsyncs done by leaders (for tests). */
    long fsyncs() {
        lock.lock();
        try {
            return fsyncs;
        } finally {
            lock.unlock();
        }
    }

    /** Returns once bytes up to {@code end} of epoch {@code writeEpoch} are on stable storage. */
    void awaitDurable(long writeEpoch, long end) {
        lock.lock();
        try {
            while (true) {
                if (failure != null) {
                    throw new SynaIOException("group commit fsync failed: " + failure.getMessage(), failure);
                }
                if (epoch != writeEpoch || durable >= end) {
                    return;
                }
                if (syncing) {
                    changed.awaitUninterruptibly();
                    continue;
                }
                syncing = true;
                long myEpoch = epoch;
                long target = written.getAsLong();
                lock.unlock();
                IOException error = null;
                try {
                    forcer.force();
                } catch (IOException e) {
                    error = e;
                } finally {
                    lock.lock();
                }
                syncing = false;
                fsyncs++;
                if (error != null && epoch == myEpoch) {
                    failure = error;
                } else if (epoch == myEpoch) {
                    durable = Math.max(durable, target);
                }
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }
}
