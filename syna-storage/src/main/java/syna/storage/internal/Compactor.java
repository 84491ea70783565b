package syna.storage.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import syna.api.Atom;
import syna.api.HistoryRetention;
import syna.api.ValueType;
import syna.api.spi.format.FileHeader;
import syna.api.spi.format.SealedFiles;
import syna.storage.internal.EngineHooks.CompactionStep;

/**
 * Rewrites the history a retention keeps into {@code data.log.compacting}, forces it, renames it
 * over the log and forces the directory. The rename is the commit point: before it the old log is
 * whole and the leftover is deleted on the next open; after it the new log is whole. Runs of
 * numeric single writes become series records with per-point timestamps, so compaction also
 * shrinks numeric history. Runs with the writer lock held. Not thread-safe; one per compaction.
 */
final class Compactor {
    private static final int FLUSH_AT = 1 << 20;

    /** The new generation and its counters. */
    record Outcome(LogDatabase.Generation generation, long end, long entries, long liveKeys) {}

    private final LogFiles files;
    private final EngineHooks hooks;
    private final UUID databaseId;
    private final RecordEncoder encoder;
    private final RecordBuffer out = new RecordBuffer(FLUSH_AT + (1 << 16));
    private FileChannel channel;
    private long written;

    Compactor(LogFiles files, EngineHooks hooks, UUID databaseId, RecordEncoder encoder) {
        this.files = files;
        this.hooks = hooks;
        this.databaseId = databaseId;
        this.encoder = encoder;
    }

    Outcome run(LogDatabase.Generation old, HistoryRetention retention, long now) throws IOException {
        channel = hooks.opener().open(files.compacting, EnumSet.of(StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ, StandardOpenOption.WRITE));
        boolean renamed = false;
        try {
            FileHeader.of(RecordFormat.KIND, LogStorageEngineProvider.NAME, RecordFormat.FORMAT_VERSION, databaseId)
                    .writeTo(channel);
            written = FileHeader.SIZE;
            hooks.compactionSteps().reached(CompactionStep.TEMP_CREATED);
            CodecTable codecs = new CodecTable();
            encoder.prepareCodec(out, codecs, now);
            KeyIndex index = new KeyIndex(old.index().size());
            List<String> keys = old.index().keys();
            keys.sort(null);
            long entries = 0;
            long live = 0;
            for (String key : keys) {
                KeyHistory.View v = old.index().get(key).view();
                int from = firstKept(v, retention);
                if (from < 0) {
                    continue;
                }
                KeyHistory h = copy(old, codecs, key, v, from);
                h.publish();
                index.putNew(key, h);
                entries += v.count() - from;
                live += h.view().live() ? 1 : 0;
            }
            flush();
            hooks.compactionSteps().reached(CompactionStep.TEMP_WRITTEN);
            channel.force(true);
            hooks.compactionSteps().reached(CompactionStep.TEMP_SYNCED);
            LogFiles.moveAtomically(files.compacting, files.log);
            renamed = true;
            hooks.compactionSteps().reached(CompactionStep.RENAMED);
            SealedFiles.syncDirectory(files.dir);
            hooks.compactionSteps().reached(CompactionStep.DIRECTORY_SYNCED);
            return new Outcome(new LogDatabase.Generation(channel, index, codecs), written, entries, live);
        } catch (IOException | RuntimeException e) {
            try {
                channel.close();
                if (!renamed) {
                    Files.deleteIfExists(files.compacting);
                }
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** First entry index to keep, or -1 to drop the key. */
    private static int firstKept(KeyHistory.View v, HistoryRetention retention) {
        if (v.count() == 0) {
            return -1;
        }
        if (retention.keepsAll()) {
            return 0; // every entry, deletes and deleted keys included: history was promised
        }
        if (!v.live()) {
            return -1;
        }
        return Math.max(0, v.count() - retention.keepLast());
    }

    private static boolean sameTime(long[] timestamps, int from, int to) {
        for (int x = from + 1; x < to; x++) {
            if (timestamps[x] != timestamps[from]) {
                return false;
            }
        }
        return true;
    }

    private KeyHistory copy(LogDatabase.Generation old, CodecTable codecs, String key, KeyHistory.View v, int from)
            throws IOException {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        KeyHistory h = new KeyHistory();
        int i = from;
        while (i < v.count()) {
            ValueType t = v.type(i);
            long ts = v.timestamps()[i];
            if (t == ValueType.FLOAT64 || t == ValueType.INT64) {
                int j = i + 1;
                while (j < v.count() && j - i < RecordFormat.SERIES_CHUNK && v.type(j) == t) {
                    j++;
                }
                boolean floats = t == ValueType.FLOAT64;
                int start;
                if (j - i == 1) {
                    start = out.beginRecord(t.tag(), 0, k, ts);
                    out.putLong(v.bits()[i]);
                } else {
                    start = out.beginRecord(floats ? RecordFormat.KIND_SERIES_F64 : RecordFormat.KIND_SERIES_I64, 0, k, ts);
                    // A run written by one putFloats/putInts shares one time: keep it once, as the
                    // original record did, instead of a zero delta per point.
                    SeriesEncoding.encode(out, floats, v.bits(), sameTime(v.timestamps(), i, j) ? null : v.timestamps(),
                            i, j, ts);
                }
                out.endRecord(start);
                for (int x = i; x < j; x++) {
                    h.appendNumeric(v.timestamps()[x], t, v.bits()[x]);
                }
                i = j;
            } else if (t == ValueType.NULL) {
                out.endRecord(out.beginRecord(t.tag(), 0, k, ts));
                h.appendNull(ts);
                i++;
            } else {
                boolean last = i == v.count() - 1;
                Atom a = last && v.latest() != null
                        ? v.latest()
                        : StoredValues.read(old.channel(), files.log, v.offset(i), old.codecs());
                byte[] text = a instanceof Atom.Text txt ? txt.value().getBytes(StandardCharsets.UTF_8) : null;
                int start = encoder.single(out, codecs, k, ts, a, text, 0);
                long offset = written + start;
                h.appendStored(ts, t, offset, last && t != ValueType.VECTOR
                        && ValueEncoding.rawSize(a, text) <= RecordFormat.CACHE_LIMIT ? a : null);
                i++;
            }
            if (out.size() >= FLUSH_AT) {
                flush();
            }
        }
        return h;
    }

    private void flush() throws IOException {
        ByteBuffer b = ByteBuffer.wrap(out.array(), 0, out.size());
        while (b.hasRemaining()) {
            channel.write(b, written + b.position());
        }
        written += out.size();
        out.reset();
    }
}
