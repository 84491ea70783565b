package syna.storage.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import syna.api.Atom;
import syna.api.CompactionResult;
import syna.api.Database;
import syna.api.DatabaseOptions;
import syna.api.DatabaseStats;
import syna.api.HistoryRetention;
import syna.api.Namespace;
import syna.api.Progress;
import syna.api.SynaIOException;
import syna.api.VerifyReport;

/**
 * The log engine's {@link Database}: the user keys (a {@link LogKeySpace}), the namespaces'
 * handles, and maintenance. Writes go through the {@link LogWriter}; readers take the current
 * {@link Generation} and a key's published {@link HistoryView} and never lock. Opening and salvage
 * live in {@link LogOpener}, the compaction swap in {@link Compactor}. Concurrent reads, one writer.
 */
final class LogDatabase extends LogKeySpace implements Database {
    private static final System.Logger LOG = System.getLogger(LogDatabase.class.getName());

    private final DatabaseOptions options;
    private final LogFiles files;
    private final EngineHooks hooks;
    private final UUID databaseId;
    private final LogFiles.Held lock;
    private final LogWriter writer;
    /** Held by a compaction from its snapshot to its swap: one at a time. */
    private final java.util.concurrent.locks.ReentrantLock compactionLock = new java.util.concurrent.locks.ReentrantLock();
    private final Checkpointer checkpointer;
    /** End of the checkpoint this open loaded, or -1 when it scanned the whole log (tests, diagnostics). */
    private final long openedFromCheckpoint;
    private final List<FileChannel> retired = new ArrayList<>();
    private final ConcurrentHashMap<String, LogNamespace> handles = new ConcurrentHashMap<>();
    /** An unfinished write found at the end of the file on open, or null; reported by {@link #verify}. */
    private volatile VerifyReport.TornTail tornTail;

    LogDatabase(DatabaseOptions options, LogFiles files, EngineHooks hooks, UUID databaseId, LogFiles.Held lock,
            LogWriter writer, Checkpointer checkpointer, long openedFromCheckpoint) {
        this.checkpointer = checkpointer;
        this.openedFromCheckpoint = openedFromCheckpoint;
        this.options = options;
        this.files = files;
        this.hooks = hooks;
        this.databaseId = databaseId;
        this.lock = lock;
        this.writer = writer;
    }

    /** Records the torn tail the open found (cut, or left as is when read-only), for {@link #verify}. */
    void tornTail(VerifyReport.TornTail tail) {
        this.tornTail = tail;
    }

    /** Opens or creates the database {@code options} describe. */
    static LogDatabase open(DatabaseOptions options, EngineHooks hooks) {
        return LogOpener.open(options, hooks);
    }

    // ---- parts --------------------------------------------------------------------------------

    @Override
    LogDatabase db() {
        return this;
    }

    @Override
    Space readSpace(Generation g) {
        return g.spaces().user;
    }

    @Override
    WriteUnits.Target target() {
        return WriteUnits.USER;
    }

    @Override
    int maxKeyBytes() {
        return DatabaseOptions.MAX_KEY_BYTES;
    }

    @Override
    String describe() {
        return files.dir.toString();
    }

    @Override
    void checkUsable() {
        generation();
    }

    java.util.concurrent.locks.ReentrantLock compactionLock() {
        return compactionLock;
    }

    LogWriter writer() {
        return writer;
    }

    Checkpointer checkpointer() {
        return checkpointer;
    }

    /** End of the checkpoint this open continued from, or -1 when it scanned the whole log. */
    long openedFromCheckpoint() {
        return openedFromCheckpoint;
    }

    /**
     * Writes a checkpoint of the index now (tests; the engine checkpoints at close and periodically);
     * returns whether one was written.
     */
    boolean checkpoint() {
        if (options.readOnly()) {
            return false;
        }
        return checkpointer.checkpoint();
    }

    LogFiles files() {
        return files;
    }

    EngineHooks hooks() {
        return hooks;
    }

    UUID databaseId() {
        return databaseId;
    }

    /** The current generation; throws {@link syna.api.ClosedException} after close. */
    Generation generation() {
        if (writer.closed()) {
            throw writer.closedException();
        }
        return writer.generation();
    }

    /** Compaction: keeps the old file open for readers that still hold its generation. Writer lock held. */
    void retire(FileChannel old) {
        retired.add(old);
    }

    /** The value of the single-value record of {@code key} at {@code offset}. */
    Atom stored(Generation g, String key, long offset) {
        if (offset >= writer.flushedPos()) {
            writer.flushForRead(offset);
        }
        try {
            return StoredValues.read(g, files.log, offset);
        } catch (ClosedChannelException e) {
            throw writer.closedException();
        } catch (IOException e) {
            throw new SynaIOException("cannot read value of key '" + key + "' at offset " + offset + " of "
                    + files.log + ": " + e.getMessage(), e);
        }
    }

    /** The value of the BYTES record of {@code key} at {@code offset}, in a new array (one copy). */
    byte[] storedBytes(Generation g, String key, long offset) {
        if (offset >= writer.flushedPos()) {
            writer.flushForRead(offset);
        }
        try {
            return StoredValues.readBytes(g, files.log, offset);
        } catch (ClosedChannelException e) {
            throw writer.closedException();
        } catch (IOException e) {
            throw new SynaIOException("cannot read value of key '" + key + "' at offset " + offset + " of "
                    + files.log + ": " + e.getMessage(), e);
        }
    }

