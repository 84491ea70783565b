package syna.storage.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import syna.api.Atom;
import syna.api.ClosedException;
import syna.api.CompactionResult;
import syna.api.Database;
import syna.api.DatabaseNotFoundException;
import syna.api.DatabaseOptions;
import syna.api.DatabaseStats;
import syna.api.Durability;
import syna.api.HistoryEntry;
import syna.api.HistoryRetention;
import syna.api.InvalidArgumentException;
import syna.api.InvalidPathException;
import syna.api.KeyNotFoundException;
import syna.api.SynaIOException;
import syna.api.TypeMismatchException;
import syna.api.UnsupportedFeatureException;
import syna.api.ValueType;
import syna.api.VerifyReport;
import syna.api.WriteBatch;
import syna.api.spi.CodecProvider;
import syna.api.spi.Providers;
import syna.api.spi.ValueCodec;
import syna.api.spi.format.FileHeader;

/**
 * The log engine's {@link Database}: one writer appends records under {@link #writeLock}; readers
 * take the current {@link Generation} and a key's published {@link KeyHistory.View} and never
 * lock. Concurrent reads, one writer.
 */
final class LogDatabase implements Database {
    private static final System.Logger LOG = System.getLogger(LogDatabase.class.getName());
    /** NONE: buffered bytes that trigger a write to the OS. */
    static final int FLUSH_AT = 64 << 10;
    /** NONE: how long records may stay buffered in the process (the loss window on a process crash). */
    static final long FLUSH_INTERVAL_MS = 5;

    /**
     * One log file and the index of its records; compaction replaces it whole. {@code ordered} is a sorted view of the keys, built on the first
     * listing and then kept up to date by writers, so prefix listings visit only their range instead
     * of every key (and point reads keep the hash map's speed).
     */
    record Generation(FileChannel channel, KeyIndex index, CodecTable codecs,
            AtomicReference<ConcurrentSkipListSet<String>> ordered) {
        Generation(FileChannel channel, KeyIndex index, CodecTable codecs) {
            this(channel, index, codecs, new AtomicReference<>());
        }

        /** The history of {@code key}, created (and entered in the sorted view) when new. Writer only. */
        KeyHistory historyFor(String key) {
            KeyHistory h = index.getOrCreate(key);
            if (index.lastCreated()) {
                // After the index insert (a volatile store): a view published before this read gets
                // the key from us, one published after it finds the key in its scan of the index.
                ConcurrentSkipListSet<String> o = ordered.get();
                if (o != null) {
                    o.add(key);
                }
            }
            return h;
        }

        /** The sorted key view, built once. */
        ConcurrentSkipListSet<String> sortedKeys() {
            ConcurrentSkipListSet<String> o = ordered.get();
            if (o != null) {
                return o;
            }
            synchronized (this) {
                o = ordered.get();
                if (o == null) {
                    ConcurrentSkipListSet<String> fresh = new ConcurrentSkipListSet<>();
                    ordered.set(fresh); // publish first, then scan: writers after this add their own keys
                    index.forEach((k, h) -> fresh.add(k));
                    o = fresh;
                }
                return o;
            }
        }
    }

    private final DatabaseOptions options;
    private final LogFiles files;
    private final EngineHooks hooks;
    private final UUID databaseId;
    private final LogFiles.Held lock;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final RecordBuffer out = new RecordBuffer(1 << 16);
    private final RecordEncoder encoder;
    private final GroupCommitter committer;
    private final List<FileChannel> retired = new ArrayList<>();

    private volatile Generation gen;
    /** Logical end of the log: bytes in the file plus bytes still in {@link #out} (NONE only). */
    private volatile long appendPos;
    /** Bytes handed to the OS; {@link #out} holds the log from here to {@link #appendPos}. */
    private volatile long flushedPos;
    private final ScheduledExecutorService flusher;
    private volatile long liveKeys;
    private volatile long entries;
    private volatile boolean closed;
    private volatile IOException failure;
    private long lastTimestamp;

