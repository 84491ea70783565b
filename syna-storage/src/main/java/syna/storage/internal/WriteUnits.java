package syna.storage.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import syna.api.Atom;
import syna.api.ClosedException;
import syna.api.InvalidArgumentException;
import syna.api.UnsupportedFeatureException;
import syna.api.ValueType;
import syna.storage.internal.LogWriter.WriteUnit;

/**
 * The writes of the log engine as {@link WriteUnit}s of the one write template
 * ({@link LogWriter#run}). Each encodes its records and, once they are appended, applies them to the
 * index. Not thread-safe; one per write.
 */
final class WriteUnits {
    private WriteUnits() {}

    /** Resolves the key space a write goes to, with the writer lock held. */
    @FunctionalInterface
    interface Target {
        /** The space in generation {@code g}; throws when it is gone (a dropped namespace). */
        Space space(LogWriter w, Generation g, long ts);
    }

    /** The user keys. */
    static final Target USER = (w, g, ts) -> g.spaces().user;

    /** An existing namespace {@code name}; a dropped one throws {@link ClosedException}. */
    static Target namespace(String name, String dir) {
        return (w, g, ts) -> {
            Space s = g.spaces().named(name);
            if (s == null) {
                throw new ClosedException("namespace '" + name + "' of database " + dir + " was dropped");
            }
            return s;
        };
    }

    /** Counts the change a publish made to {@code h} in its space. */
    static void finish(Space s, boolean wasLive, KeyHistory h, long added) {
        boolean live = h.view().live();
        s.count(live == wasLive ? 0 : live ? 1 : -1, added);
    }

    /**
     * Whether the index keeps {@code value} in memory for good as the latest value once it is read
     * back from the file (recovery, compaction, a get after a checkpoint load); else it is read from
     * the file, or held for a while after its write ({@link #cachedAtWrite}).
     */
    static boolean servedFromMemory(Atom value) {
        return switch (value) {
            case Atom.Text t -> RecordFormat.cacheable(value, t.value().length() * 3L);
            case Atom.Bytes b -> RecordFormat.cacheable(value, b.length());
            // Never cached: a vector store keeps the one resident copy of its vectors (issue 11); gets read the file.
            case Atom.Vector v -> false;
            default -> true;
        };
    }

    /**
     * Whether a write keeps {@code value} in memory as its key's latest value: what {@link
     * #servedFromMemory} keeps, and text and bytes of up to {@link RecordFormat#CACHE_LIMIT} bytes,
     * which {@link RecentValues} drops again after the budget of newer values (see {@link #recentBytes}).
     */
    static boolean cachedAtWrite(Atom value) {
        return servedFromMemory(value) || recentBytes(value) > 0;
    }

    /** Heap bytes {@code value} takes while {@link RecentValues} holds it, or 0 when it does not go there. */
    static long recentBytes(Atom value) {
        long n = switch (value) {
            case Atom.Text t -> t.value().length() * 3L;
            case Atom.Bytes b -> b.length();
            default -> 0;
        };
        return n > RecordFormat.HEAP_VALUE_LIMIT && n <= RecordFormat.CACHE_LIMIT ? n : 0;
    }

    /**
     * Whether NONE hands a unit holding {@code value} to the OS at once rather than buffering it: values
     * over {@link RecordFormat#CACHE_LIMIT} and vectors, whose readers would otherwise wait for a flush.
     */
    static boolean flushesAtOnce(Atom value) {
        return switch (value) {
            case Atom.Text t -> t.value().length() * 3L > RecordFormat.CACHE_LIMIT;
            case Atom.Bytes b -> b.length() > RecordFormat.CACHE_LIMIT;
            case Atom.Vector v -> true;
            default -> false;
        };
    }

    /** The view of a new key whose first entry is {@code value}, written at {@code ts} by the record at {@code offset}. */
    static HistoryView firstView(long ts, Atom value, long offset) {
        return switch (value) {
            case Atom.Null n -> new HistoryView(ts, (byte) ValueType.NULL.tag(), 0, offset, ValueEncoding.NULL);
            case Atom.Float64 f -> new HistoryView(ts, (byte) ValueType.FLOAT64.tag(),
                    Double.doubleToRawLongBits(f.value()), offset, value);
            case Atom.Int64 i -> new HistoryView(ts, (byte) ValueType.INT64.tag(), i.value(), offset, value);
            case Atom.Text t -> new HistoryView(ts, (byte) ValueType.TEXT.tag(), 0, offset,
                    cachedAtWrite(value) ? value : null);
            case Atom.Bytes b -> new HistoryView(ts, (byte) ValueType.BYTES.tag(), 0, offset,
                    cachedAtWrite(value) ? value : null);
            case Atom.Vector v -> new HistoryView(ts, (byte) ValueType.VECTOR.tag(), 0, offset,
                    servedFromMemory(value) ? value : null);
        };
    }