    /**
     * The bytes of the BYTES record of {@code key} at {@code offset} without a copy where the maps
     * hold it (uncompressed), else read into an automatic arena; with their CRC32C either way.
     */
    syna.api.BytesView storedView(Generation g, String key, long offset) {
        if (offset >= writer.flushedPos()) {
            writer.flushForRead(offset);
        }
        syna.api.BytesView v = StoredValues.view(g, files.log, offset);
        if (v != null) {
            return v;
        }
        MemorySegment s = storedBytes(g, key, offset, Arena.ofAuto());
        return new syna.api.BytesView(s.asReadOnly(), syna.api.spi.format.Checksums.crc32c(s, 0, s.byteSize()));
    }

    /** The bytes of the BYTES record of {@code key} at {@code offset}, in a segment of {@code arena}. */
    MemorySegment storedBytes(Generation g, String key, long offset, Arena arena) {
        if (offset >= writer.flushedPos()) {
            writer.flushForRead(offset);
        }
        try {
            return StoredValues.readBytes(g.channel(), files.log, offset, g.codecs(), arena);
        } catch (ClosedChannelException e) {
            throw writer.closedException();
        } catch (IOException e) {
            throw new SynaIOException("cannot read value of key '" + key + "' at offset " + offset + " of "
                    + files.log + ": " + e.getMessage(), e);
        }
    }

    // ---- namespaces ---------------------------------------------------------------------------

    @Override
    public Namespace namespace(String name) {
        Keys.encodeNamespace(name);
        Generation g = generation();
        LogNamespace h = handles.get(name);
        if (h != null && h.valid(g)) {
            return h;
        }
        WriteUnits.checkNamespaces(g, name);
        if (!options.readOnly() && g.spaces().named(name) == null) {
            writer.run(new WriteUnits.CreateNamespace(name));
        }
        return handles.compute(name, (n, old) -> {
            Generation now = generation();
            if (old != null && old.valid(now)) {
                return old;
            }
            Space s = now.spaces().named(n);
            return new LogNamespace(this, n, s == null ? -1 : s.id);
        });
    }

    @Override
    public List<String> namespaces() {
        List<String> names = new ArrayList<>();
        for (Space s : generation().spaces().namespaces()) {
            names.add(s.name);
        }
        names.sort(null);
        return names;
    }

    @Override
    public boolean dropNamespace(String name) {
        Keys.encodeNamespace(name);
        Generation g = generation();
        if (g.formatVersion() < 2) {
            return false;
        }
        return writer.run(new WriteUnits.DropNamespace(name, n -> {
            LogNamespace h = handles.remove(n);
            if (h != null) {
                h.dropped();
            }
        }));
    }

    // ---- maintenance --------------------------------------------------------------------------

    @Override
    public Path path() {
        return options.path();
    }

    @Override
    public DatabaseOptions options() {
        return options;
    }

    @Override
    public void sync() {
        writer.sync();
    }

    @Override
    public CompactionResult compact(HistoryRetention retention, Progress progress) {
        notNull(retention, "retention");
        notNull(progress, "progress");
        return Compactor.compactAndSwap(this, retention, progress);
    }

    @Override
    public VerifyReport verify(Progress progress) {
        notNull(progress, "progress");
        long end = writer.flushForScan();
        Generation g = writer.generation();
        try {
            VerifyReport report = Verifier.verify(g.channel(), files.log, end, progress);
            VerifyReport.TornTail t = tornTail;
            return t == null ? report : report.withTornTail(t);
        } catch (ClosedChannelException e) {
            throw writer.closedException();
        } catch (IOException e) {
            throw new SynaIOException("cannot verify " + files.log + ": " + e.getMessage(), e);
        }
    }

    @Override
    public DatabaseStats stats() {
        Generation g = generation();
        Spaces s = g.spaces();
        return new DatabaseStats(s.user.liveKeys(), s.user.index.size(), s.entries(), writer.appendPos(),
                options.durability(), LogStorageEngineProvider.NAME, options.codec(), g.formatVersion(),
                g.codecs().names(), s.namespaces().size(), s.namespaceLiveKeys());
    }

    /** Fsyncs done by group-commit leaders (tests). */
    long groupFsyncs() {
        return writer.groupFsyncs();
    }

    @Override
    public void close() {
        writer.lock.lock();
        try {
            if (!writer.close()) {
                return;
            }
            if (!options.readOnly()) {
                checkpointer.atClose(); // the log is flushed and forced: the next open scans nothing
            }
            LogOpener.closeQuietly(writer.generation().channel());
            retired.forEach(LogOpener::closeQuietly);
            LogOpener.closeQuietly(lock);
            handles.values().forEach(LogNamespace::dropped);
            handles.clear();
            clearAttachments();
        } finally {
            writer.lock.unlock();
        }
        checkpointer.awaitBackground();
        LOG.log(System.Logger.Level.DEBUG, "closed {0}", files.dir);
    }

    @Override
    public String toString() {
        return "LogDatabase[" + files.dir + ", " + options.durability() + (writer.closed() ? ", closed" : "") + "]";
    }
}
