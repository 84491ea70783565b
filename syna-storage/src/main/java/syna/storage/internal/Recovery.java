package syna.storage.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import syna.api.CorruptFileException;
import syna.api.ValueType;

/**
 * Rebuilds the index from a log on open: checks every record, applies complete atomic units only,
 * and finds where the valid log ends. A damaged record after which no valid record follows is a
 * torn tail (the caller truncates it); one followed by valid records is corruption, which fails
 * the open unless salvage was asked for. Not thread-safe; one per open.
 */
final class Recovery {
    /** What the scan found. */
    record Result(
            KeyIndex index,
            CodecTable codecs,
            long validEnd,
            long liveKeys,
            long entries,
            List<String> damaged) {}

    private final FileChannel channel;
    private final Path file;
    private final boolean salvage;
    /** Every key met, in order of first appearance, and its history (same positions). */
    private final List<String> keyNames = new ArrayList<>();
    private final List<KeyHistory> histories = new ArrayList<>();
    private final CodecTable codecs = new CodecTable();
    private final List<KeyHistory> unit = new ArrayList<>();
    private KeyHistory[] slots = new KeyHistory[1024];
    private byte[][] slotKeys = new byte[1024][];
    private int[] slotHashes = new int[1024];
    private int slotCount;
    private long end;

    private Recovery(FileChannel channel, Path file, boolean salvage) {
        this.channel = channel;
        this.file = file;
        this.salvage = salvage;
    }

    /** Scans {@code [start, end)} of {@code channel}. */
    static Result run(FileChannel channel, Path file, long start, long end, boolean salvage) throws IOException {
        return new Recovery(channel, file, salvage).scan(start, end);
    }

    private Result scan(long start, long end) throws IOException {
        this.end = end;
        LogCursor cur = new LogCursor(channel, end);
        List<String> damaged = new ArrayList<>();
        long pos = start;
        long unitStart = start;
        while (pos < end) {
            String problem = cur.check(pos);
            if (problem == null) {
                apply(cur);
                pos += cur.length;
                if ((cur.flags & RecordFormat.FLAG_CONTINUES) == 0) {
                    if (!unit.isEmpty()) {
                        for (KeyHistory h : unit) {
                            h.commitUnit();
                        }
                        unit.clear();
                    }
                    unitStart = pos;
                }
                continue;
            }
            long next = cur.findNext(pos);
            if (next < 0) {
                break; // torn tail: nothing valid follows
            }
            if (!salvage) {
                throw new CorruptFileException(file, pos, problem + "; valid records follow at offset " + next
                        + " (open with salvage to keep them)");
            }
            damaged.add("bytes [" + pos + ", " + next + "): " + problem
                    + (unitStart < pos ? "; dropped the unfinished atomic unit from offset " + unitStart : ""));
            rollback();
            pos = next;
            unitStart = next;
        }
        rollback(); // a unit still open at the end was never committed
        cacheLatest();
        long live = 0;
        long entries = 0;
        KeyIndex index = new KeyIndex(keyNames.size());
        for (int i = 0; i < keyNames.size(); i++) {
            KeyHistory h = histories.get(i);
            if (h.workingCount() == 0) {
                continue; // every entry of the key was in a torn unit
            }
            index.putNew(keyNames.get(i), h);
            h.publish();
            entries += h.workingCount();
            if (h.view().live()) {
                live++;
            }
        }
        return new Result(index, codecs, unitStart, live, entries, damaged);
    }

    /**
     * Reads back the latest value of each key whose latest entry is text, bytes or a vector, in file
     * order, and caches it when small: one positional read per such key instead of decoding every
     * record of the log during the scan.
     */
    private void cacheLatest() throws IOException {
        List<KeyHistory> stored = new ArrayList<>();
        for (KeyHistory h : histories) {
            if (h.workingLatestOffset() >= 0) {
                stored.add(h);
            }
        }
        stored.sort(java.util.Comparator.comparingLong(KeyHistory::workingLatestOffset));
        LogCursor cur = new LogCursor(channel, end, 256 << 10); // forward-only, in small chunks
        for (KeyHistory h : stored) {
            long offset = h.workingLatestOffset();
            if (cur.claimedValueLength(offset) > RecordFormat.CACHE_LIMIT) {
                continue; // large: read on demand
            }
            String problem = cur.check(offset);
            if (problem != null) {
                throw new CorruptFileException(file, offset, problem + " (on second read)");
            }
            if (cur.kind == ValueType.VECTOR.tag()) {
                continue; // vectors are read on demand: a vector store keeps the one resident copy
            }
            h.cacheLatest(StoredValues.decode(cur.kind, cur.flags, cur.buffer(), cur.valueIndex(), cur.valueLength(),
                    codecs, file, offset));
        }
    }

