package syna.storage.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import syna.api.Atom;
import syna.api.ClosedException;
import syna.api.Durability;
import syna.api.SynaIOException;
import syna.api.UnsupportedFeatureException;

/**
 * The one writer of an open log and its write template: every write (put, putBytes, delete, series,
 * batch, namespace create and drop) is a {@link WriteUnit} that {@link #run} takes through the same
 * steps under the writer lock: check the database is writable, take the time, write the records a
 * unit needs first (codec and namespace records, each its own atomic unit), encode the unit's
 * records into the buffer (undone whole if encoding fails), hand them to the OS as the durability
 * mode says, apply them to the index, and after the lock wait for the group commit.
 *
 * <p>Durability: NONE keeps records buffered until the buffer fills, a value is too large to serve
 * from memory, or the flusher thread runs (every {@value #FLUSH_INTERVAL_MS} ms); GROUP and ALWAYS
 * hand them to the OS at once (ALWAYS also forces). Concurrent reads of the positions, one writer.
 */
final class LogWriter {
    private static final System.Logger LOG = System.getLogger(LogWriter.class.getName());
    /** NONE: buffered bytes that trigger a write to the OS. */
    static final int FLUSH_AT = 64 << 10;
    /** NONE: how long records may stay buffered in the process (the loss window on a process crash). */
    static final long FLUSH_INTERVAL_MS = 5;
    /** Uncompressed segment values at least this long are written straight from the segment, not via the buffer. */
    static final int DIRECT_AT = 64 << 10;

    final ReentrantLock lock = new ReentrantLock();
    /** Recent text and bytes values kept in memory, under a byte budget; guarded by {@link #lock}. */
    private final RecentValues recent = new RecentValues();
    final RecordBuffer out = new RecordBuffer(1 << 16);
    final RecordEncoder encoder;
    private final LogFiles files;
    private final Durability durability;
    private final boolean readOnly;
    private final GroupCommitter committer;
    private final ScheduledExecutorService flusher;

    private volatile Generation gen;
    /** Logical end of the log: bytes in the file plus bytes still in {@link #out} (NONE only). */
    private volatile long appendPos;
    /** Bytes handed to the OS; {@link #out} holds the log from here to {@link #appendPos}. */
    private volatile long flushedPos;
    private volatile boolean closed;
    private volatile IOException failure;
    private long lastTimestamp;
    /** Set once after construction (it needs this writer); null for read-only handles. */
    private volatile Checkpointer checkpointer;

    LogWriter(LogFiles files, Durability durability, boolean readOnly, boolean backgroundFlush, RecordEncoder encoder,
            Generation gen, long end) {
        this.files = files;
        this.durability = durability;
        this.readOnly = readOnly;
        this.encoder = encoder;
        this.gen = gen;
        this.appendPos = end;
        this.flushedPos = end;
        this.committer = new GroupCommitter(() -> this.gen.channel().force(false), () -> this.flushedPos, end);
        this.flusher = durability == Durability.NONE && !readOnly && backgroundFlush ? startFlusher() : null;
    }

    /**
     * One write: its records and what they change in the index. {@link #run} calls
     * {@link #prepare}, {@link #encode} and, once the records are appended, {@link #apply}, all with
     * the writer lock held. Not thread-safe; one per write.
     */
    abstract static class WriteUnit {
        /** Set by {@link #encode} when a value is too large to serve from memory: NONE flushes at once. */
        boolean mustFlush;

        /** Writes records that must precede the unit as their own units (namespace creation). */
        void prepare(LogWriter w, Generation g, long ts) {}

        /**
         * Encodes the unit's records into {@code w.out}; returns false when there is nothing to write
         * (a delete of an absent key). Throwing leaves {@code out} as it was.
         */
        abstract boolean encode(LogWriter w, Generation g, long ts);

        /** Applies the appended records to the index. */
        abstract void apply(LogWriter w, Generation g);
    }

    // ---- the template -------------------------------------------------------------------------

