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
    record Result(Spaces spaces, CodecTable codecs, long validEnd, List<String> damaged, long checkpointEnd) {
        Result(Spaces spaces, CodecTable codecs, long validEnd, List<String> damaged) {
            this(spaces, codecs, validEnd, damaged, -1);
        }

        /** The user keys' index (tests). */
        KeyIndex index() {
            return spaces.user.index;
        }
    }

    private final FileChannel channel;
    private final Path file;
    private final boolean salvage;
    private final int version;
    /** Every key met, in order of first appearance, its key space id and its history (same positions). */
    private final List<String> keyNames = new ArrayList<>();
    private final List<KeyHistory> histories = new ArrayList<>();
    private final List<Integer> keySpaces = new ArrayList<>();
    /** Namespaces defined and not dropped: id to name. */
    private final java.util.Map<Integer, String> namespaces = new java.util.HashMap<>();
    private int maxNamespaceId;
    private final CodecTable codecs;
    /** The checkpoint the scan continues from, or null for a scan of the whole log. */
    private final CheckpointFile.Loaded base;
    /** Keys of {@link #base} the scan touched: their live state and entry count before it. */
    private final java.util.IdentityHashMap<KeyHistory, long[]> touched = new java.util.IdentityHashMap<>();
    private final List<KeyHistory> unit = new ArrayList<>();
    private KeyHistory[] slots = new KeyHistory[1024];
    private byte[][] slotKeys = new byte[1024][];
    private int[] slotHashes = new int[1024];
    private int slotCount;
    private long end;

    private Recovery(FileChannel channel, Path file, boolean salvage, int version, CheckpointFile.Loaded base) {
        this.channel = channel;
        this.file = file;
        this.salvage = salvage;
        this.version = version;
        this.base = base;
        this.codecs = base == null ? new CodecTable() : base.codecs();
        if (base != null) {
            for (Space s : base.spaces().namespaces()) {
                namespaces.put(s.id, s.name);
            }
            maxNamespaceId = base.spaces().maxId();
        }
    }

    /** Scans {@code [start, end)} of {@code channel}, a log in the newest format. */
    static Result run(FileChannel channel, Path file, long start, long end, boolean salvage) throws IOException {
        return run(channel, file, start, end, salvage, RecordFormat.FORMAT_VERSION);
    }

    /** Scans {@code [start, end)} of {@code channel}, a log in format {@code version}. */
    static Result run(FileChannel channel, Path file, long start, long end, boolean salvage, int version)
            throws IOException {
        return new Recovery(channel, file, salvage, version, null).scan(start, end);
    }

    /**
     * Continues from checkpoint {@code base}: scans only {@code [base.end(), end)} of {@code channel}
     * and applies it to the checkpoint's spaces, which the result then holds.
     */
    static Result resume(FileChannel channel, Path file, CheckpointFile.Loaded base, long end, boolean salvage,
            int version) throws IOException {
        return new Recovery(channel, file, salvage, version, base).scan(base.end(), end);
    }

    private Result scan(long start, long end) throws IOException {
        this.end = end;
        LogCursor cur = new LogCursor(channel, end, version);
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
        if (base != null) {
            return new Result(resumed(), codecs, unitStart, damaged, base.end());
        }
        int[] perSpace = new int[maxNamespaceId + 1];
        for (int id : keySpaces) {
            perSpace[id]++;
        }
        Space user = new Space(Space.USER, "", new KeyIndex(perSpace[Space.USER]));
        java.util.Map<Integer, Space> byId = new java.util.HashMap<>();
        List<Space> live = new ArrayList<>();
        for (java.util.Map.Entry<Integer, String> e : namespaces.entrySet()) {
            Space s = new Space(e.getKey(), e.getValue(), new KeyIndex(perSpace[e.getKey()]));
            byId.put(e.getKey(), s);
            live.add(s);
        }
        for (int i = 0; i < keyNames.size(); i++) {
            KeyHistory h = histories.get(i);
            int id = keySpaces.get(i);
            Space s = id == Space.USER ? user : byId.get(id);
            if (h.workingCount() == 0 || s == null) {
                continue; // every entry of the key was in a torn unit, or its namespace was dropped
            }
            h.publish();
            s.index.putNew(keyNames.get(i), h);
            s.count(h.view().live() ? 1 : 0, h.workingCount());
        }
        return new Result(new Spaces(user, live, maxNamespaceId), codecs, unitStart, damaged);
    }

    /** The checkpoint's spaces with what the scan found applied: new keys and namespaces, drops. */
    private Spaces resumed() {
        Spaces from = base.spaces();
        int[] perSpace = new int[maxNamespaceId + 1];
        for (int i = 0; i < keySpaces.size(); i++) {
            if (!touched.containsKey(histories.get(i))) {
                perSpace[keySpaces.get(i)]++;
            }
        }
        java.util.Map<Integer, Space> byId = new java.util.HashMap<>();
        List<Space> live = new ArrayList<>();
        for (java.util.Map.Entry<Integer, String> e : namespaces.entrySet()) {
            Space s = from.withId(e.getKey());
            if (s == null) {
                s = new Space(e.getKey(), e.getValue(), new KeyIndex(perSpace[e.getKey()]));
            }
            byId.put(e.getKey(), s);
            live.add(s);
        }
        for (int i = 0; i < keyNames.size(); i++) {
            KeyHistory h = histories.get(i);
            int id = keySpaces.get(i);
            Space s = id == Space.USER ? from.user : byId.get(id);
            if (s == null) {
                continue; // its namespace was dropped
            }
            long[] before = touched.get(h);
            if (before != null) {
                h.publish();
                s.count((h.view().live() ? 1 : 0) - before[0], h.workingCount() - before[1]);
                continue;
            }
            if (h.workingCount() == 0) {
                continue; // every entry of the key was in a torn unit
            }
            h.publish();
            s.index.putNew(keyNames.get(i), h);
            s.count(h.view().live() ? 1 : 0, h.workingCount());
        }
        return new Spaces(from.user, live, maxNamespaceId);
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
        LogCursor cur = new LogCursor(channel, end, 256 << 10, version); // forward-only, in small chunks
        for (KeyHistory h : stored) {
            long offset = h.workingLatestOffset();
            if (cur.claimedValueLength(offset) > RecordFormat.HEAP_VALUE_LIMIT) {
                continue; // read on demand, from the maps of the log
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
    private KeyHistory history(byte[] buf, int off, int len, boolean namespaced) {
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
        KeyHistory kh = null;
        int id = Space.USER;
        int keyOff = off;
        if (namespaced) {
            VarInts.Reader in = new VarInts.Reader(buf, off, off + len);
            long n = in.next();
            keyOff = off + SeriesEncoding.varLen(n);
            if (n < 1 || !namespaces.containsKey((int) Math.min(n, Integer.MAX_VALUE))) {
                throw new IllegalStateException("record of namespace id " + n + ", which no namespace record defines"
                        + " (or a drop record removed)");
            }
            if (keyOff >= off + len) {
                throw new IllegalStateException("namespaced record with an empty key");
            }
            id = (int) n;
        }
        String name = new String(buf, keyOff, off + len - keyOff, StandardCharsets.UTF_8);
        Space known = base == null ? null : base.spaces().withId(id);
        if (known != null) {
            kh = known.index.writable(name); // a key of the checkpoint: the scan appends to its history
            if (kh != null) {
                touched.put(kh, new long[] {kh.view().live() ? 1 : 0, kh.workingCount()});
            }
        }
        if (kh == null) {
            kh = new KeyHistory();
        }
        keyNames.add(name);
        keySpaces.add(id);
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

    /** A namespace definition or drop (format 2): key = name, value = varint id. */
    private void namespaceRecord(LogCursor cur, byte[] b, int v, int vlen) {
        if ((cur.flags & (RecordFormat.FLAG_CONTINUES | RecordFormat.FLAG_COMPRESSED | RecordFormat.FLAG_NAMESPACED)) != 0
                || !unit.isEmpty()) {
            throw new IllegalStateException("namespace record with flags 0x" + Integer.toHexString(cur.flags)
                    + " or inside an atomic unit");
        }
        VarInts.Reader in = new VarInts.Reader(b, v, v + vlen);
        long id = in.next();
        if (!in.atEnd() || id < 1 || id > Integer.MAX_VALUE - 1) {
            throw new IllegalStateException("namespace record with a bad id " + id);
        }
        String name = new String(b, cur.keyIndex(), cur.keyLen, StandardCharsets.UTF_8);
        int n = (int) id;
        if (cur.kind == RecordFormat.KIND_NAMESPACE) {
            if (n <= maxNamespaceId || namespaces.containsValue(name)) {
                throw new IllegalStateException("namespace '" + name + "' defined with id " + n + " (ids so far up to "
                        + maxNamespaceId + ", names " + namespaces.values() + ")");
            }
            namespaces.put(n, name);
            maxNamespaceId = n;
        } else if (!name.equals(namespaces.remove(n))) {
            throw new IllegalStateException("drop of namespace '" + name + "' id " + n + ", which is not defined");
        }
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
            if (cur.kind == RecordFormat.KIND_NAMESPACE || cur.kind == RecordFormat.KIND_NAMESPACE_DROP) {
                namespaceRecord(cur, b, v, vlen);
                return;
            }
            KeyHistory h = history(b, cur.keyIndex(), cur.keyLen, (cur.flags & RecordFormat.FLAG_NAMESPACED) != 0);
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
                    SeriesEncoding.decode(b, v, vlen, t == ValueType.FLOAT64, ts, version,
                            (pts, bits) -> h.appendNumeric(pts, t, bits, offset));
                }
                default -> {
                    ValueType t = ValueType.ofTag(cur.kind);
                    switch (t) {
                        case NULL -> {
                            if (vlen != 0) {
                                throw new IllegalStateException("delete record with a " + vlen + "-byte value");
                            }
                            h.appendNull(ts, offset);
                        }
                        case FLOAT64, INT64 -> {
                            if ((cur.flags & RecordFormat.FLAG_COMPRESSED) != 0) {
                                throw new IllegalStateException(t + " record with the compressed flag");
                            }
                            h.appendNumeric(ts, t, ValueEncoding.numericBits(b, v, vlen, cur.kind), offset);
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