    /** Appends one single value to {@code h} (not yet published). */
    static void appendValue(KeyHistory h, long ts, Atom value, long offset) {
        switch (value) {
            case Atom.Null n -> h.appendNull(ts, offset);
            case Atom.Float64 f -> h.appendNumeric(ts, ValueType.FLOAT64, Double.doubleToRawLongBits(f.value()), offset);
            case Atom.Int64 i -> h.appendNumeric(ts, ValueType.INT64, i.value(), offset);
            case Atom.Text t -> h.appendStored(ts, ValueType.TEXT, offset, cachedAtWrite(value) ? value : null);
            case Atom.Bytes b -> h.appendStored(ts, ValueType.BYTES, offset, cachedAtWrite(value) ? value : null);
            case Atom.Vector v -> h.appendStored(ts, ValueType.VECTOR, offset, servedFromMemory(value) ? value : null);
        }
    }

    /** The namespace {@code name}, created (record written into the buffer, space registered) when absent. */
    static Space ensureNamespace(LogWriter w, Generation g, String name, long ts) {
        Space s = g.spaces().named(name);
        if (s != null) {
            return s;
        }
        checkNamespaces(g, name);
        byte[] nameBytes = Keys.encodeNamespace(name);
        int id = g.spaces().nextId();
        int start = w.out.beginRecord(RecordFormat.KIND_NAMESPACE, 0, nameBytes, ts);
        VarInts.put(w.out, id);
        w.out.endRecord(start);
        s = new Space(id, name, new KeyIndex());
        g.spaces().add(s);
        return s;
    }

    /** Throws when the file's format has no namespaces. */
    static void checkNamespaces(Generation g, String name) {
        if (g.formatVersion() < 2) {
            throw new UnsupportedFeatureException("namespace '" + name + "': this database is in log format "
                    + g.formatVersion() + ", which has no namespaces; compact it once (Database.compact() or"
                    + " `syna compact`) to upgrade it to format " + RecordFormat.FORMAT_VERSION);
        }
    }

    // ---- units --------------------------------------------------------------------------------

    /** One value: put (text, vector, numbers, deletes through put). */
    static final class Put extends WriteUnit {
        private final Target target;
        private final String key;
        private final byte[] k;
        private final Atom value;
        private final byte[] text;
        private Space space;
        private KeyHistory h;
        private long ts;
        private long offset;

        Put(Target target, String key, byte[] k, Atom value, byte[] text) {
            this.target = target;
            this.key = key;
            this.k = k;
            this.value = value;
            this.text = text;
        }

        @Override
        boolean encode(LogWriter w, Generation g, long now) {
            space = target.space(w, g, now);
            h = space.existingHistory(key); // null for a new key: it gets a bare view, no history object
            ts = h == null ? now : Math.max(now, h.lastTimestamp());
            offset = w.offsetOf(w.encoder.single(w.out, g.codecs(), space.id, k, ts, value, text, 0));
            mustFlush = flushesAtOnce(value);
            return true;
        }

        @Override
        void apply(LogWriter w, Generation g) {
            if (h == null) {
                space.addNew(key, firstView(ts, value, offset));
            } else {
                boolean wasLive = h.view().live();
                appendValue(h, ts, value, offset);
                h.publish();
                finish(space, wasLive, h, 1);
            }
            w.recent(g, space, key, value);
        }
    }

    /** A bytes value straight from the caller's array or segment (no intermediate {@link Atom}). */
    static final class PutBytes extends WriteUnit {
        private final Target target;
        private final String key;
        private final byte[] k;
        private final byte[] array;
        private final MemorySegment segment;
        private Space space;
        private KeyHistory h;
        private long ts;
        private long offset;

        PutBytes(Target target, String key, byte[] k, byte[] array, MemorySegment segment) {
            this.target = target;
            this.key = key;
            this.k = k;
            this.array = array;
            this.segment = segment;
        }

        private long size() {
            return array != null ? array.length : segment.byteSize();
        }

