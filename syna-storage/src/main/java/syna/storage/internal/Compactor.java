package syna.storage.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import syna.api.Atom;
import syna.api.CompactionResult;
import syna.api.HistoryRetention;
import syna.api.SynaIOException;
import syna.api.ValueType;
import syna.api.spi.format.FileHeader;
import syna.api.spi.format.SealedFiles;
import syna.storage.internal.EngineHooks.CompactionStep;

/**
 * Rewrites the history a retention keeps into {@code data.log.compacting} in the newest format,
 * forces it, renames it over the log and forces the directory, then swaps the generation. The
 * rename is the commit point: before it the old log is whole and the leftover is deleted on the
 * next open; after it the new log is whole. The checkpoint of the old log is deleted just before
 * the rename; the next periodic or closing checkpoint describes the new one.
 *
 * <p><b>Never larger.</b> Text, bytes, vector and delete records are copied byte for byte (codec
 * ids and namespace ids are kept, so a compressed value stays compressed). Numeric history is
 * re-encoded from the records it came from: each original record's points are one group, and a
 * group is merged into the run before it only when the merged series record is no larger than the
 * two apart ({@link SeriesSizer} counts exactly). Each group alone encodes no larger than its
 * original record, so the numeric part never grows either, and runs of single puts shrink to
 * series records with per-point times. Copies without the writer lock and swaps with it held
 * ({@link #compactAndSwap}). Not thread-safe; one per
 * compaction.
 */
final class Compactor {
    private static final System.Logger LOG = System.getLogger(Compactor.class.getName());
    private static final int FLUSH_AT = 1 << 20;
    /** Rounds of catching up on new writes without the writer lock before the final one with it. */
    private static final int CATCH_UP_ROUNDS = 8;
    /** A tail shorter than this is replayed with the writer lock held right away. */
    private static final long FINAL_TAIL = 1 << 20;

    /** The new generation and its end. */
    record Outcome(Generation generation, long end) {}

    private final LogFiles files;
    private final EngineHooks hooks;
    private final UUID databaseId;
    private final RecordEncoder encoder;
    private final Checkpointer checkpointer;
    private final RecordBuffer out = new RecordBuffer(FLUSH_AT + (1 << 16));
    private final ProgressTicker ticker;
    private FileChannel channel;
    private long written;
    /** Entries of the old generation visited so far, kept or dropped (the progress figure). */
    private long visited;
    /** Entries at offsets from here on are not copied: the records written after the snapshot. */
    private long cutAt = Long.MAX_VALUE;
    /** Entries of the key being copied that are before {@link #cutAt}. */
    private int count;
    private CodecTable codecs;
    private Space user;
    private final List<Space> copies = new ArrayList<>();
    /** The new index: the copied spaces, then as replayed by each {@link #catchUp}. */
    private Spaces spaces;
    /** End of the old log's records that are in the new file. */
    private long copiedTo;
    private boolean renamed;

    Compactor(LogFiles files, EngineHooks hooks, UUID databaseId, RecordEncoder encoder, Checkpointer checkpointer,
            ProgressTicker ticker) {
        this.checkpointer = checkpointer;
        this.files = files;
        this.hooks = hooks;
        this.databaseId = databaseId;
        this.encoder = encoder;
        this.ticker = ticker;
    }