    /** Runs {@code unit} through the write template; returns whether it wrote anything. */
    boolean run(WriteUnit unit) {
        long epoch;
        long end;
        boolean wrote;
        lock.lock();
        try {
            checkWritable();
            Generation g = gen;
            long ts = clock();
            int before = out.size();
            long flushedBefore = flushedPos;
            unit.prepare(this, g, ts);
            encoder.prepareCodec(out, g.codecs(), ts); // stays even if encoding fails: the table has it now
            int base = out.size();
            try {
                wrote = unit.encode(this, g, ts);
            } catch (RuntimeException e) {
                out.truncate(base);
                throw e;
            }
            if (!wrote && out.size() == before && flushedPos == flushedBefore) {
                return false;
            }
            commitAppend(g, unit.mustFlush);
            if (wrote) {
                unit.apply(this, g);
                recent.evict(g);
            }
            epoch = committer.epoch();
            end = appendPos;
        } finally {
            lock.unlock();
        }
        if (durability == Durability.GROUP) {
            committer.awaitDurable(epoch, end);
        }
        Checkpointer c = checkpointer;
        if (c != null) {
            c.afterWrite(end);
        }
        return wrote;
    }

    /**
     * A write unit kept {@code value} in memory as the latest value of {@code key} in {@code s}:
     * {@link RecentValues} counts it when it is a recent text or bytes value (and drops it later).
     */
    void recent(Generation g, Space s, String key, Atom value) {
        long n = WriteUnits.recentBytes(value);
        if (n > 0) {
            recent.add(g, s, key, value, n);
        }
    }

    /** Attaches the checkpointer told after each write. */
    void checkpointer(Checkpointer c) {
        this.checkpointer = c;
    }

    /** The log offset the record starting at index {@code start} of {@link #out} will have. */
    long offsetOf(int start) {
        return flushedPos + start;
    }

    // ---- state --------------------------------------------------------------------------------

    Generation generation() {
        return gen;
    }

    boolean closed() {
        return closed;
    }

    long appendPos() {
        return appendPos;
    }

    long flushedPos() {
        return flushedPos;
    }

    /** Fsyncs done by group-commit leaders (tests). */
    long groupFsyncs() {
        return committer.fsyncs();
    }

    ClosedException closedException() {
        return new ClosedException("database " + files.dir + " is closed");
    }

    void checkWritable() {
        if (closed) {
            throw closedException();
        }
        if (readOnly) {
            throw new UnsupportedFeatureException("database " + files.dir + " was opened read-only");
        }
        IOException f = failure;
        if (f != null) {
            throw new SynaIOException("database " + files.dir + " stopped writing after an I/O error (" + f.getMessage()
                    + "); close and reopen it to recover", f);
        }
    }

    boolean failed() {
        return failure != null;
    }

    /** Microseconds since the epoch, never less than the last value it returned. Lock held. */
    long clock() {
        Instant now = Instant.now();
        long us = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        if (us < lastTimestamp) {
            us = lastTimestamp;
        }
        lastTimestamp = us;
        return us;
    }

    // ---- appending ----------------------------------------------------------------------------