        @Override
        boolean encode(LogWriter w, Generation g, long now) {
            space = target.space(w, g, now);
            h = space.historyFor(key);
            ts = Math.max(now, h.lastTimestamp());
            if (array != null) {
                offset = w.offsetOf(w.encoder.bytes(w.out, g.codecs(), space.id, k, ts, array, 0));
            } else if (segment.byteSize() >= LogWriter.DIRECT_AT && !w.encoder.compresses(segment.byteSize())) {
                offset = w.appendDirect(g, ValueType.BYTES.tag(), space.id, k, ts, segment);
            } else {
                offset = w.offsetOf(w.encoder.bytes(w.out, g.codecs(), space.id, k, ts, segment, 0));
            }
            mustFlush = size() > RecordFormat.CACHE_LIMIT;
            return true;
        }

        @Override
        void apply(LogWriter w, Generation g) {
            boolean wasLive = h.view().live();
            Atom cached = null;
            if (size() <= RecordFormat.CACHE_LIMIT) {
                cached = Atom.of(array != null ? array : segment.toArray(ValueLayout.JAVA_BYTE));
            }
            h.appendStored(ts, ValueType.BYTES, offset, cached);
            h.publish();
            finish(space, wasLive, h, 1);
            space.index.settle(key, h);
            if (cached != null) {
                w.recent(g, space, key, cached);
            }
        }
    }

    /** A delete of a live key; nothing is written for an absent or deleted key. */
    static final class Delete extends WriteUnit {
        private final Target target;
        private final String key;
        private final byte[] k;
        private Space space;
        private KeyHistory h;
        private long ts;
        private long offset;

        Delete(Target target, String key, byte[] k) {
            this.target = target;
            this.key = key;
            this.k = k;
        }

        @Override
        boolean encode(LogWriter w, Generation g, long now) {
            space = target.space(w, g, now);
            space.journal(key);
            HistoryView v = space.index.view(key);
            if (v == null || !v.live()) {
                return false;
            }
            h = space.index.writable(key);
            ts = Math.max(now, h.lastTimestamp());
            offset = w.offsetOf(w.encoder.single(w.out, g.codecs(), space.id, k, ts, ValueEncoding.NULL, null, 0));
            return true;
        }

        @Override
        void apply(LogWriter w, Generation g) {
            boolean wasLive = h.view().live();
            h.appendNull(ts, offset);
            h.publish();
            finish(space, wasLive, h, 1);
        }
    }

    /** Numeric points of one key, in chunks of at most 65,536 points, one atomic unit. */
    static final class Series extends WriteUnit {
        private final Target target;
        private final String key;
        private final byte[] k;
        private final long[] values;
        /** Per-point times, validated non-decreasing; null: every point at the write time. */
        private final long[] times;
        private final ValueType type;
        private Space space;
        private KeyHistory h;
        private long ts;
        private long[] chunkOffsets;

        Series(Target target, String key, byte[] k, long[] values, long[] times, ValueType type) {
            this.target = target;
            this.key = key;
            this.k = k;
            this.values = values;
            this.times = times;
            this.type = type;
        }

        @Override
        boolean encode(LogWriter w, Generation g, long now) {
            space = target.space(w, g, now);
            h = space.historyFor(key);
            long last = h.lastTimestamp();
            if (times != null && times[0] < last) {
                throw new InvalidArgumentException("series point 0 of key '" + key + "' has time " + times[0]
                        + ", before the key's latest entry at " + last + " (times must not decrease)");
            }
            ts = Math.max(now, last);
            boolean floats = type == ValueType.FLOAT64;
            int kind = floats ? RecordFormat.KIND_SERIES_F64 : RecordFormat.KIND_SERIES_I64;
            int chunks = (values.length + RecordFormat.SERIES_CHUNK - 1) / RecordFormat.SERIES_CHUNK;
            chunkOffsets = new long[chunks];
            for (int c = 0; c < chunks; c++) {
                int from = c * RecordFormat.SERIES_CHUNK;
                int to = Math.min(values.length, from + RecordFormat.SERIES_CHUNK);
                int flags = to < values.length ? RecordFormat.FLAG_CONTINUES : 0;
                long recordTs = times == null ? ts : times[from];
                int start = w.out.beginRecord(kind, flags, space.id, k, recordTs);
                SeriesEncoding.encode(w.out, floats, values, times, from, to, recordTs, g.formatVersion());
                w.out.endRecord(start);
                chunkOffsets[c] = w.offsetOf(start);
            }
            return true;
        }