    /**
     * Compacts {@code db} keeping {@code retention} and swaps the new file in. Writes go on while the
     * history is copied: the copy covers the log up to the offset it started at, without the writer
     * lock; meanwhile the writer notes the keys it writes, and rounds of {@link #catchUp} carry those
     * writes over (their records byte for byte behind the copy, their entries from the writer's own
     * index), the last round with the writer lock held, just before the swap. A log in an older
     * format is compacted with the writer lock held throughout (its records are upgraded, not copied).
     */
    static CompactionResult compactAndSwap(LogDatabase db, HistoryRetention retention, syna.api.Progress progress) {
        LogWriter w = db.writer();
        Checkpointer ck = db.checkpointer();
        db.compactionLock().lock(); // one compaction at a time
        try {
            w.lock.lock();
            Generation old;
            long bytesBefore;
            long entriesBefore;
            long start;
            Snapshot snapshot;
            try {
                w.checkWritable();
                old = w.generation();
                w.flush(old);
                bytesBefore = w.appendPos();
                entriesBefore = old.spaces().entries();
                if (old.formatVersion() != RecordFormat.FORMAT_VERSION) {
                    ck.fileLock.lock();
                    try {
                        return locked(db, w, ck, old, bytesBefore, entriesBefore, retention, progress);
                    } finally {
                        ck.fileLock.unlock();
                    }
                }
                start = bytesBefore;
                snapshot = Snapshot.of(old, start);
                takeJournals(old); // from here on the writer notes which keys it writes
            } finally {
                w.lock.unlock();
            }
            Compactor c = null;
            try {
                // A listener that throws cancels, from its first call on.
                ProgressTicker ticker = new ProgressTicker(progress, "copying entries", entriesBefore);
                c = new Compactor(db.files(), db.hooks(), db.databaseId(), w.encoder, ck, ticker);
                c.copy(old, snapshot, retention, w.clock()); // without the writer lock: writes go on
                // Catch up without the lock while writes keep coming, so that the last round, with it, is short.
                for (int round = 0; round < CATCH_UP_ROUNDS; round++) {
                    Round r;
                    w.lock.lock();
                    try {
                        w.checkWritable();
                        w.flush(old);
                        // a unit boundary: writes append whole units under the lock
                        r = w.appendPos() - c.copiedTo < FINAL_TAIL ? null : Round.take(old, w.appendPos());
                    } finally {
                        w.lock.unlock();
                    }
                    if (r == null) {
                        break;
                    }
                    c.catchUp(old, r);
                }
            } catch (IOException | RuntimeException e) {
                if (c != null) {
                    c.abandon(e);
                }
                stopJournals(w, old);
                throw e;
            }
            w.lock.lock();
            ck.fileLock.lock(); // no checkpoint of the old log is renamed in once its checkpoint is deleted
            try {
                Outcome o;
                try {
                    w.checkWritable();
                    w.flush(old);
                    o = c.finish(old, snapshot, Round.take(old, w.appendPos()), w.clock());
                } catch (IOException | RuntimeException e) {
                    c.abandon(e);
                    throw e;
                } finally {
                    for (Space sp : allSpaces(old)) {
                        sp.stopJournal();
                    }
                }
                w.swap(o.generation(), o.end());
                ck.swapped(o.generation());
                db.retire(old.channel()); // readers may still hold the old generation; closed on close()
                return done(db, old, o, bytesBefore, entriesBefore, retention);
            } finally {
                ck.fileLock.unlock();
                w.lock.unlock();
            }
        } catch (IOException e) {
            throw new SynaIOException("compaction of " + db.files().log + " failed: " + e.getMessage(), e);
        } finally {
            db.compactionLock().unlock();
        }
    }

    /** Compaction of a log in an older format, writer lock and file lock held throughout. */
    private static CompactionResult locked(LogDatabase db, LogWriter w, Checkpointer ck, Generation old,
            long bytesBefore, long entriesBefore, HistoryRetention retention, syna.api.Progress progress)
            throws IOException {
        ProgressTicker ticker = new ProgressTicker(progress, "copying entries", entriesBefore);
        Outcome o = new Compactor(db.files(), db.hooks(), db.databaseId(), w.encoder, ck, ticker)
                .run(old, retention, w.clock());
        w.swap(o.generation(), o.end());
        ck.swapped(o.generation());
        db.retire(old.channel());
        return done(db, old, o, bytesBefore, entriesBefore, retention);
    }

    private static CompactionResult done(LogDatabase db, Generation old, Outcome o, long bytesBefore,
            long entriesBefore, HistoryRetention retention) {
        long entriesAfter = o.generation().spaces().entries();
        LOG.log(System.Logger.Level.DEBUG, "log {0}: compacted with {1}: {2} -> {3} bytes, {4} -> {5} entries"
                + ", format {6} -> {7}", db.files().log, retention, Long.toString(bytesBefore),
                Long.toString(o.end()), Long.toString(entriesBefore), Long.toString(entriesAfter),
                Integer.toString(old.formatVersion()), Integer.toString(RecordFormat.FORMAT_VERSION));
        return new CompactionResult(entriesBefore, entriesAfter, bytesBefore, o.end(), retention);
    }