    private LogDatabase(DatabaseOptions options, LogFiles files, EngineHooks hooks, UUID databaseId,
            LogFiles.Held lock, Generation gen, long end, long liveKeys, long entries, ValueCodec codec) {
        this.options = options;
        this.files = files;
        this.hooks = hooks;
        this.databaseId = databaseId;
        this.lock = lock;
        this.gen = gen;
        this.appendPos = end;
        this.flushedPos = end;
        this.liveKeys = liveKeys;
        this.entries = entries;
        this.encoder = new RecordEncoder(options.codec(), codec, options.compressionThreshold());
        this.committer = new GroupCommitter(() -> this.gen.channel().force(false), () -> this.flushedPos, end);
        this.flusher = options.durability() == Durability.NONE && !options.readOnly() && hooks.backgroundFlush()
                ? startFlusher()
                : null;
    }

    // ---- open / close -------------------------------------------------------------------------

    /** Opens or creates the database {@code options} describe. */
    static LogDatabase open(DatabaseOptions options, EngineHooks hooks) {
        Path dir = options.path();
        LogFiles files = new LogFiles(dir);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidPathException("database path " + dir + " is not a directory");
        }
        ValueCodec codec = "none".equals(options.codec())
                ? null
                : Providers.get(CodecProvider.class, options.codec()).codec();
        if (!Files.exists(files.log)) {
            if (!options.createIfMissing() || options.readOnly()) {
                throw new DatabaseNotFoundException("no database in " + dir + " (no " + LogFiles.LOG
                        + ") and " + (options.readOnly() ? "it was opened read-only" : "createIfMissing is false"));
            }
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new InvalidPathException("cannot create database directory " + dir + ": " + e.getMessage(), e);
            }
        }
        LogFiles.Held held;
        try {
            held = files.lock(options.readOnly());
        } catch (IOException e) {
            throw new SynaIOException("cannot lock database " + dir + ": " + e.getMessage(), e);
        }
        FileChannel ch = null;
        try {
            if (!options.readOnly()) {
                files.removeLeftovers();
                if (!Files.exists(files.log)) {
                    files.create(UUID.randomUUID(), hooks.opener());
                }
            }
            ch = hooks.opener().open(files.log, options.readOnly()
                    ? EnumSet.of(StandardOpenOption.READ)
                    : EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
            FileHeader header = FileHeader.read(ch, files.log)
                    .expect(files.log, RecordFormat.KIND, LogStorageEngineProvider.NAME, RecordFormat.FORMAT_VERSION);
            long start = FileHeader.lengthInFile(ch);
            long size = ch.size();
            Recovery.Result r = Recovery.run(ch, files.log, start, size, options.salvage());
            if (r.validEnd() < size) {
                if (options.readOnly()) {
                    LOG.log(System.Logger.Level.WARNING, "log {0}: ignoring {1} bytes of torn tail at offset {2}"
                            + " (read-only, file left as is)", files.log, Long.toString(size - r.validEnd()), Long.toString(r.validEnd()));
                } else {
                    ch.truncate(r.validEnd());
                    ch.force(true);
                    LOG.log(System.Logger.Level.WARNING, "log {0}: dropped {1} bytes of torn tail at offset {2}"
                            + " (incomplete record or uncommitted batch)", files.log, Long.toString(size - r.validEnd()), Long.toString(r.validEnd()));
                }
            }
            Generation g = new Generation(ch, r.index(), r.codecs());
            LogDatabase db = new LogDatabase(options, files, hooks, header.databaseId(), held, g, r.validEnd(),
                    r.liveKeys(), r.entries(), codec);
            if (!r.damaged().isEmpty()) {
                try {
                    db.salvaged(r.damaged());
                } catch (IOException | RuntimeException e) {
                    db.close();
                    throw e;
                }
            }
            return db;
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            closeQuietly(held);
            if (e instanceof IOException io) {
                throw new SynaIOException("cannot open database " + dir + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    private void salvaged(List<String> damaged) throws IOException {
        if (options.readOnly()) {
            LOG.log(System.Logger.Level.WARNING, "log {0}: salvage skipped damaged ranges (read-only, file left as is): {1}",
                    files.log, damaged);
            return;
        }
        Path copy = files.keepDamagedCopy();
        LOG.log(System.Logger.Level.WARNING, "log {0}: salvaged; damaged ranges {1} dropped; original kept as {2};"
                + " rewriting the log from the valid records", files.log, damaged, copy);
        compact(HistoryRetention.all());
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "close failed while failing to open", e);
            }
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (flusher != null) {
                flusher.shutdownNow();
            }
            Generation g = gen;
            if (!options.readOnly() && failure == null) {
                try {
                    flush(g);
                    g.channel().force(true);
                } catch (IOException | SynaIOException e) {
                    LOG.log(System.Logger.Level.WARNING, "log {0}: flush or fsync on close failed: {1}", files.log,
                            e.getMessage());
                }
            }
            closeQuietly(g.channel());
            retired.forEach(LogDatabase::closeQuietly);
            closeQuietly(lock);
        } finally {
            writeLock.unlock();
        }
    }

    private Generation generation() {
        if (closed) {
            throw closedException();
        }
        return gen;
    }

    private ClosedException closedException() {
        return new ClosedException("database " + files.dir + " is closed");
    }

    @Override
    public Path path() {
        return options.path();
    }

    @Override
    public DatabaseOptions options() {
        return options;
    }

    // ---- writing ------------------------------------------------------------------------------

    private void checkWritable() {
        if (closed) {
            throw closedException();
        }
        if (options.readOnly()) {
            throw new UnsupportedFeatureException("database " + files.dir + " was opened read-only");
        }
        IOException f = failure;
        if (f != null) {
            throw new SynaIOException("database " + files.dir + " stopped writing after an I/O error (" + f.getMessage()
                    + "); close and reopen it to recover", f);
        }
    }

    private long clock() {
        Instant now = Instant.now();
        long us = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        if (us < lastTimestamp) {
            us = lastTimestamp;
        }
        lastTimestamp = us;
        return us;
    }

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
        if (appendPos == flushedPos || !writeLock.tryLock()) {
            return;
        }
        try {
            if (!closed && failure == null) {
                flush(gen);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "log {0}: background flush failed: {1}", files.log, e.getMessage());
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Ends an operation whose records were encoded into {@link #out}: NONE keeps them buffered
     * until the buffer fills, a value is too large to be served from memory, or the flusher runs;
     * GROUP and ALWAYS hand them to the OS now (ALWAYS also forces).
     */
    private void commitAppend(Generation g, boolean mustFlush) {
        appendPos = flushedPos + out.size();
        if (options.durability() != Durability.NONE || mustFlush || out.size() >= FLUSH_AT) {
            flush(g);
        }
        if (options.durability() == Durability.ALWAYS) {
            try {
                g.channel().force(false);
            } catch (IOException e) {
                failure = e;
                throw new SynaIOException("fsync of " + files.log + " failed: " + e.getMessage(), e);
            }
        }
    }

    /** Writes {@link #out} at {@link #flushedPos}; on failure stops all later writes. Write lock held. */
    private void flush(Generation g) {
        if (out.size() == 0) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(out.array(), 0, out.size());
        long at = flushedPos;
        try {
            while (b.hasRemaining()) {
                g.channel().write(b, at + b.position());
            }
        } catch (IOException e) {
            failure = e;
            throw new SynaIOException("write to " + files.log + " at offset " + at + " failed: " + e.getMessage(), e);
        }
        flushedPos = at + out.size();
        out.reset();
    }

    /** A reader needs a record that is still buffered: hand the buffer to the OS (rare; NONE only). */
    private void flushForRead(long offset) {
        writeLock.lock();
        try {
            if (offset >= flushedPos && !closed) {
                flush(gen);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void checkValue(String key, Atom value, byte[] text) {
        long size = ValueEncoding.rawSize(value, text);
        if (size > options.maxValueBytes()) {
            throw new InvalidArgumentException("value of key '" + key + "' is " + size + " bytes, over maxValueBytes "
                    + options.maxValueBytes());
        }
    }

    private void apply(Generation g, String key, long ts, Atom value, long offset) {
        KeyHistory h = g.historyFor(key);
        boolean wasLive = h.view().live();
        switch (value) {
            case Atom.Null n -> h.appendNull(ts);
            case Atom.Float64 f -> h.appendNumeric(ts, ValueType.FLOAT64, Double.doubleToRawLongBits(f.value()));
            case Atom.Int64 i -> h.appendNumeric(ts, ValueType.INT64, i.value());
            case Atom.Text t -> h.appendStored(ts, ValueType.TEXT, offset, cacheable(value, t.value().length() * 3L));
            case Atom.Bytes b -> h.appendStored(ts, ValueType.BYTES, offset, cacheable(value, b.length()));
            // Vectors are never cached: a vector store keeps the one resident copy (issue 11); gets read the file.
            case Atom.Vector v -> h.appendStored(ts, ValueType.VECTOR, offset, null);
        }
        h.publish();
        finish(wasLive, h, 1);
    }

    private static Atom cacheable(Atom value, long size) {
        return size <= RecordFormat.CACHE_LIMIT ? value : null;
    }

    /** Whether {@link #apply} keeps {@code value} in memory as the latest value (else it is read from the file). */
    private static boolean servedFromMemory(Atom value, byte[] text) {
        return switch (value) {
            case Atom.Text t -> t.value().length() * 3L <= RecordFormat.CACHE_LIMIT;
            case Atom.Bytes b -> b.length() <= RecordFormat.CACHE_LIMIT;
            case Atom.Vector v -> false;
            default -> true;
        };
    }

    private void finish(boolean wasLive, KeyHistory h, long added) {
        boolean live = h.view().live();
        if (live != wasLive) {
            liveKeys += live ? 1 : -1;
        }
        entries += added;
    }

    private void awaitDurable(long epoch, long end) {
        if (options.durability() == Durability.GROUP) {
            committer.awaitDurable(epoch, end);
        }
    }

    @Override
    public void put(String key, Atom value) {
        Keys.notNull(value, "value");
        byte[] k = Keys.encode(key);
        byte[] text = value instanceof Atom.Text t ? Keys.encodeText(key, t.value()) : null;
        checkValue(key, value, text);
        long epoch;
        long end;
        writeLock.lock();
        try {
            checkWritable();
            Generation g = gen;
            long ts = clock();
            encoder.prepareCodec(out, g.codecs(), ts); // stays even if encoding fails: the table has it now
            int base = out.size();
            long offset;
            try {
                offset = flushedPos + encoder.single(out, g.codecs(), k, ts, value, text, 0);
            } catch (RuntimeException e) {
                out.truncate(base);
                throw e;
            }
            commitAppend(g, !servedFromMemory(value, text));
            apply(g, key, ts, value, offset);
            epoch = committer.epoch();
            end = appendPos;
        } finally {
            writeLock.unlock();
        }
        awaitDurable(epoch, end);
    }

    /**
     * As {@code put(key, Atom.of(value))} with one copy instead of two: the record is encoded from
     * the caller's array, and only a value served from memory is copied (into the cached atom).
     */
    @Override
    public void putBytes(String key, byte[] value) {
        Keys.notNull(value, "bytes value");
        byte[] k = Keys.encode(key);
        if (value.length > options.maxValueBytes()) {
            throw new InvalidArgumentException("value of key '" + key + "' is " + value.length
                    + " bytes, over maxValueBytes " + options.maxValueBytes());
        }
        boolean inMemory = value.length <= RecordFormat.CACHE_LIMIT;
        Atom cached = inMemory ? Atom.of(value) : null;
        long epoch;
        long end;
        writeLock.lock();
        try {
            checkWritable();
            Generation g = gen;
            long ts = clock();
            encoder.prepareCodec(out, g.codecs(), ts);
            int base = out.size();
            long offset;
            try {
                offset = flushedPos + encoder.bytes(out, g.codecs(), k, ts, value, 0);
            } catch (RuntimeException e) {
                out.truncate(base);
                throw e;
            }
            commitAppend(g, !inMemory);
            KeyHistory h = g.historyFor(key);
            boolean wasLive = h.view().live();
            h.appendStored(ts, ValueType.BYTES, offset, cached);
            h.publish();
            finish(wasLive, h, 1);
            epoch = committer.epoch();
            end = appendPos;
        } finally {
            writeLock.unlock();
        }
        awaitDurable(epoch, end);
    }

    @Override
    public boolean delete(String key) {
        byte[] k = Keys.encode(key);
        long epoch;
        long end;
        writeLock.lock();
        try {
            checkWritable();
            Generation g = gen;
            KeyHistory h = g.index().get(key);
            if (h == null || !h.view().live()) {
                return false;
            }
            long ts = clock();
            encoder.single(out, g.codecs(), k, ts, ValueEncoding.NULL, null, 0);
            commitAppend(g, false);
            apply(g, key, ts, ValueEncoding.NULL, -1);
            epoch = committer.epoch();
            end = appendPos;
        } finally {
            writeLock.unlock();
        }
        awaitDurable(epoch, end);
        return true;
    }

    @Override
    public void putFloats(String key, double[] values) {
        Keys.notNull(values, "values");
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
        putSeries(key, bits, ValueType.FLOAT64);
    }

    @Override
    public void putInts(String key, long[] values) {
        Keys.notNull(values, "values");
        putSeries(key, values.clone(), ValueType.INT64);
    }

    private void putSeries(String key, long[] values, ValueType type) {
        byte[] k = Keys.encode(key);
        if (values.length == 0) {
            return;
        }
        boolean floats = type == ValueType.FLOAT64;
        int kind = floats ? RecordFormat.KIND_SERIES_F64 : RecordFormat.KIND_SERIES_I64;
        long epoch;
        long end;
        writeLock.lock();
        try {
            checkWritable();
            Generation g = gen;
            long ts = clock();
            for (int from = 0; from < values.length; from += RecordFormat.SERIES_CHUNK) {
                int to = Math.min(values.length, from + RecordFormat.SERIES_CHUNK);
                int flags = to < values.length ? RecordFormat.FLAG_CONTINUES : 0;
                int start = out.beginRecord(kind, flags, k, ts);
                SeriesEncoding.encode(out, floats, values, null, from, to, ts);
                out.endRecord(start);
            }
            commitAppend(g, false);
            KeyHistory h = g.historyFor(key);
            boolean wasLive = h.view().live();
            h.reserve(values.length);
            for (long v : values) {
                h.appendNumeric(ts, type, v);
            }
            h.publish();
            finish(wasLive, h, values.length);
            epoch = committer.epoch();
            end = appendPos;
        } finally {
            writeLock.unlock();
        }
        awaitDurable(epoch, end);
    }

    @Override
    public void write(WriteBatch batch) {
        Keys.notNull(batch, "batch");
        List<WriteBatch.Op> ops = batch.ops();
        if (ops.isEmpty()) {
            return;
        }
        int n = ops.size();
        byte[][] keys = new byte[n][];
        byte[][] texts = new byte[n][];
        for (int i = 0; i < n; i++) {
            WriteBatch.Op op = ops.get(i);
            keys[i] = Keys.encode(op.key());
            texts[i] = op.value() instanceof Atom.Text t ? Keys.encodeText(op.key(), t.value()) : null;
            checkValue(op.key(), op.value(), texts[i]);
        }
        long epoch;
        long end;
        writeLock.lock();
        try {
            checkWritable();
            Generation g = gen;
            long ts = clock();
            encoder.prepareCodec(out, g.codecs(), ts);
            int base = out.size();
            long[] offsets = new long[n];
            boolean mustFlush = false;
            try {
                for (int i = 0; i < n; i++) {
                    int flags = i < n - 1 ? RecordFormat.FLAG_CONTINUES : 0;
                    offsets[i] = flushedPos
                            + encoder.single(out, g.codecs(), keys[i], ts, ops.get(i).value(), texts[i], flags);
                    mustFlush |= !servedFromMemory(ops.get(i).value(), texts[i]);
                }
            } catch (RuntimeException e) {
                out.truncate(base);
                throw e;
            }
            commitAppend(g, mustFlush);
            for (int i = 0; i < n; i++) {
                apply(g, ops.get(i).key(), ts, ops.get(i).value(), offsets[i]);
            }
            epoch = committer.epoch();
            end = appendPos;
        } finally {
            writeLock.unlock();
        }
        awaitDurable(epoch, end);
    }

    @Override
    public void sync() {
        writeLock.lock();
        try {
            Generation g = generation();
            if (options.readOnly()) {
                return;
            }
            checkWritable();
            flush(g);
            g.channel().force(false);
        } catch (IOException e) {
            throw new SynaIOException("fsync of " + files.log + " failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    // ---- reading ------------------------------------------------------------------------------

    private Atom latest(Generation g, String key, KeyHistory.View v) {
        Atom a = v.latest();
        return a != null ? a : stored(g, key, v.offset(v.count() - 1));
    }

    private Atom stored(Generation g, String key, long offset) {
        if (offset >= flushedPos) {
            flushForRead(offset);
        }
        try {
            return StoredValues.read(g.channel(), files.log, offset, g.codecs());
        } catch (ClosedChannelException e) {
            throw closedException();
        } catch (IOException e) {
            throw new SynaIOException("cannot read value of key '" + key + "' at offset " + offset + " of "
                    + files.log + ": " + e.getMessage(), e);
        }
    }

    private KeyHistory.View liveView(Generation g, String key) {
        Keys.checkReadKey(key);
        KeyHistory h = g.index().get(key);
        if (h == null) {
            return null;
        }
        KeyHistory.View v = h.view();
        return v.live() ? v : null;
    }

    @Override
    public Optional<Atom> get(String key) {
        Generation g = generation();
        Keys.checkReadKey(key);
        KeyHistory h = g.index().get(key);
        if (h == null) {
            return Optional.empty();
        }
        Atom a = h.latestCached(); // the common case: no view, no array
        if (a != null) {
            return a instanceof Atom.Null ? Optional.empty() : Optional.of(a);
        }
        KeyHistory.View v = h.view();
        return v.live() ? Optional.of(latest(g, key, v)) : Optional.empty();
    }

    private Atom require(String key, ValueType expected) {
        Generation g = generation();
        Keys.checkReadKey(key);
        KeyHistory h = g.index().get(key);
        if (h != null) {
            Atom a = h.latestCached();
            if (a != null && a.type() == expected) {
                return a; // the common case; anything else takes the checked path below
            }
        }
        KeyHistory.View v = liveView(g, key);
        if (v == null) {
            throw new KeyNotFoundException("key '" + key + "' not found in " + files.dir + " (expected a " + expected
                    + " value)");
        }
        ValueType actual = v.latestType();
        if (actual != expected) {
            throw new TypeMismatchException("key '" + key + "' holds a " + actual + " value, not the " + expected
                    + " asked for");
        }
        return latest(g, key, v);
    }

    @Override
    public double getFloat(String key) {
        return ((Atom.Float64) require(key, ValueType.FLOAT64)).value();
    }

    @Override
    public long getInt(String key) {
        return ((Atom.Int64) require(key, ValueType.INT64)).value();
    }

    @Override
    public String getText(String key) {
        return ((Atom.Text) require(key, ValueType.TEXT)).value();
    }

    @Override
    public byte[] getBytes(String key) {
        return ((Atom.Bytes) require(key, ValueType.BYTES)).value();
    }

    @Override
    public float[] getVector(String key) {
        return ((Atom.Vector) require(key, ValueType.VECTOR)).value();
    }

    @Override
    public boolean exists(String key) {
        return liveView(generation(), key) != null;
    }

    /** Live keys starting with {@code prefix} that {@code filter} accepts, sorted; visits only that range. */
    private List<String> matchingKeys(String prefix, Predicate<String> filter) {
        Generation g = generation();
        List<String> result = new ArrayList<>();
        for (String k : g.sortedKeys().tailSet(prefix)) {
            if (!k.startsWith(prefix)) {
                break;
            }
            KeyHistory h = g.index().get(k);
            if (h != null && h.view().live() && filter.test(k)) {
                result.add(k);
            }
        }
        return result;
    }

    @Override
    public List<String> keys() {
        return matchingKeys("", k -> true);
    }

    @Override
    public List<String> keys(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return matchingKeys(prefix, k -> true);
    }

    @Override
    public List<String> keysMatching(String glob) {
        Glob g = new Glob(glob);
        String prefix = g.literalPrefix();
        return matchingKeys(prefix, g::matches);
    }

    @Override
    public long size() {
        generation();
        return liveKeys;
    }

    // ---- history ------------------------------------------------------------------------------

    private KeyHistory.View historyView(Generation g, String key, boolean required) {
        Keys.checkReadKey(key);
        KeyHistory h = g.index().get(key);
        if (h == null) {
            if (required) {
                throw new KeyNotFoundException("key '" + key + "' has no history in " + files.dir);
            }
            return KeyHistory.View.EMPTY;
        }
        return h.view();
    }

    @Override
    public List<HistoryEntry> history(String key) {
        Generation g = generation();
        KeyHistory.View v = historyView(g, key, false);
        List<HistoryEntry> result = new ArrayList<>(v.count());
        for (int i = 0; i < v.count(); i++) {
            Atom a = switch (v.type(i)) {
                case NULL -> ValueEncoding.NULL;
                case FLOAT64 -> Atom.of(Double.longBitsToDouble(v.bits()[i]));
                case INT64 -> Atom.of(v.bits()[i]);
                case TEXT, BYTES, VECTOR -> i == v.count() - 1 && v.latest() != null
                        ? v.latest()
                        : stored(g, key, v.offset(i));
            };
            result.add(new HistoryEntry(v.timestamps()[i], a));
        }
        return result;
    }

    /** Number of numeric entries, after checking that all non-null entries are numeric (and int64 when asked). */
    private int numericCount(String key, KeyHistory.View v, boolean longsOnly) {
        int n = 0;
        byte f64 = (byte) ValueType.FLOAT64.tag();
        byte i64 = (byte) ValueType.INT64.tag();
        byte nul = (byte) ValueType.NULL.tag();
        byte[] types = v.types();
        for (int i = 0; i < v.count(); i++) {
            byte t = types[i];
            if (t == i64 || (t == f64 && !longsOnly)) {
                n++;
            } else if (t != nul) {
                throw new TypeMismatchException("history of key '" + key + "' holds a " + v.type(i) + " entry at index "
                        + i + ", not " + (longsOnly ? "INT64" : "FLOAT64 or INT64"));
            }
        }
        return n;
    }

    @Override
    public double[] historyAsDoubles(String key) {
        KeyHistory.View v = historyView(generation(), key, true);
        double[] result = new double[numericCount(key, v, false)];
        byte f64 = (byte) ValueType.FLOAT64.tag();
        byte i64 = (byte) ValueType.INT64.tag();
        byte[] types = v.types();
        long[] bits = v.bits();
        int n = 0;
        for (int i = 0; i < v.count(); i++) {
            if (types[i] == f64) {
                result[n++] = Double.longBitsToDouble(bits[i]);
            } else if (types[i] == i64) {
                result[n++] = bits[i];
            }
        }
        return result;
    }

    @Override
    public long[] historyAsLongs(String key) {
        KeyHistory.View v = historyView(generation(), key, true);
        long[] result = new long[numericCount(key, v, true)];
        byte i64 = (byte) ValueType.INT64.tag();
        int n = 0;
        for (int i = 0; i < v.count(); i++) {
            if (v.types()[i] == i64) {
                result[n++] = v.bits()[i];
            }
        }
        return result;
    }

    @Override
    public long[] historyTimestamps(String key) {
        KeyHistory.View v = historyView(generation(), key, true);
        long[] result = new long[numericCount(key, v, false)];
        byte nul = (byte) ValueType.NULL.tag();
        int n = 0;
        for (int i = 0; i < v.count(); i++) {
            if (v.types()[i] != nul) {
                result[n++] = v.timestamps()[i];
            }
        }
        return result;
    }

    @Override
    public MemorySegment historyAsSegment(String key, Arena arena) {
        Objects.requireNonNull(arena, "arena");
        KeyHistory.View v = historyView(generation(), key, true);
        int count = numericCount(key, v, false);
        MemorySegment seg = arena.allocate(ValueLayout.JAVA_DOUBLE, count);
        byte f64 = (byte) ValueType.FLOAT64.tag();
        byte i64 = (byte) ValueType.INT64.tag();
        long n = 0;
        for (int i = 0; i < v.count(); i++) {
            byte t = v.types()[i];
            if (t == f64) {
                seg.setAtIndex(ValueLayout.JAVA_DOUBLE, n++, Double.longBitsToDouble(v.bits()[i]));
            } else if (t == i64) {
                seg.setAtIndex(ValueLayout.JAVA_DOUBLE, n++, (double) v.bits()[i]);
            }
        }
        return seg;
    }

    // ---- maintenance --------------------------------------------------------------------------

    @Override
    public CompactionResult compact(HistoryRetention retention) {
        Objects.requireNonNull(retention, "retention");
        writeLock.lock();
        try {
            checkWritable();
            Generation old = gen;
            flush(old);
            long bytesBefore = appendPos;
            long entriesBefore = entries;
            Compactor.Outcome o = new Compactor(files, hooks, databaseId, encoder).run(old, retention, clock());
            gen = o.generation();
            appendPos = o.end();
            flushedPos = o.end();
            entries = o.entries();
            liveKeys = o.liveKeys();
            committer.newEpoch(o.end());
            retired.add(old.channel()); // readers may still hold the old generation; closed on close()
            LOG.log(System.Logger.Level.INFO, "log {0}: compacted with {1}: {2} -> {3} bytes, {4} -> {5} entries",
                    files.log, retention, Long.toString(bytesBefore), Long.toString(o.end()),
                    Long.toString(entriesBefore), Long.toString(o.entries()));
            return new CompactionResult(entriesBefore, o.entries(), bytesBefore, o.end(), retention);
        } catch (IOException e) {
            throw new SynaIOException("compaction of " + files.log + " failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public VerifyReport verify() {
        Generation g;
        long end;
        writeLock.lock();
        try {
            g = generation();
            if (!options.readOnly() && failure == null) {
                flush(g);
            }
            end = flushedPos;
        } finally {
            writeLock.unlock();
        }
        try {
            return Verifier.verify(g.channel(), files.log, end);
        } catch (ClosedChannelException e) {
            throw closedException();
        } catch (IOException e) {
            throw new SynaIOException("cannot verify " + files.log + ": " + e.getMessage(), e);
        }
    }

    @Override
    public DatabaseStats stats() {
        Generation g = generation();
        return new DatabaseStats(liveKeys, g.index().size(), entries, appendPos, options.durability(),
                LogStorageEngineProvider.NAME, options.codec());
    }

    /** Fsyncs done by group-commit leaders (tests). */
    long groupFsyncs() {
        return committer.fsyncs();
    }

    @Override
    public String toString() {
        return "LogDatabase[" + files.dir + ", " + options.durability() + (closed ? ", closed" : "") + "]";
    }
}