        @Override
        void apply(LogWriter w, Generation g) {
            boolean wasLive = h.view().live();
            h.reserve(values.length);
            for (int i = 0; i < values.length; i++) {
                h.appendNumeric(times == null ? ts : times[i], type, values[i],
                        chunkOffsets[i / RecordFormat.SERIES_CHUNK]);
            }
            h.publish();
            finish(space, wasLive, h, values.length);
            space.index.settle(key, h);
        }
    }

    /** A write batch: one atomic unit over any key spaces. */
    static final class Batch extends WriteUnit {
        /** One op, its key bytes and text bytes checked and encoded before the lock. */
        record Op(String namespace, String key, byte[] k, Atom value, byte[] text) {}

        private final Target target;
        private final List<Op> ops;
        private final Space[] spaces;
        private final KeyHistory[] histories;
        private final long[] times;
        private final long[] offsets;

        Batch(Target target, List<Op> ops) {
            this.target = target;
            this.ops = ops;
            int n = ops.size();
            this.spaces = new Space[n];
            this.histories = new KeyHistory[n];
            this.times = new long[n];
            this.offsets = new long[n];
        }

        @Override
        void prepare(LogWriter w, Generation g, long ts) {
            Space unscoped = null;
            for (int i = 0; i < ops.size(); i++) {
                Op op = ops.get(i);
                if (op.namespace().isEmpty()) {
                    if (unscoped == null) {
                        unscoped = target.space(w, g, ts);
                    }
                    spaces[i] = unscoped;
                } else {
                    spaces[i] = ensureNamespace(w, g, op.namespace(), ts);
                }
            }
        }

        @Override
        boolean encode(LogWriter w, Generation g, long now) {
            int n = ops.size();
            long bytes = 0; // the batch's size uncompressed: one allocation for a large batch, not a doubling series
            for (int i = 0; i < n; i++) {
                Op op = ops.get(i);
                bytes += RecordFormat.HEADER + 5 + op.k().length + ValueEncoding.rawSize(op.value(), op.text());
            }
            w.out.reserve(bytes);
            for (int i = 0; i < n; i++) {
                Op op = ops.get(i);
                KeyHistory h = spaces[i].historyFor(op.key());
                histories[i] = h;
                times[i] = Math.max(now, h.lastTimestamp());
                int flags = i < n - 1 ? RecordFormat.FLAG_CONTINUES : 0;
                offsets[i] = w.offsetOf(w.encoder.single(w.out, g.codecs(), spaces[i].id, op.k(), times[i], op.value(),
                        op.text(), flags));
                mustFlush |= flushesAtOnce(op.value());
            }
            return true;
        }

        @Override
        void apply(LogWriter w, Generation g) {
            for (int i = 0; i < ops.size(); i++) {
                KeyHistory h = histories[i];
                boolean wasLive = h.view().live();
                appendValue(h, times[i], ops.get(i).value(), offsets[i]);
                h.publish();
                finish(spaces[i], wasLive, h, 1);
            }
            for (int i = 0; i < ops.size(); i++) {
                spaces[i].index.settle(ops.get(i).key(), histories[i]); // after all: a key may come twice
                w.recent(g, spaces[i], ops.get(i).key(), ops.get(i).value());
            }
        }
    }

    /** Creates a namespace (its record is its own unit). */
    static final class CreateNamespace extends WriteUnit {
        private final String name;

        CreateNamespace(String name) {
            this.name = name;
        }

        @Override
        void prepare(LogWriter w, Generation g, long ts) {
            ensureNamespace(w, g, name, ts);
        }

        @Override
        boolean encode(LogWriter w, Generation g, long ts) {
            return false; // the namespace record was written by prepare, when the namespace was new
        }

        @Override
        void apply(LogWriter w, Generation g) {}
    }

    /** Drops a namespace and every key in it. */
    static final class DropNamespace extends WriteUnit {
        private final String name;
        private final Consumer<String> dropped;
        private Space space;

        /** {@code dropped} is told the name once the drop is applied (to invalidate handles). */
        DropNamespace(String name, Consumer<String> dropped) {
            this.name = name;
            this.dropped = dropped;
        }

        @Override
        boolean encode(LogWriter w, Generation g, long ts) {
            space = g.spaces().named(name);
            if (space == null) {
                return false;
            }
            int start = w.out.beginRecord(RecordFormat.KIND_NAMESPACE_DROP, 0, name.getBytes(StandardCharsets.UTF_8), ts);
            VarInts.put(w.out, space.id);
            w.out.endRecord(start);
            return true;
        }

        @Override
        void apply(LogWriter w, Generation g) {
            g.spaces().remove(space);
            dropped.accept(name);
        }
    }
}
