package syna.api.spi.format;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.Arrays;

/**
 * A file channel that survives the interrupt of a thread using it. A {@link FileChannel} is closed for
 * every thread when one thread is interrupted during an operation on it ({@link
 * java.nio.channels.ClosedByInterruptException}); for a database that is the whole process's log: an
 * application's {@code Future.cancel(true)} or {@code shutdownNow()} of a thread that was writing or
 * reading would stop every later write of the database until it is reopened. This channel delegates to a
 * plain one and, when an operation finds it closed while this channel is open (the interrupted thread, and
 * any other thread that was using it then), opens the file again and repeats the operation, which is
 * idempotent here: positional reads and writes repeat at the same position with the buffer as it was,
 * and relative ones are positional ones at a position this channel keeps. The interrupted thread gets
 * its interrupt status back once the operation succeeded, so the interrupt is still seen by the code
 * that asked for it. Maps made before
 * a reopen stay valid (a mapping does not depend on the channel that made it). Locks are not supported:
 * a reopen would lose them (lock a separate lock file with a plain channel, as the engines do). Thread-safe.
 *
 * <p>Every engine file of Syna is opened this way (the log, its checkpoint and compaction files, the
 * memory-mapped vector store); a plugin that keeps files of its own can do the same.
 */
public final class InterruptSafeChannel extends FileChannel {
    /**
     * Attempts of one operation before its failure is thrown: every failed attempt is some thread's new
     * interrupt (or this channel's close, which ends the loop at once), so only an endless storm of
     * interrupts reaches it.
     */
    private static final int ATTEMPTS = 1_000;

    private final Path path;
    private final Opener opener;
    /** The options of a reopen: those of the first open without the ones that create or truncate. */
    private final Set<OpenOption> reopen;
    private volatile FileChannel inner;

    /** Opens a plain channel: {@link FileChannel#open(Path, Set, java.nio.file.attribute.FileAttribute[])}, or a test's. */
    @FunctionalInterface
    public interface Opener {
        /** Opens {@code path} with {@code options}. */
        FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException;
    }

    private InterruptSafeChannel(Path path, Opener opener, Set<OpenOption> reopen, FileChannel inner) {
        this.path = path;
        this.opener = opener;
        this.reopen = reopen;
        this.inner = inner;
    }

    /**
     * Opens {@code path} with {@code options} (as {@link FileChannel#open(Path, OpenOption...)}) as a channel
     * that survives interrupts.
     */
    public static FileChannel open(Path path, OpenOption... options) throws IOException {
        return open(path, new HashSet<>(Arrays.asList(options)), FileChannel::open);
    }

    /**
     * Opens {@code path} with {@code options} through {@code opener} (for this and every reopen).
     *
     * @throws IllegalArgumentException for {@link StandardOpenOption#APPEND}: relative writes are positional
     *     ones here, which an append-mode file leaves unspecified
     */
    public static FileChannel open(Path path, Set<? extends OpenOption> options, Opener opener) throws IOException {
        if (options.contains(StandardOpenOption.APPEND)) {
            throw new IllegalArgumentException("APPEND is not supported by an interrupt-safe channel: " + path);
        }
        Set<OpenOption> again = new HashSet<>(options);
        again.removeAll(EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.DELETE_ON_CLOSE));
        return new InterruptSafeChannel(path, opener, Set.copyOf(again), opener.open(path, options));
    }

    /** One operation on the current plain channel. */
    @FunctionalInterface
    private interface Op<T> {
        T run(FileChannel ch) throws IOException;
    }

    /**
     * Runs {@code op}, again on a reopened channel when it found the channel closed while this one is
     * open; {@code undo} puts back what a failed attempt may have changed (a buffer's position).
     */
    private <T> T retry(Op<T> op, Runnable undo) throws IOException {
        boolean interrupted = false;
        try {
            for (int attempt = 1; ; attempt++) {
                FileChannel ch = inner;
                try {
                    return op.run(ch);
                } catch (ClosedChannelException e) {
                    if (!isOpen() || attempt == ATTEMPTS) {
                        throw e;
                    }
                    interrupted |= Thread.interrupted(); // else the next attempt is interrupted at once
                    undo.run();
                    reopen(ch);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Replaces {@code closed} with a new channel of the same file, unless another thread did already. */
    private synchronized void reopen(FileChannel closed) throws IOException {
        if (inner == closed && !closed.isOpen() && isOpen()) {
            inner = opener.open(path, reopen);
        }
    }

    private static Runnable positionOf(ByteBuffer b) {
        int p = b.position();
        return () -> b.position(p);
    }

    /**
     * Relative reads and writes are positional ones at {@link #position}, which this channel keeps itself
     * (a reopened plain channel would start at 0), one at a time as the {@code FileChannel} contract says.
     */
    private long position;

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        int n = read(dst, position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public synchronized long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            while (dsts[i].hasRemaining()) {
                int n = read(dsts[i], position);
                if (n <= 0) {
                    return total == 0 && n < 0 ? -1 : total;
                }
                position += n;
                total += n;
            }
        }
        return total;
    }

    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
        int n = write(src, position);
        position += n;
        return n;
    }

    @Override
    public synchronized long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            while (srcs[i].hasRemaining()) {
                int n = write(srcs[i], position);
                position += n;
                total += n;
            }
        }
        return total;
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return retry(ch -> ch.read(dst, position), positionOf(dst));
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        return retry(ch -> ch.write(src, position), positionOf(src));
    }

    @Override
    public synchronized long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public synchronized FileChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public long size() throws IOException {
        return retry(FileChannel::size, () -> {});
    }

    @Override
    public synchronized FileChannel truncate(long size) throws IOException {
        retry(ch -> ch.truncate(size), () -> {});
        position = Math.min(position, size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        retry(ch -> {
            ch.force(metaData);
            return null;
        }, () -> {});
    }

    /** Not repeated after an interrupt (the other channel's position may have moved). */
    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return inner.transferTo(position, count, target);
    }

    /** Not repeated after an interrupt (the other channel's position may have moved). */
    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return inner.transferFrom(src, position, count);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return retry(ch -> ch.map(mode, position, size), () -> {});
    }

    @Override
    public MemorySegment map(MapMode mode, long offset, long size, Arena arena) throws IOException {
        return retry(ch -> ch.map(mode, offset, size, arena), () -> {});
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) {
        throw new UnsupportedOperationException("locks would not survive a reopen after an interrupt");
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) {
        throw new UnsupportedOperationException("locks would not survive a reopen after an interrupt");
    }

    @Override
    protected void implCloseChannel() throws IOException {
        synchronized (this) {
            inner.close();
        }
    }
}
