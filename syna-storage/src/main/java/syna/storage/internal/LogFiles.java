package syna.storage.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.UUID;
import syna.api.DatabaseLockedException;
import syna.api.spi.format.FileHeader;
import syna.api.spi.format.SealedFiles;

/**
 * The files of one database directory: {@code data.log} (the log), {@code LOCK} (held while open),
 * {@code data.log.new} (a log being created), {@code data.log.compacting} (a compaction's output
 * before its rename), {@code data.log.ckpt} (a checkpoint of the index, see {@link CheckpointFile}),
 * {@code data.log.ckpt.tmp} (a checkpoint being written) and {@code data.log.damaged-<millis>}
 * (copies kept by salvage). Stateless apart from the paths; thread-safe.
 */
final class LogFiles {
    static final String LOG = "data.log";

    final Path dir;
    final Path log;
    final Path lock;
    final Path creating;
    final Path compacting;
    final Path checkpoint;
    final Path checkpointTemp;

    LogFiles(Path dir) {
        this.dir = dir;
        this.log = dir.resolve(LOG);
        this.lock = dir.resolve("LOCK");
        this.creating = dir.resolve(LOG + ".new");
        this.compacting = dir.resolve(LOG + ".compacting");
        this.checkpoint = dir.resolve(LOG + ".ckpt");
        this.checkpointTemp = dir.resolve(LOG + ".ckpt.tmp");
    }

    /** The lock channel and lock, closed together. */
    record Held(FileChannel channel, FileLock lock) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (channel == null) {
                return; // a read-only snapshot holds no lock
            }
            try {
                if (lock.isValid()) {
                    lock.release();
                }
            } finally {
                channel.close();
            }
        }
    }

    /** Takes the directory's lock; another process or handle holding it gives {@link DatabaseLockedException}. */
    Held lock(boolean shared) throws IOException {
        if (shared) {
            // Read-only opens take no lock: they read a snapshot of the log as it is at open, beside a
            // writer in another process if there is one (its unfinished tail is ignored, not cut).
            return new Held(null, null);
        }
        FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock(0, Long.MAX_VALUE, shared);
        } catch (OverlappingFileLockException e) {
            ch.close();
            throw new DatabaseLockedException("database " + dir + " is already open in this JVM (lock " + lock + ")", e);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (l == null) {
            ch.close();
            throw new DatabaseLockedException("database " + dir + " is open in another process (lock " + lock
                    + " is held); close it there first");
        }
        return new Held(ch, l);
    }

    /** Removes leftovers of an interrupted creation or compaction; the log itself is authoritative. */
    void removeLeftovers() throws IOException {
        Files.deleteIfExists(creating);
        Files.deleteIfExists(compacting);
        Files.deleteIfExists(checkpointTemp);
    }

    /** Creates an empty log atomically: header to a temporary file, force, rename, force the directory. */
    void create(UUID databaseId, int formatVersion, EngineHooks.ChannelOpener opener) throws IOException {
        try (FileChannel ch = opener.open(creating, EnumSet.of(StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))) {
            FileHeader.of(RecordFormat.KIND, LogStorageEngineProvider.NAME, formatVersion, databaseId).writeTo(ch);
            ch.force(true);
        }
        moveAtomically(creating, log);
        SealedFiles.syncDirectory(dir);
    }

    static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Copies the log aside before salvage rewrites it; returns the copy. */
    Path keepDamagedCopy() throws IOException {
        Path copy = dir.resolve(LOG + ".damaged-" + System.currentTimeMillis());
        Files.copy(log, copy, StandardCopyOption.COPY_ATTRIBUTES);
        SealedFiles.syncDirectory(dir);
        return copy;
    }
}
