package syna.storage.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import syna.api.SynaException;
import syna.api.spi.format.FileHeader;

/**
 * Writes the checkpoints of one open log ({@link CheckpointFile}): at close, on request, and after
 * every {@code max(checkpointEvery, 4 × the last checkpoint's size)} bytes of log (so a checkpoint
 * never costs more than a quarter of the log written between two of them, and recovery after a crash
 * scans at most that much log). A checkpoint takes the writer lock only to hand the NONE buffer to the
 * OS and note the end and the key spaces; the keys are read from their published views without the
 * lock (entries at or past the end are left out), the log is forced up to the end and the file is
 * written, all on a background thread (or in the writing thread after its write, when the hooks turn
 * background work off), so writers do not stall.
 *
 * <p>Compaction deletes the checkpoint before it renames the new log into place and resets the
 * covered end; {@link #fileLock} keeps a checkpoint of the old log from being renamed in after that.
 * A failed checkpoint is logged and leaves the previous one, which is still valid, in place.
 * Thread-safe.
 */
final class Checkpointer {
    private static final System.Logger LOG = System.getLogger(Checkpointer.class.getName());
    /** Default log bytes between two periodic checkpoints. */
    static final long DEFAULT_EVERY = 64L << 20;

    private final LogFiles files;
    private final EngineHooks hooks;
    private final UUID databaseId;
    private final LogWriter writer;
    /** Offset of the first record and CRC32C of the header of the current log (compaction replaces both). */
    private volatile long logStart;
    private volatile int logHeaderCrc;
    /** Held while a checkpoint file is written or deleted; taken after the writer lock, never before it. */
    final ReentrantLock fileLock = new ReentrantLock();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ExecutorService background;
    /** Log end the checkpoint on disk covers, or {@link #logStart} when there is none. */
    private volatile long coveredEnd;
    /** Bytes of the last checkpoint written. */
    private volatile long lastSize;
    private volatile long written;

    Checkpointer(LogFiles files, EngineHooks hooks, UUID databaseId, LogWriter writer, long logStart, int logHeaderCrc,
            long coveredEnd, boolean readOnly) {
        this.files = files;
        this.hooks = hooks;
        this.databaseId = databaseId;
        this.writer = writer;
        this.logStart = logStart;
        this.logHeaderCrc = logHeaderCrc;
        this.coveredEnd = coveredEnd < 0 ? logStart : coveredEnd;
        this.background = readOnly || !hooks.backgroundFlush() || hooks.checkpointEvery() == 0 ? null
                : Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "syna-checkpoint " + files.dir.getFileName());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Log end the checkpoint on disk covers (the log's start when there is none). */
    long coveredEnd() {
        return coveredEnd;
    }

    /** Checkpoints written by this handle (tests). */
    long written() {
        return written;
    }

    /** After a write, outside the writer lock: starts a checkpoint when enough log was written since the last. */
    void afterWrite(long appendPos) {
        long every = hooks.checkpointEvery();
        if (every == 0 || appendPos - coveredEnd < Math.max(every, 4 * lastSize) || !pending.compareAndSet(false, true)) {
            return;
        }
        if (background == null) {
            runPending();
            return;
        }
        try {
            background.execute(this::runPending);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.set(false); // closing
        }
    }

    private void runPending() {
        try {
            checkpoint();
        } finally {
            pending.set(false);
        }
    }

    /** Writes a checkpoint of the log as it is now; returns whether one was written. Takes the writer lock briefly. */
    boolean checkpoint() {
        CheckpointFile.Snapshot s;
        writer.lock.lock();
        try {
            if (writer.closed() || writer.failed()) {
                return false;
            }
            Generation g = writer.generation();
            writer.flush(g);
            s = capture(g, writer.flushedPos());
        } catch (SynaException e) {
            LOG.log(System.Logger.Level.WARNING, "log {0}: checkpoint skipped: {1}", files.log, e.getMessage());
            return false;
        } finally {
            writer.lock.unlock();
        }
        return write(s);
    }

    /** At close, writer lock held, the log flushed and forced: the final checkpoint, unless nothing changed. */
    void atClose() {
        try {
            if (writer.failed()) {
                return;
            }
            write(capture(writer.generation(), writer.flushedPos()));
        } finally {
            if (background != null) {
                background.shutdown(); // no interrupt: it would close the log channel under a running checkpoint
            }
        }
    }

    /** Waits for a background checkpoint that is still running (after close released the writer lock). */
    void awaitBackground() {
        if (background == null) {
            return;
        }
        try {
            if (!background.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "log {0}: background checkpoint still running after close",
                        files.log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Key spaces and counters of {@code g}, which covers the log up to {@code end}. Writer lock held. */
    private static CheckpointFile.Snapshot capture(Generation g, long end) {
        List<Space> spaces = new ArrayList<>();
        spaces.add(g.spaces().user);
        List<Space> namespaces = g.spaces().namespaces();
        namespaces.sort(Comparator.comparingInt(s -> s.id));
        spaces.addAll(namespaces);
        return new CheckpointFile.Snapshot(g, end, spaces, g.spaces().maxId(), g.codecs().names());
    }

    private boolean write(CheckpointFile.Snapshot s) {
        fileLock.lock();
        try {
            if (writer.generation() != s.generation() || s.end() <= coveredEnd && Files.exists(files.checkpoint)) {
                return false; // compacted meanwhile (the snapshot describes a replaced log), or nothing new
            }
            long t0 = System.nanoTime();
            s.generation().channel().force(false); // the checkpoint never covers bytes a power loss can take
            int tail = CheckpointFile.tailLength(s.end(), logStart);
            int tailCrc = CheckpointFile.tailCrc(s.generation().channel(), s.end(), tail);
            long size = CheckpointFile.write(files, hooks.opener()::open, databaseId, s, logHeaderCrc, tail, tailCrc);
            coveredEnd = s.end();
            lastSize = size;
            written++;
            LOG.log(System.Logger.Level.DEBUG, "log {0}: checkpoint of {1} bytes covers the log up to offset {2}"
                    + " ({3} ms)", files.log, Long.toString(size), Long.toString(s.end()),
                    Long.toString((System.nanoTime() - t0) / 1_000_000));
            return true;
        } catch (IOException | SynaException e) {
            LOG.log(System.Logger.Level.WARNING, "log {0}: checkpoint failed, the previous one (if any) stays: {1}",
                    files.log, e.getMessage());
            return false;
        } finally {
            fileLock.unlock();
        }
    }

    /**
     * Compaction, writer lock and {@link #fileLock} held, before the new log is renamed in: deletes the
     * checkpoint of the old log.
     */
    void invalidate() throws IOException {
        Files.deleteIfExists(files.checkpoint);
        lastSize = 0;
    }

    /**
     * Compaction swapped in a new log (writer lock and {@link #fileLock} held): nothing of it is
     * covered yet, so the next write past the interval checkpoints it.
     */
    void swapped(Generation next) throws IOException {
        int start = FileHeader.lengthInFile(next.channel());
        logHeaderCrc = CheckpointFile.headerCrc(next.channel(), start);
        logStart = start;
        coveredEnd = start;
    }
}
