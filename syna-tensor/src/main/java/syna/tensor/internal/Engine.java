package syna.tensor.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import syna.api.Atom;
import syna.api.Database;
import syna.api.HistoryQuery;
import syna.api.InvalidArgumentException;
import syna.api.KeyNotFoundException;
import syna.api.KeySpace;
import syna.api.Namespace;
import syna.api.TypeMismatchException;
import syna.api.WriteBatch;
import syna.api.store.ChunkedBlobs;
import syna.api.store.DeleteJournal;
import syna.api.store.Names;
import syna.tensor.BatchIterator;
import syna.tensor.BatchOptions;
import syna.tensor.DType;
import syna.tensor.Shape;
import syna.tensor.Tensor;
import syna.tensor.TensorEngine;
import syna.tensor.TensorInfo;
import syna.tensor.TensorOptions;
import syna.tensor.TensorReader;
import syna.tensor.TensorWriter;

/**
 * The tensor engine over one open database: names, the commit protocol with its journal, reads of
 * descriptions; assembling, streaming, batches and files live in their own classes. Thread-safe.
 */
public final class Engine implements TensorEngine {
    private static final System.Logger LOG = System.getLogger(Engine.class.getName());
    /** Key of the journal of pending chunk blobs in the chunks namespace (chunk keys start with 'g'). */
    static final String JOURNAL_KEY = "journal";
    /** Bytes of row values per putAll batch. */
    private static final int PUT_ALL_BATCH_BYTES = 1 << 20;
    private static final int PUT_ALL_BATCH_ROWS = 1024;

    /**
     * Per open database: the commit lock (a commit reads the old description and writes the new in
     * one step) and the chunk blobs being written in this process, which recovery must not delete.
     */
    static final class State {
        final ReentrantLock commitLock = new ReentrantLock();
        final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    }

    private final Database db;
    private final TensorOptions options;
    final Namespace descriptions;
    final Namespace chunks;
    final DeleteJournal journal;
    final State state;

    private Engine(Database db, TensorOptions options) {
        this.db = db;
        this.options = options;
        this.descriptions = db.namespace(options.namespace());
        this.chunks = db.namespace(options.chunkNamespace());
        this.journal = DeleteJournal.of(chunks, JOURNAL_KEY);
        this.state = descriptions.attachment(State.class, State::new);
    }

    /** The engine of {@code db}; finishes what crashed writers left unless the database is read-only. */
    public static Engine open(Database db, TensorOptions options) {
        if (db == null || options == null) {
            throw new InvalidArgumentException("tensor engine needs a database and options, got "
                    + (db == null ? "no database" : "no options"));
        }
        Engine e = new Engine(db, options);
        if (!db.options().readOnly()) {
            e.recover();
        }
        return e;
    }

    @Override
    public Database database() {
        return db;
    }

    @Override
    public TensorOptions options() {
        return options;
    }

    // ---- names -----------------------------------------------------------------------------------