    private ScheduledExecutorService startFlusher() {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "syna-log-flusher " + files.dir.getFileName());
            t.setDaemon(true);
            return t;
        });
        s.scheduleWithFixedDelay(this::backgroundFlush, FLUSH_INTERVAL_MS, FLUSH_INTERVAL_MS, TimeUnit.MILLISECONDS);
        return s;
    }

    /** NONE: hands buffered records to the OS a few milliseconds after they were written. */
    private void backgroundFlush() {
        if (appendPos == flushedPos || !lock.tryLock()) {
            return;
        }
        try {
            if (!closed && failure == null) {
                flush(gen);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "log {0}: background flush failed: {1}", files.log, e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    /** Ends a unit whose records are in {@link #out}: buffered (NONE) or handed to the OS (and forced: ALWAYS). */
    private void commitAppend(Generation g, boolean mustFlush) {
        appendPos = flushedPos + out.size();
        if (durability != Durability.NONE || mustFlush || out.size() >= FLUSH_AT) {
            flush(g);
        }
        if (durability == Durability.ALWAYS) {
            try {
                g.channel().force(false);
            } catch (IOException e) {
                failure = e;
                throw new SynaIOException("fsync of " + files.log + " failed: " + e.getMessage(), e);
            }
        }
    }

    /** Writes {@link #out} at {@link #flushedPos}; on failure stops all later writes. Lock held. */
    void flush(Generation g) {
        if (out.size() == 0) {
            return;
        }
        long at = flushedPos;
        try {
            out.writeTo(g.channel(), at);
        } catch (IOException e) {
            failure = e;
            throw new SynaIOException("write to " + files.log + " at offset " + at + " failed: " + e.getMessage(), e);
        }
        flushedPos = at + out.size();
        out.reset();
    }

    /**
     * Appends a record whose value comes straight from {@code value} (a large off-heap segment):
     * flushes the buffer, then writes the header and key from {@link #out} and the value from the
     * segment, CRC32C computed over both without copying the value to the heap. The record is in the
     * file, not the buffer, when this returns; its offset is returned. Lock held.
     */
    long appendDirect(Generation g, int kind, int spaceId, byte[] key, long ts, java.lang.foreign.MemorySegment value) {
        flush(g);
        int start = out.beginRecord(kind, 0, spaceId, key, ts);
        int headLen = out.size() - start;
        long length = headLen + value.byteSize();
        RecordBuffer.INT.set(out.array(), start + 4, (int) length);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(out.array(), start + 4, headLen - 4);
        crc.update(value.asByteBuffer());
        RecordBuffer.INT.set(out.array(), start, (int) crc.getValue());
        long at = flushedPos;
        try {
            RecordBuffer.writeFully(g.channel(), ByteBuffer.wrap(out.array(), start, headLen), at);
            RecordBuffer.writeFully(g.channel(), value.asByteBuffer(), at + headLen);
        } catch (IOException e) {
            failure = e;
            out.truncate(start);
            throw new SynaIOException("write to " + files.log + " at offset " + at + " failed: " + e.getMessage(), e);
        }
        out.reset();
        flushedPos = at + length;
        appendPos = flushedPos;
        return at;
    }

    /** A reader needs a record that is still buffered: hand the buffer to the OS (rare; NONE only). */
    void flushForRead(long offset) {
        lock.lock();
        try {
            if (offset >= flushedPos && !closed) {
                flush(gen);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Forces every acknowledged write to stable storage. */
    void sync() {
        lock.lock();
        try {
            if (closed) {
                throw closedException();
            }
            if (readOnly) {
                return;
            }
            checkWritable();
            Generation g = gen;
            flush(g);
            g.channel().force(false);
        } catch (IOException e) {
            throw new SynaIOException("fsync of " + files.log + " failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Flushes the buffer for a reader of the whole file (verify); returns the end it covers. */
    long flushForScan() {
        lock.lock();
        try {
            if (closed) {
                throw closedException();
            }
            if (!readOnly && failure == null) {
                flush(gen);
            }
            return flushedPos;
        } finally {
            lock.unlock();
        }
    }

    /** Compaction: the new generation took over, forced up to {@code end}. Lock held. */
    void swap(Generation next, long end) {
        gen = next;
        appendPos = end;
        flushedPos = end;
        committer.newEpoch(end);
    }

    /** Stops the flusher, flushes and forces; the caller closes the channels. Lock held. Idempotent. */
    boolean close() {
        if (closed) {
            return false;
        }
        closed = true;
        if (flusher != null) {
            flusher.shutdownNow();
        }
        Generation g = gen;
        if (!readOnly && failure == null) {
            try {
                flush(g);
                g.channel().force(true);
            } catch (IOException | SynaIOException e) {
                LOG.log(System.Logger.Level.WARNING, "log {0}: flush or fsync on close failed: {1}", files.log,
                        e.getMessage());
            }
        }
        return true;
    }
}