    private static List<Space> allSpaces(Generation g) {
        List<Space> all = g.spaces().namespaces();
        all.add(g.spaces().user);
        return all;
    }

    /** Starts (or restarts) the writer's journal of written keys in every space. Writer lock held. */
    private static void takeJournals(Generation g) {
        for (Space sp : allSpaces(g)) {
            sp.swapJournal();
        }
    }

    private static void stopJournals(LogWriter w, Generation g) {
        w.lock.lock();
        try {
            for (Space sp : allSpaces(g)) {
                sp.stopJournal();
            }
        } finally {
            w.lock.unlock();
        }
    }

    /**
     * One catch-up round, taken with the writer lock held: the old log's end then (a unit boundary),
     * and for each of its spaces the keys written since the last round (null: a namespace created
     * since, all of whose keys count); the codecs it has then.
     */
    private record Round(long end, Map<Space, Set<String>> written, int codecs) {
        static Round take(Generation g, long end) {
            Map<Space, Set<String>> written = new java.util.IdentityHashMap<>();
            for (Space sp : allSpaces(g)) {
                written.put(sp, sp.swapJournal());
            }
            int codecs = 0;
            while (g.codecs().codec(codecs) != null) {
                codecs++;
            }
            return new Round(end, written, codecs);
        }
    }

    /**
     * What a compaction copies, taken with the writer lock held: the log's end then, its namespaces
     * and how many codecs it had. The keys and their views are read later, each view cut at {@code end}
     * (entries are in log order, so the ones before it are a prefix).
     */
    private record Snapshot(long end, List<Space> namespaces, int maxId, int codecs) {
        static Snapshot of(Generation g, long end) {
            List<Space> namespaces = g.spaces().namespaces();
            namespaces.sort(Comparator.comparingInt(s -> s.id));
            int codecs = 0;
            while (g.codecs().codec(codecs) != null) {
                codecs++;
            }
            return new Snapshot(end, List.copyOf(namespaces), g.spaces().maxId(), codecs);
        }
    }

    /** Copies what {@code snapshot} covers into the new file (not yet forced). Writer lock not held. */
    private void copy(Generation old, Snapshot snapshot, HistoryRetention retention, long now) throws IOException {
        try {
            cutAt = snapshot.end();
            channel = hooks.opener().open(files.compacting, EnumSet.of(StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ, StandardOpenOption.WRITE));
            FileHeader.of(RecordFormat.KIND, LogStorageEngineProvider.NAME, RecordFormat.FORMAT_VERSION, databaseId)
                    .writeTo(channel);
            written = FileHeader.SIZE;
            hooks.compactionSteps().reached(CompactionStep.TEMP_CREATED);
            codecs = copyCodecs(old.codecs(), snapshot.codecs(), now);
            for (Space s : snapshot.namespaces()) {
                byte[] name = s.name.getBytes(StandardCharsets.UTF_8);
                int start = out.beginRecord(RecordFormat.KIND_NAMESPACE, 0, name, now);
                VarInts.put(out, s.id);
                out.endRecord(start);
            }
            user = copySpace(old, old.spaces().user, codecs, retention);
            for (Space s : snapshot.namespaces()) {
                copies.add(copySpace(old, s, codecs, retention));
            }
            spaces = new Spaces(user, copies, snapshot.maxId());
            copiedTo = snapshot.end();
            ticker.finish(); // before the swap: a listener that throws here still cancels
            flush();
        } catch (IOException | RuntimeException e) {
            abandon(e);
            throw e;
        }
    }

    /**
     * Writer lock held, the old log flushed up to {@code end}: copies the records appended since the
     * snapshot behind the copy, replays them into the new index, forces and renames the new file.
     */
    private Outcome finish(Generation old, Snapshot snapshot, Round last, long now) throws IOException {
        catchUp(old, last);
        LOG.log(System.Logger.Level.DEBUG, "log {0}: compaction carried over {1} bytes written while it copied",
                files.log, Long.toString(last.end() - snapshot.end()));
        return seal(now);
    }