    static String checkName(String name) {
        Names.check("tensor name", name);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '*' || c == '?' || c == '[') {
                throw new InvalidArgumentException("tensor name '" + name + "' contains the glob character '" + c
                        + "' at index " + i + "; names cannot contain * ? [");
            }
        }
        return name;
    }

    static boolean isGlob(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<String> names() {
        return sorted(descriptions.keys());
    }

    @Override
    public List<String> names(String glob) {
        if (glob == null || glob.isEmpty()) {
            throw new InvalidArgumentException("tensor glob must be a non-empty pattern, got " + glob);
        }
        return sorted(isGlob(glob) ? descriptions.keysMatching(glob)
                : descriptions.exists(glob) ? List.of(glob) : List.of());
    }

    private static List<String> sorted(List<String> keys) {
        List<String> out = new ArrayList<>(keys);
        out.sort(Natural.ORDER);
        return out;
    }

    @Override
    public boolean exists(String name) {
        return descriptions.exists(checkName(name));
    }

    @Override
    public Optional<TensorInfo> info(String name) {
        return descriptor(checkName(name)).map(Descriptor::info);
    }

    /** The description of {@code name}, read (with an inline tensor's data) into a temporary arena. */
    Optional<Descriptor> descriptor(String name) {
        if (!descriptions.exists(name)) {
            return Optional.empty();
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = descriptions.getBytes(name, arena);
            return Optional.of(Descriptor.parse(name, v));
        } catch (KeyNotFoundException e) {
            return Optional.empty(); // deleted meanwhile
        } catch (TypeMismatchException e) {
            throw new syna.api.SerializationException("key '" + name + "' of namespace " + descriptions.name()
                    + " is not a tensor description", e);
        }
    }

    // ---- writes ----------------------------------------------------------------------------------

    /** Chunk size for a tensor of {@code bytes} with rows of {@code rowBytes}. */
    int chunkBytesFor(long bytes, long rowBytes) {
        long target = options.chunkBytes() > 0 ? options.chunkBytes()
                : bytes < TensorOptions.LARGE_TENSOR ? TensorOptions.SMALL_CHUNK : TensorOptions.LARGE_CHUNK;
        target = Math.min(target, db.options().maxValueBytes());
        if (options.chunkBytes() == 0 && rowBytes > 0 && rowBytes <= target) {
            target = target / rowBytes * rowBytes; // whole rows per chunk: a row never straddles two
        }
        return (int) Math.max(1, target);
    }

    @Override
    public TensorInfo put(String name, Tensor tensor) {
        checkName(name);
        if (tensor == null) {
            throw new InvalidArgumentException("tensor to store as '" + name + "' must not be null");
        }
        Tensor packed = tensor.contiguous();
        try (TensorWriter w = writer(name, tensor.dtype(), tensor.shape())) {
            w.write(packed.segment());
            return w.commit();
        } finally {
            if (packed != tensor) {
                packed.close();
            }
        }
    }

    @Override
    public TensorWriter writer(String name, DType dtype, Shape shape) {
        checkName(name);
        if (dtype == null || shape == null) {
            throw new InvalidArgumentException("tensor '" + name + "' needs a dtype and a shape");
        }
        long bytes = shape.byteSize(dtype);
        if (bytes <= options.inlineBytes()) {
            return new InlineWriter(this, name, dtype, shape);
        }
        long rowBytes = shape.rank() == 0 ? bytes : shape.rowShape().byteSize(dtype);
        int chunkBytes = chunkBytesFor(bytes, rowBytes);
        if ((bytes + chunkBytes - 1) / chunkBytes > Integer.MAX_VALUE / 8) {
            throw new InvalidArgumentException("tensor '" + name + "' of " + bytes + " bytes needs more than "
                    + Integer.MAX_VALUE / 8 + " chunks of " + chunkBytes + " bytes");
        }
        return new ChunkWriter(this, name, dtype, shape, chunkBytes, newGeneration());
    }

    private long newGeneration() {
        long g;
        do {
            g = ThreadLocalRandom.current().nextLong();
        } while (g == 0 || state.inFlight.contains(g));
        return g;
    }

    static String journalId(long generation) {
        return Descriptor.chunkPrefix(generation);
    }

    /** Registers chunk blob {@code generation} of {@code name} as pending: after a crash, recovery deletes it. */
    void beginChunks(String name, long generation) {
        state.inFlight.add(generation);
        journal.commit(WriteBatch.create(), journalId(generation), name);
    }

    /** Drops a pending blob that will never be committed: its chunks, then its journal item. */
    void abortChunks(long generation) {
        try {
            ChunkedBlobs.deleteChunks(chunks, Descriptor.chunkPrefix(generation), 0);
            journal.done(journalId(generation));
        } finally {
            state.inFlight.remove(generation);
        }
    }

    /**
     * Publishes description {@code value} of {@code name} (for blob {@code generation}, 0 for an
     * inline tensor) in one atomic write that also journals the replaced tensor's chunks; then
     * deletes those and closes the journal items.
     */
    TensorInfo commit(String name, byte[] value, MemorySegment inlineValue, long generation, TensorInfo info) {
        Descriptor old;
        state.commitLock.lock();
        try {
            old = descriptor(name).filter(Descriptor::chunked).orElse(null);
            if (old == null) {
                if (inlineValue != null) {
                    descriptions.putBytes(name, inlineValue);
                } else {
                    descriptions.putBytes(name, value);
                }
            } else {
                WriteBatch b = WriteBatch.create();
                if (inlineValue != null) {
                    b.in(descriptions).putBytes(name, inlineValue);
                } else {
                    b.in(descriptions).putBytes(name, value);
                }
                journal.commit(b, journalId(old.generation()), name);
            }
        } finally {
            state.commitLock.unlock();
        }
        if (generation != 0) {
            journal.done(journalId(generation));
            state.inFlight.remove(generation);
        }
        if (old != null) {
            ChunkedBlobs.deleteChunks(chunks, old.chunkPrefix(), 0);
            journal.done(journalId(old.generation()));
        }
        return info;
    }

    @Override
    public boolean delete(String name) {
        checkName(name);
        Descriptor old;
        state.commitLock.lock();
        try {
            Optional<Descriptor> d = descriptor(name);
            if (d.isEmpty()) {
                return false;
            }
            old = d.get();
            if (!old.chunked()) {
                descriptions.delete(name);
                return true;
            }
            WriteBatch b = WriteBatch.create();
            b.in(descriptions).delete(name);
            journal.commit(b, journalId(old.generation()), name);
        } finally {
            state.commitLock.unlock();
        }
        ChunkedBlobs.deleteChunks(chunks, old.chunkPrefix(), 0);
        journal.done(journalId(old.generation()));
        return true;
    }

    @Override
    public long deleteMatching(String glob) {
        long n = 0;
        for (String name : names(glob)) {
            if (delete(name)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Finishes every journal item: a blob whose tensor's description names it is kept (the writer
     * died after its commit), any other is deleted (it died before, or the tensor was replaced or
     * deleted). Blobs this process is writing are left alone.
     */
    private void recover() {
        if (!journal.hasPending()) {
            return;
        }
        for (Map.Entry<String, String> item : journal.pending().entrySet()) {
            String id = item.getKey();
            long generation;
            try {
                generation = Long.parseUnsignedLong(id.substring(1, id.length() - 1), 16);
            } catch (RuntimeException e) {
                throw new syna.api.SerializationException("tensor journal item '" + id + "' is not a chunk blob id", e);
            }
            if (state.inFlight.contains(generation)) {
                continue;
            }
            String name = item.getValue();
            boolean live = descriptor(name).map(d -> d.chunked() && d.generation() == generation).orElse(false);
            if (!live) {
                int n = ChunkedBlobs.deleteChunks(chunks, id, 0);
                LOG.log(System.Logger.Level.INFO, () -> "deleted " + n + " chunks of tensor '" + name
                        + "' that an earlier writer left uncommitted or replaced (" + id + ")");
            }
            journal.done(id);
        }
    }

    @Override
    public long putAll(String prefix, Tensor rows) {
        return putAll(prefix, rows, 0);
    }

    @Override
    public long putAll(String prefix, Tensor rows, long firstIndex) {
        if (rows == null) {
            throw new InvalidArgumentException("rows to store under '" + prefix + "' must not be null");
        }
        if (rows.shape().rank() == 0) {
            throw new InvalidArgumentException("rows under '" + prefix + "' must have rank >= 1, got a scalar");
        }
        long n = rows.shape().dim(0);
        return putRows(prefix, firstIndex, n, rows::row);
    }

    @Override
    public long putAll(String prefix, List<Tensor> tensors) {
        if (tensors == null || tensors.contains(null)) {
            throw new InvalidArgumentException("tensors to store under '" + prefix + "' must be a list without nulls");
        }
        return putRows(prefix, 0, tensors.size(), i -> tensors.get((int) i));
    }

    private long putRows(String prefix, long first, long n, java.util.function.LongFunction<Tensor> row) {
        if (prefix == null) {
            throw new InvalidArgumentException("putAll prefix must not be null");
        }
        if (first < 0 || n < 0 || first + n > 100_000_000L) {
            throw new InvalidArgumentException("putAll indices [" + first + ", " + (first + n) + ") of '" + prefix
                    + "' must lie in [0, 100000000): the index has " + INDEX_WIDTH + " digits");
        }
        if (!prefix.isEmpty()) {
            checkName(prefix);
        }
        WriteBatch batch = WriteBatch.create();
        long bytes = 0;
        for (long i = 0; i < n; i++) {
            String name = prefix + index(first + i);
            checkName(name);
            Tensor t = row.apply(i);
            long size = t.byteSize();
            if (size > options.inlineBytes() || (descriptions.exists(name) && descriptor(name).map(Descriptor::chunked)
                    .orElse(false))) {
                put(name, t); // large rows, or replacing a chunked tensor: the full protocol
                continue;
            }
            batch.in(descriptions).putBytes(name, inlineValue(t));
            bytes += size;
            if (bytes >= PUT_ALL_BATCH_BYTES || batch.size() >= PUT_ALL_BATCH_ROWS) {
                db.write(batch);
                batch = WriteBatch.create();
                bytes = 0;
            }
        }
        if (!batch.isEmpty()) {
            db.write(batch);
        }
        return n;
    }

    static String index(long i) {
        String s = Long.toString(i);
        return s.length() >= INDEX_WIDTH ? s : "00000000".substring(s.length()) + s;
    }

    /** The stored value of small tensor {@code t}: header and data, on the heap (batched writes copy anyway). */
    private static byte[] inlineValue(Tensor t) {
        int header = Descriptor.inlineHeaderBytes(t.shape().rank());
        byte[] b = new byte[(int) (header + t.byteSize())];
        MemorySegment seg = MemorySegment.ofArray(b);
        t.copyTo(seg.asSlice(header));
        Descriptor.writeInlineHeader(seg, t.dtype(), t.shape(), Descriptor.crc(seg, header, b.length));
        return b;
    }

    // ---- reads -----------------------------------------------------------------------------------

    @Override
    public Tensor get(String nameOrGlob) {
        return Assembler.get(this, nameOrGlob, null);
    }

    @Override
    public Tensor get(String nameOrGlob, Shape shape) {
        if (shape == null) {
            throw new InvalidArgumentException("shape for '" + nameOrGlob + "' must not be null");
        }
        return Assembler.get(this, nameOrGlob, shape);
    }

    @Override
    public TensorReader reader(String name) {
        checkName(name);
        Descriptor d = descriptor(name).orElseThrow(() -> notFound(name));
        return new Reader(this, d);
    }

    KeyNotFoundException notFound(String name) {
        return new KeyNotFoundException("no tensor '" + name + "' in namespace " + descriptions.name() + " of "
                + db.path());
    }

    // ---- history ---------------------------------------------------------------------------------

    @Override
    public Tensor historyAsTensor(String key) {
        return historyAsTensor(db, key, HistoryQuery.all());
    }

    @Override
    public Tensor historyAsTensor(String key, HistoryQuery query) {
        return historyAsTensor(db, key, query);
    }

    @Override
    public Tensor historyAsTensor(KeySpace space, String key, HistoryQuery query) {
        if (space == null || key == null || query == null) {
            throw new InvalidArgumentException("historyAsTensor needs a key space, a key and a query");
        }
        if (space.get(key).orElse(null) instanceof Atom.Int64) {
            try {
                long[] v = space.historyAsLongs(key, query);
                Arena arena = Arena.ofShared();
                MemorySegment seg = ChunkIO.allocate(arena, 8L * v.length);
                MemorySegment.copy(v, 0, seg, ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0,
                        v.length);
                return Tensor.owning(DType.I64, Shape.of(v.length), seg, arena);
            } catch (TypeMismatchException e) {
                // some earlier value is a float64: the whole series widens to f64
            }
        }
        Arena arena = Arena.ofShared();
        try {
            MemorySegment seg = space.historyAsSegment(key, query, arena);
            if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
                for (long i = 0; i < seg.byteSize(); i += 8) {
                    seg.set(ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i,
                            seg.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, i));
                }
            }
            return Tensor.owning(DType.F64, Shape.of(seg.byteSize() / 8), seg, arena);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    // ---- batches and files -------------------------------------------------------------------------

    @Override
    public BatchIterator batches(BatchOptions options) {
        if (options == null) {
            throw new InvalidArgumentException("batch options must not be null");
        }
        return Batcher.open(this, options);
    }

    @Override
    public syna.tensor.RowReader rows(String nameOrGlob, long memoryBytes) {
        if (nameOrGlob == null || nameOrGlob.isEmpty() || memoryBytes < 0) {
            throw new InvalidArgumentException("rows need a name or glob and a memory budget >= 0, got " + nameOrGlob
                    + ", " + memoryBytes);
        }
        return Rows.open(this, nameOrGlob, memoryBytes);
    }

    @Override
    public void exportNpy(String name, Path file) {
        Npy.export(this, name, file);
    }

    @Override
    public TensorInfo importNpy(Path file, String name) {
        return Npy.importFile(this, file, name);
    }

    @Override
    public void exportSafetensors(List<String> names, Map<String, String> metadata, Path file) {
        Safetensors.export(this, names, metadata, file);
    }

    @Override
    public List<TensorInfo> importSafetensors(Path file, String prefix) {
        return Safetensors.importFile(this, file, prefix);
    }

    @Override
    public Map<String, String> safetensorsMetadata(Path file) {
        return Safetensors.metadata(file);
    }

    @Override
    public String toString() {
        return "TensorEngine[" + db.path() + ", namespace " + descriptions.name() + "]";
    }
}
