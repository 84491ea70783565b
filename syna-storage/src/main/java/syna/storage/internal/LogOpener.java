package syna.storage.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import syna.api.DatabaseNotFoundException;
import syna.api.DatabaseOptions;
import syna.api.HistoryRetention;
import syna.api.InvalidPathException;
import syna.api.SynaIOException;
import syna.api.VerifyReport;
import syna.api.spi.CodecProvider;
import syna.api.spi.Providers;
import syna.api.spi.ValueCodec;
import syna.api.spi.format.FileHeader;

/**
 * Opens a log database: checks the directory, takes the lock, creates the log when asked, reads
 * the header, runs {@link Recovery}, cuts a torn tail, and rewrites a salvaged log. An open that
 * fails leaves no trace: a directory, log or lock file it created is removed again, so the next open
 * does not find an empty database where there was none. Stateless.
 */
final class LogOpener {
    private static final System.Logger LOG = System.getLogger(LogOpener.class.getName());

    private LogOpener() {}

    static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "close failed while failing to open", e);
            }
        }
    }

    /** Opens or creates the database {@code options} describe. */
    static LogDatabase open(DatabaseOptions options, EngineHooks hooks) {
        Path dir = options.path();
        LogFiles files = new LogFiles(dir);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidPathException("database path " + dir + " is not a directory");
        }
        // Every provider the options name is found before anything is created on disk.
        ValueCodec codec = "none".equals(options.codec())
                ? null
                : Providers.get(CodecProvider.class, options.codec()).codec();
        boolean createdDir = false;
        boolean newLog = !Files.exists(files.log);
        if (newLog) {
            if (!options.createIfMissing() || options.readOnly()) {
                throw new DatabaseNotFoundException("no database in " + dir + " (no " + LogFiles.LOG
                        + ") and " + (options.readOnly() ? "it was opened read-only" : "createIfMissing is false"));
            }
            createdDir = !Files.exists(dir);
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new InvalidPathException("cannot create database directory " + dir + ": " + e.getMessage(), e);
            }
        }
        boolean lockExisted = Files.exists(files.lock);
        LogFiles.Held held;
        try {
            held = files.lock(options.readOnly());
        } catch (IOException | RuntimeException e) {
            undo(files, createdDir, newLog, lockExisted, e);
            if (e instanceof IOException io) {
                throw new SynaIOException("cannot lock database " + dir + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
        FileChannel ch = null;
        LogDatabase db = null;
        try {
            if (!options.readOnly()) {
                files.removeLeftovers();
                if (!Files.exists(files.log)) {
                    files.create(UUID.randomUUID(), RecordFormat.FORMAT_VERSION, hooks.opener());
                }
            }
            ch = hooks.opener().open(files.log, options.readOnly()
                    ? EnumSet.of(StandardOpenOption.READ)
                    : EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
            FileHeader header = FileHeader.read(ch, files.log)
                    .expect(files.log, RecordFormat.KIND, LogStorageEngineProvider.NAME, RecordFormat.FORMAT_VERSION);
            int start = FileHeader.lengthInFile(ch);
            long size = ch.size();
            int headerCrc = CheckpointFile.headerCrc(ch, start);
            Recovery.Result r = fromCheckpoint(files, ch, header, headerCrc, start, size, options);
            boolean fromCheckpoint = r != null;
            if (r == null) {
                r = Recovery.run(ch, files.log, start, size, options.salvage(), header.formatVersion());
            }
            if (r.validEnd() < size) {
                if (options.readOnly()) {
                    LOG.log(System.Logger.Level.WARNING, "log {0}: ignoring {1} bytes of torn tail at offset {2}"
                            + " (read-only, file left as is)", files.log, Long.toString(size - r.validEnd()),
                            Long.toString(r.validEnd()));
                } else {
                    ch.truncate(r.validEnd());
                    ch.force(true);
                    LOG.log(System.Logger.Level.WARNING, "log {0}: dropped {1} bytes of torn tail at offset {2}"
                            + " (incomplete record or uncommitted batch)", files.log,
                            Long.toString(size - r.validEnd()), Long.toString(r.validEnd()));
                }
            }
            if (header.formatVersion() < RecordFormat.FORMAT_VERSION && !options.readOnly()) {
                LOG.log(System.Logger.Level.INFO, "log {0} is in format {1}; it is written in that format until a"
                        + " compaction upgrades it to format {2} (namespaces need format 2)", files.log,
                        Integer.toString(header.formatVersion()), Integer.toString(RecordFormat.FORMAT_VERSION));
            }
            Generation g = new Generation(ch, r.codecs(), header.formatVersion(), r.spaces());
            RecordEncoder encoder = new RecordEncoder(options.codec(), codec, options.compressionThreshold());
            LogWriter writer = new LogWriter(files, options.durability(), options.readOnly(), hooks.backgroundFlush(),
                    encoder, g, r.validEnd());
            Checkpointer checkpointer = new Checkpointer(files, hooks, header.databaseId(), writer, start, headerCrc,
                    fromCheckpoint ? r.checkpointEnd() : -1, options.readOnly());
            if (!options.readOnly()) {
                writer.checkpointer(checkpointer);
            }
            db = new LogDatabase(options, files, hooks, header.databaseId(), held, writer, checkpointer,
                    fromCheckpoint ? r.checkpointEnd() : -1);
            if (r.validEnd() < size) {
                db.tornTail(new VerifyReport.TornTail(files.log, r.validEnd(), size - r.validEnd(), !options.readOnly()));
            }
            if (!r.damaged().isEmpty()) {
                salvaged(db, files, options, r.damaged());
            }
            return db;
        } catch (IOException | RuntimeException e) {
            if (db != null) {
                db.close();
            } else {
                closeQuietly(ch);
                closeQuietly(held);
            }
            undo(files, createdDir, newLog, lockExisted, e);
            if (e instanceof IOException io) {
                throw new SynaIOException("cannot open database " + dir + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * The index from the checkpoint and the log after it, or null when there is no usable checkpoint
     * (then the caller scans the whole log). A checkpoint that is damaged, of another log or of bytes
     * the log no longer holds is logged as a WARNING and deleted (left as is when read-only); so is one
     * whose tail scan fails, in which case the full scan decides (and reports real damage). A missing
     * one is a WARNING when the log is at least the checkpoint interval long, else DEBUG.
     */
    private static Recovery.Result fromCheckpoint(LogFiles files, FileChannel ch, FileHeader header, int headerCrc,
            int start, long size, DatabaseOptions options) throws IOException {
        if (size == start && !Files.exists(files.checkpoint)) {
            return null; // an empty log: nothing to scan, nothing to say
        }
        CheckpointFile.Loaded loaded;
        try {
            loaded = CheckpointFile.load(files, ch, header.databaseId(), header.formatVersion(), headerCrc, start, size);
        } catch (CheckpointFile.Rejected e) {
            // No checkpoint at all is worth a WARNING only where the full scan costs something: a log
            // written before checkpoints existed, or a crash before the first one, is otherwise normal.
            boolean quiet = e.missing() && size < Checkpointer.DEFAULT_EVERY;
            rejected(files, options, e.getMessage(),
                    quiet ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING);
            return null;
        }
        try {
            Recovery.Result r = Recovery.resume(ch, files.log, loaded, size, options.salvage(), header.formatVersion());
            LOG.log(System.Logger.Level.DEBUG, "log {0}: opened from its checkpoint ({1} keys up to offset {2}),"
                    + " scanned {3} bytes after it", files.log, Long.toString(loaded.keys()),
                    Long.toString(loaded.end()), Long.toString(size - loaded.end()));
            return r;
        } catch (RuntimeException e) {
            rejected(files, options, "the log after the checkpoint's end " + loaded.end() + " does not continue it: "
                    + e.getMessage(), System.Logger.Level.WARNING);
            return null;
        }
    }

    private static void rejected(LogFiles files, DatabaseOptions options, String reason, System.Logger.Level level)
            throws IOException {
        LOG.log(level, "log {0}: not using the checkpoint ({1}); scanning the whole log{2}",
                files.log, reason, options.readOnly() ? " (read-only, checkpoint left as is)" : "");
        if (!options.readOnly()) {
            Files.deleteIfExists(files.checkpoint); // never applied later, after writes made the log long enough again
        }
    }

    /** Removes what a failed open created: the log it made, its lock file, its directory. */
    private static void undo(LogFiles files, boolean createdDir, boolean newLog, boolean lockExisted, Exception cause) {
        try {
            if (newLog) {
                Files.deleteIfExists(files.log);
                Files.deleteIfExists(files.creating);
            }
            if (!lockExisted) {
                Files.deleteIfExists(files.lock);
            }
            if (createdDir) {
                Files.deleteIfExists(files.dir);
            }
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static void salvaged(LogDatabase db, LogFiles files, DatabaseOptions options, List<String> damaged)
            throws IOException {
        if (options.readOnly()) {
            LOG.log(System.Logger.Level.WARNING, "log {0}: salvage skipped damaged ranges (read-only, file left as is):"
                    + " {1}", files.log, damaged);
            return;
        }
        Path copy = files.keepDamagedCopy();
        LOG.log(System.Logger.Level.WARNING, "log {0}: salvaged; damaged ranges {1} dropped; original kept as {2};"
                + " rewriting the log from the valid records", files.log, damaged, copy);
        db.compact(HistoryRetention.all());
    }
}