    private void rollback() {
        for (KeyHistory h : unit) {
            h.rollbackUnit();
        }
        unit.clear();
    }

    /**
     * The history of the key in {@code buf[off, off+len)}: an open-addressing table over the UTF-8
     * bytes finds known keys without decoding a String or allocating; a new key is decoded once.
     */
    private KeyHistory history(byte[] buf, int off, int len) {
        int h = 1;
        for (int i = off; i < off + len; i++) {
            h = 31 * h + buf[i];
        }
        h ^= h >>> 16;
        int mask = slots.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            KeyHistory kh = slots[i];
            if (kh == null) {
                break;
            }
            if (slotHashes[i] == h && Arrays.equals(slotKeys[i], 0, slotKeys[i].length, buf, off, off + len)) {
                return kh;
            }
        }
        KeyHistory kh = new KeyHistory();
        keyNames.add(new String(buf, off, len, StandardCharsets.UTF_8));
        histories.add(kh);
        if (++slotCount * 2 > slots.length) {
            KeyHistory[] oldSlots = slots;
            byte[][] oldKeys = slotKeys;
            int[] oldHashes = slotHashes;
            slots = new KeyHistory[oldSlots.length * 2];
            slotKeys = new byte[slots.length][];
            slotHashes = new int[slots.length];
            for (int j = 0; j < oldSlots.length; j++) {
                if (oldSlots[j] != null) {
                    insert(oldSlots[j], oldKeys[j], oldHashes[j]);
                }
            }
        }
        insert(kh, Arrays.copyOfRange(buf, off, off + len), h);
        return kh;
    }

    private void insert(KeyHistory kh, byte[] key, int h) {
        int mask = slots.length - 1;
        int i = h & mask;
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = kh;
        slotKeys[i] = key;
        slotHashes[i] = h;
    }

    private void apply(LogCursor cur) {
        byte[] b = cur.buffer();
        int v = cur.valueIndex();
        int vlen = cur.valueLength();
        long offset = cur.offset;
        try {
            if (cur.kind == RecordFormat.KIND_CODEC) {
                if (vlen != 1) {
                    throw new IllegalStateException("codec record value of " + vlen + " bytes, expected 1");
                }
                codecs.register(b[v] & 0xFF, new String(b, cur.keyIndex(), cur.keyLen, StandardCharsets.US_ASCII));
                return;
            }
            KeyHistory h = history(b, cur.keyIndex(), cur.keyLen);
            // a one-record unit cannot be torn once its record checked out: only units of several
            // records remember what to roll back
            boolean inUnit = (cur.flags & RecordFormat.FLAG_CONTINUES) != 0 || !unit.isEmpty();
            if (inUnit && h.markUnit()) {
                unit.add(h);
            }
            long ts = cur.timestamp;
            switch (cur.kind) {
                case RecordFormat.KIND_SERIES_F64, RecordFormat.KIND_SERIES_I64 -> {
                    ValueType t = RecordFormat.entryType(cur.kind);
                    if ((cur.flags & RecordFormat.FLAG_COMPRESSED) != 0) {
                        throw new IllegalStateException("series record with the compressed flag");
                    }
                    SeriesEncoding.decode(b, v, vlen, t == ValueType.FLOAT64, ts,
                            (pts, bits) -> h.appendNumeric(pts, t, bits));
                }
                default -> {
                    ValueType t = ValueType.ofTag(cur.kind);
                    switch (t) {
                        case NULL -> {
                            if (vlen != 0) {
                                throw new IllegalStateException("delete record with a " + vlen + "-byte value");
                            }
                            h.appendNull(ts);
                        }
                        case FLOAT64, INT64 -> {
                            if ((cur.flags & RecordFormat.FLAG_COMPRESSED) != 0) {
                                throw new IllegalStateException(t + " record with the compressed flag");
                            }
                            h.appendNumeric(ts, t, ValueEncoding.numericBits(b, v, vlen, cur.kind));
                        }
                        // decoded lazily: only each key's latest value is cached, see cacheLatest()
                        case TEXT, BYTES, VECTOR -> h.appendStored(ts, t, offset, null);
                    }
                }
            }
        } catch (IllegalStateException e) {
            throw new CorruptFileException(file, offset, e.getMessage(), e);
        }
    }
}