    /** Writes the writer's codec if the new file lacks it, forces the file and renames it in. */
    private Outcome seal(long now) throws IOException {
        encoder.prepareCodec(out, codecs, now);
        flush();
        hooks.compactionSteps().reached(CompactionStep.TEMP_WRITTEN);
        channel.force(true);
        hooks.compactionSteps().reached(CompactionStep.TEMP_SYNCED);
        return rename(new Generation(channel, codecs, RecordFormat.FORMAT_VERSION, spaces));
    }

    /**
     * Carries the writes of {@code [copiedTo, r.end())} over: copies those bytes of the old log behind
     * what the new file holds (byte for byte: records hold no offsets, and whole atomic units) and
     * appends each written key's entries from that range to the new index, at offsets moved by the
     * same distance, with the values the writer cached. The writer already parsed these records:
     * nothing is read back. Needs no lock: only this compaction touches the new file and index, the
     * old log's bytes before {@code r.end()} no longer change, and views are immutable.
     */
    private void catchUp(Generation old, Round r) throws IOException {
        long end = r.end();
        if (end <= copiedTo) {
            return;
        }
        long delta = written - copiedTo;
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(end - copiedTo, FLUSH_AT));
        for (long pos = copiedTo; pos < end; ) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
            StoredValues.readFully(old.channel(), buf, pos);
            buf.flip();
            while (buf.hasRemaining()) {
                written += channel.write(buf, written);
            }
            pos += buf.limit();
        }
        java.util.Set<Integer> liveIds = new java.util.HashSet<>();
        for (Space from : r.written().keySet()) {
            liveIds.add(from.id);
        }
        for (Space ns : spaces.namespaces()) {
            if (!liveIds.contains(ns.id)) {
                spaces.remove(ns); // dropped during the compaction (its drop record is in the bytes copied)
            }
        }
        for (Map.Entry<Space, Set<String>> e : r.written().entrySet()) {
            Space from = e.getKey();
            Space to = spaces.withId(from.id);
            if (to == null) { // a namespace created during the compaction
                to = new Space(from.id, from.name, new KeyIndex());
                spaces.add(to);
            }
            if (e.getValue() == null) {
                for (String key : from.index.keys()) {
                    carry(from, to, key, end, delta);
                }
            } else {
                for (String key : e.getValue()) {
                    carry(from, to, key, end, delta);
                }
            }
        }
        for (int id = 0; id < r.codecs(); id++) {
            if (codecs.codec(id) == null) {
                codecs.addNew(old.codecs().name(id), old.codecs().codec(id)); // same ids: registered in order
            }
        }
        copiedTo = end;
    }

    /** Appends {@code key}'s entries of {@code [copiedTo, end)} in {@code from} to {@code to}, moved by {@code delta}. */
    private void carry(Space from, Space to, String key, long end, long delta) {
        HistoryView v = from.index.view(key);
        if (v == null) {
            return; // its write failed before it reached the index
        }
        int hi = v.countBefore(end);
        int lo = hi;
        while (lo > 0 && v.offset(lo - 1) >= copiedTo) {
            lo--;
        }
        if (lo == hi) {
            return;
        }
        KeyHistory h = to.index.getOrCreate(key); // the new index: no journal, no sorted view yet
        boolean wasLive = h.view().live();
        h.reserve(hi - lo);
        for (int i = lo; i < hi; i++) {
            ValueType t = v.type(i);
            long at = v.offset(i) + delta;
            if (t == ValueType.FLOAT64 || t == ValueType.INT64) {
                h.appendNumeric(v.time(i), t, v.bitsAt(i), at);
            } else if (t == ValueType.NULL) {
                h.appendNull(v.time(i), at);
            } else {
                h.appendStored(v.time(i), t, at, i == v.count() - 1 ? kept(v.latest()) : null);
            }
        }
        h.publish();
        to.count((h.view().live() ? 1 : 0) - (wasLive ? 1 : 0), hi - lo);
        to.index.settle(key, h);
    }

    /** The checkpoint of the old log goes, then the new log is renamed over it (the commit point). */
    private Outcome rename(Generation next) throws IOException {
        // The checkpoint describes the old log: gone before the new log can be found in its place (a
        // leftover would be rejected anyway: the new log's header differs).
        checkpointer.invalidate();
        hooks.compactionSteps().reached(CompactionStep.CHECKPOINT_DELETED);
        LogFiles.moveAtomically(files.compacting, files.log);
        renamed = true;
        hooks.compactionSteps().reached(CompactionStep.RENAMED);
        SealedFiles.syncDirectory(files.dir);
        hooks.compactionSteps().reached(CompactionStep.DIRECTORY_SYNCED);
        return new Outcome(next, written);
    }

    /** A failed or cancelled compaction: the new file goes unless it was renamed in already. */
    private void abandon(Exception e) {
        try {
            if (channel != null) {
                channel.close();
            }
            if (!renamed) {
                Files.deleteIfExists(files.compacting);
            }
        } catch (IOException suppressed) {
            e.addSuppressed(suppressed);
        }
    }

    /** The whole compaction of {@code old} with the writer lock held (a log in an older format). */
    Outcome run(Generation old, HistoryRetention retention, long now) throws IOException {
        Snapshot snapshot = Snapshot.of(old, Long.MAX_VALUE);
        copy(old, snapshot, retention, now);
        try {
            return seal(now);
        } catch (IOException | RuntimeException e) {
            abandon(e);
            throw e;
        }
    }

    /** Codec records for every codec of the old file, with the same ids, so copied records keep theirs. */
    private CodecTable copyCodecs(CodecTable old, int count, long now) {
        CodecTable codecs = new CodecTable();
        for (int id = 0; id < count; id++) {
            String name = old.name(id);
            codecs.addNew(name, old.codec(id));
            int start = out.beginRecord(RecordFormat.KIND_CODEC, 0, name.getBytes(StandardCharsets.US_ASCII), now);
            out.putByte(id);
            out.endRecord(start);
        }
        return codecs;
    }

    private Space copySpace(Generation old, Space from, CodecTable codecs, HistoryRetention retention)
            throws IOException {
        Space to = new Space(from.id, from.name, new KeyIndex(from.index.size()));
        List<String> keys = from.index.keys();
        keys.sort(null);
        for (String key : keys) {
            HistoryView v = from.index.view(key);
            count = v.countBefore(cutAt);
            visited += count;
            ticker.tick(visited);
            int first = firstKept(v, count, retention);
            if (first < 0) {
                continue;
            }
            KeyHistory h = copy(old, from.id, key, v, first);
            h.publish();
            to.index.putNew(key, h);
            to.count(h.view().live() ? 1 : 0, count - first);
        }
        return to;
    }

    /** First of the first {@code n} entries to keep, or -1 to drop the key. */
    private static int firstKept(HistoryView v, int n, HistoryRetention retention) {
        if (n == 0) {
            return -1;
        }
        if (retention.keepsAll()) {
            return 0; // every entry, deletes and deleted keys included: history was promised
        }
        if (v.type(n - 1) == ValueType.NULL) {
            return -1;
        }
        return Math.max(0, n - retention.keepLast());
    }

    /** End (exclusive) of the group of entries from {@code i}: one original record's numeric points. */
    private static int groupEnd(HistoryView v, int n, int i, ValueType t) {
        long offset = v.offset(i);
        int j = i + 1;
        while (j < n && j - i < RecordFormat.SERIES_CHUNK && v.type(j) == t && v.offset(j) == offset) {
            j++;
        }
        return j;
    }

    private KeyHistory copy(Generation old, int spaceId, String key, HistoryView v, int from) throws IOException {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        int keyField = (spaceId == Space.USER ? 0 : SeriesEncoding.varLen(spaceId)) + k.length;
        KeyHistory h = new KeyHistory();
        long[] ts = v.timestamps();
        long[] bits = v.bits();
        int i = from;
        while (i < count) {
            ValueType t = v.type(i);
            if (t == ValueType.FLOAT64 || t == ValueType.INT64) {
                i = copyNumericRun(h, spaceId, k, keyField, v, ts, bits, i, t);
            } else if (t == ValueType.NULL) {
                int start = out.beginRecord(t.tag(), 0, spaceId, k, ts[i]);
                out.endRecord(start);
                h.appendNull(ts[i], written + start);
                i++;
            } else {
                boolean last = i == v.count() - 1; // the view's latest value, cached: only when not cut
                byte[] rec = StoredValues.readRecord(old.channel(), files.log, v.offset(i));
                int start = out.size();
                out.putBytes(rec, 0, rec.length);
                int flags = out.flags(start);
                if ((flags & RecordFormat.FLAG_CONTINUES) != 0) {
                    out.setFlags(start, flags & ~RecordFormat.FLAG_CONTINUES); // each copy is its own unit
                    out.reseal(start);
                }
                Atom cached = last ? kept(v.latest()) : null;
                h.appendStored(ts[i], t, written + start, cached);
                i++;
            }
            if (out.size() >= FLUSH_AT) {
                flush();
            }
        }
        return h;
    }

    /**
     * Writes the numeric entries from {@code i} that share type {@code t} as series (or single)
     * records, merging original records' groups greedily while merging does not grow them; returns
     * the index after the run.
     */
    private int copyNumericRun(KeyHistory h, int spaceId, byte[] k, int keyField, HistoryView v, long[] ts,
            long[] bits, int i, ValueType t) {
        boolean floats = t == ValueType.FLOAT64;
        SeriesSizer run = new SeriesSizer(ts, bits, floats, keyField);
        SeriesSizer alone = new SeriesSizer(ts, bits, floats, keyField);
        int end = i;
        while (end < count && v.type(end) == t) {
            end++;
        }
        int g = i;
        int gEnd = groupEnd(v, count, g, t);
        run.start(g);
        for (int x = g + 1; x < gEnd; x++) {
            run.add(x);
        }
        g = gEnd;
        while (g < end) {
            gEnd = groupEnd(v, count, g, t);
            int size = gEnd - g;
            boolean merged = false;
            if (run.count() + size <= RecordFormat.SERIES_CHUNK) {
                long before = run.bytes();
                alone.start(g);
                for (int x = g + 1; x < gEnd; x++) {
                    alone.add(x);
                }
                long[] saved = run.save();
                for (int x = g; x < gEnd; x++) {
                    run.add(x);
                }
                if (run.bytes() <= before + alone.bytes()) {
                    merged = true;
                } else {
                    run.restore(saved);
                }
            }
            if (!merged) {
                emit(h, spaceId, k, run, ts, bits, t);
                run.start(g);
                for (int x = g + 1; x < gEnd; x++) {
                    run.add(x);
                }
            }
            g = gEnd;
        }
        emit(h, spaceId, k, run, ts, bits, t);
        return end;
    }

    private void emit(KeyHistory h, int spaceId, byte[] k, SeriesSizer run, long[] ts, long[] bits, ValueType t) {
        int a = run.from();
        int b = run.to();
        int start;
        if (run.single()) {
            start = out.beginRecord(t.tag(), 0, spaceId, k, ts[a]);
            out.putLong(bits[a]);
        } else {
            int kind = t == ValueType.FLOAT64 ? RecordFormat.KIND_SERIES_F64 : RecordFormat.KIND_SERIES_I64;
            start = out.beginRecord(kind, 0, spaceId, k, ts[a]);
            SeriesEncoding.encode(out, t == ValueType.FLOAT64, bits, run.sameTime() ? null : ts, a, b, ts[a],
                    RecordFormat.FORMAT_VERSION);
        }
        out.endRecord(start);
        long offset = written + start;
        for (int x = a; x < b; x++) {
            h.appendNumeric(ts[x], t, bits[x], offset);
        }
    }

    private void flush() throws IOException {
        written += out.writeTo(channel, written);
        out.reset();
    }

    /** The latest value a compacted index keeps in memory: small ones for good; recent larger ones are read from the file. */
    private static Atom kept(Atom latest) {
        return latest != null && WriteUnits.servedFromMemory(latest) ? latest : null;
    }
}
