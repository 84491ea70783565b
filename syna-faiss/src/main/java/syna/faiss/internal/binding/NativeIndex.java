package syna.faiss.internal.binding;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.Cleaner;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import syna.api.ClosedException;
import syna.api.DimensionMismatchException;
import syna.api.InvalidArgumentException;
import syna.faiss.FaissException;

/**
 * One FAISS index, owned through the shim: created from an {@code index_factory} string or read back from
 * FAISS's serialized form. The native index lives in a shared {@link Arena} whose closing frees it
 * ({@link #close()}, or a {@link Cleaner} if the owner is dropped unclosed); per-call buffers live in a
 * confined arena of the call. Vectors are rows of {@code dimension} floats; FAISS copies what it keeps.
 * Non-finite components are rejected before FAISS sees them (FAISS's assertions abort the process).
 *
 * <p>Concurrent reads, one writer: FAISS allows any number of concurrent searches of one index but
 * needs mutual exclusion for everything that changes it, so searches and reads of its state take a read
 * lock and {@link #train}, {@link #add}, {@link #remove}, {@link #setParameter} and {@link #close} take the
 * write lock. Structures whose per-call parameters cannot be passed to FAISS
 * ({@link IndexKind#perCallParameters()} false) are searched one call at a time inside the shim.
 */
public final class NativeIndex implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final ValueLayout.OfFloat JAVA_FLOAT_UNALIGNED = JAVA_FLOAT.withByteAlignment(1);
    private static final MethodHandle SINK_WRITE;

    static {
        try {
            SINK_WRITE = MethodHandles.lookup().findVirtual(StreamSink.class, "write",
                    MethodType.methodType(long.class, MemorySegment.class, MemorySegment.class, long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Arena arena;
    private final MemorySegment handle;
    private final String description;
    private final int dimension;
    private final FaissMetric metric;
    private final IndexKind kind;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Cleaner.Cleanable cleanable;
    private boolean closed; // guarded by lock

    @SuppressWarnings("restricted") // gives the shim's handle a lifetime: the arena frees it
    private NativeIndex(Arena arena, MemorySegment rawHandle, String description) {
        this.arena = arena;
        // The handle's lifetime is the arena's: closing it calls syna_faiss_free exactly once.
        this.handle = rawHandle.reinterpret(arena, NativeIndex::free);
        this.description = description;
        this.dimension = Shim.dimension(handle);
        this.metric = FaissMetric.of(Shim.metric(handle));
        this.kind = new IndexKind(Shim.kind(handle));
        this.cleanable = CLEANER.register(this, arena::close);
    }

    private static void free(MemorySegment h) {
        Shim.free(h);
    }

    /**
     * A new, empty index made by FAISS's {@code index_factory}, e.g. {@code "IVF256,Flat"},
     * {@code "HNSW32,Flat"}, {@code "OPQ16,IVF256,PQ16"}.
     */
    public static NativeIndex create(String factory, int dimension, FaissMetric metric) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(metric, "metric");
        if (dimension < 1) {
            throw new InvalidArgumentException("FAISS index dimension must be >= 1, got " + dimension);
        }
        FaissLibrary.load();
        String what = "create '" + factory + "' (dimension " + dimension + ", " + metric + ")";
        try (Arena call = Arena.ofConfined()) {
            MemorySegment out = call.allocate(ADDRESS);
            Status.check(Shim.create(call.allocateFrom(factory), dimension, metric.code(), out), what);
            return adopt(out.get(ADDRESS, 0), "'" + factory + "'");
        }
    }

    /** Reads an index written by {@link #write(Path)} (or by FAISS's {@code write_index}). */
    public static NativeIndex read(Path file) {
        Objects.requireNonNull(file, "file");
        FaissLibrary.load();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment out = call.allocate(ADDRESS);
            Status.check(Shim.readFile(call.allocateFrom(file.toString()), out), "read " + file);
            return adopt(out.get(ADDRESS, 0), file.toString());
        }
    }

    /**
     * Reads an index from FAISS's serialized form in {@code bytes} (a native or mapped segment is read in
     * place; a heap segment is copied first), which must hold exactly one index and nothing after it.
     * FAISS trusts the lengths it reads: give it only bytes whose checksum was verified.
     */
    public static NativeIndex read(MemorySegment bytes, String name) {
        Objects.requireNonNull(bytes, "bytes");
        FaissLibrary.load();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment data = bytes.isNative() ? bytes : call.allocate(bytes.byteSize()).copyFrom(bytes);
            MemorySegment consumed = call.allocate(JAVA_LONG);
            MemorySegment out = call.allocate(ADDRESS);
            Status.check(Shim.readMemory(data, data.byteSize(), consumed, out), "read " + name);
            NativeIndex index = adopt(out.get(ADDRESS, 0), name);
            long used = consumed.get(JAVA_LONG, 0);
            if (used != bytes.byteSize()) {
                index.close();
                throw new FaissException(Status.E_FAISS, "read " + name + ": FAISS's index ends after " + used
                        + " of " + bytes.byteSize() + " bytes");
            }
            return index;
        }
    }

    private static NativeIndex adopt(MemorySegment raw, String description) {
        Arena owner = Arena.ofShared();
        try {
            return new NativeIndex(owner, raw, description);
        } catch (RuntimeException | Error e) {
            // The arena does not own the handle until reinterpret ran; free it either way, once.
            if (owner.scope().isAlive()) {
                owner.close();
            }
            throw e;
        }
    }

    /** What the index was made from (its factory string or file), for messages. */
    public String description() {
        return description;
    }

    /** Vector dimension. */
    public int dimension() {
        return dimension;
    }

    /** The metric FAISS compares with. */
    public FaissMetric metric() {
        return metric;
    }

    /** What the structure allows. */
    public IndexKind kind() {
        return kind;
    }

    /** FAISS's {@code ntotal}: vectors added and not removed. */
    public long size() {
        lock.readLock().lock();
        try {
            ensureOpen();
            return Shim.ntotal(handle);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Whether the index needs no (more) training. */
    public boolean isTrained() {
        lock.readLock().lock();
        try {
            ensureOpen();
            return Shim.isTrained(handle) == 1;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Trains on {@code vectors} (rows of {@link #dimension()} floats) with {@code threads} OpenMP threads (0: FAISS's default). */
    public void train(float[] vectors, int threads) {
        try (Arena call = Arena.ofConfined()) {
            long n = rows(vectors, "train");
            trainChecked(call.allocateFrom(JAVA_FLOAT, vectors), n, threads);
        }
    }

    /** Trains on {@code n} rows in {@code vectors} (read in place when native). */
    public void train(MemorySegment vectors, long n, int threads) {
        checkVectors(vectors, n, "train");
        trainChecked(vectors, n, threads);
    }

    private void trainChecked(MemorySegment vectors, long n, int threads) {
        lock.writeLock().lock();
        try (Arena call = Arena.ofConfined()) {
            ensureOpen();
            Status.check(Shim.train(handle, n, nativeCopy(vectors, call), threads), "train " + description + " on " + n + " vectors");
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Adds rows of {@code vectors}; with {@code ids} (one per row, {@code >= 0}) when the structure takes
     * them ({@link IndexKind#addWithIds()}), else {@code null}: FAISS numbers them from {@link #size()}.
     */
    public void add(float[] vectors, long[] ids, int threads) {
        try (Arena call = Arena.ofConfined()) {
            long n = rows(vectors, "add");
            addChecked(call.allocateFrom(JAVA_FLOAT, vectors), n, ids == null ? null : call.allocateFrom(JAVA_LONG, ids), threads);
        }
    }

    /** Adds {@code n} rows in {@code vectors}, with {@code n} ids in {@code ids} or {@code null}. */
    public void add(MemorySegment vectors, long n, MemorySegment ids, int threads) {
        checkVectors(vectors, n, "add");
        addChecked(vectors, n, ids, threads);
    }

    private void addChecked(MemorySegment vectors, long n, MemorySegment ids, int threads) {
        if (ids != null && ids.byteSize() != n * Long.BYTES) {
            throw new InvalidArgumentException("add to " + description + ": " + n + " vectors but " + ids.byteSize() / Long.BYTES + " ids");
        }
        lock.writeLock().lock();
        try (Arena call = Arena.ofConfined()) {
            ensureOpen();
            MemorySegment idSeg = ids == null ? MemorySegment.NULL : nativeCopy(ids, call);
            Status.check(Shim.add(handle, n, nativeCopy(vectors, call), idSeg, threads), "add " + n + " vectors to " + description);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes {@code ids}; returns how many were present. Needs {@link IndexKind#stableRemove()}. */
    public long remove(long[] ids) {
        Objects.requireNonNull(ids, "ids");
        lock.writeLock().lock();
        try (Arena call = Arena.ofConfined()) {
            ensureOpen();
            MemorySegment removed = call.allocate(JAVA_LONG);
            Status.check(Shim.removeIds(handle, ids.length, call.allocateFrom(JAVA_LONG, ids), removed),
                    "remove " + ids.length + " ids from " + description);
            return removed.get(JAVA_LONG, 0);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * The {@code k} nearest of each query (rows of {@code queries}); {@code k} is capped at the index's
     * size (at least 1), so a huge {@code k} allocates nothing large.
     */
    public SearchResult search(float[] queries, int k, SearchParams params) {
        return search(queries, k, params, null);
    }

    /**
     * As {@link #search(float[], int, SearchParams)}, returning only ids whose bit is set in
     * {@code selector} (bit {@code i % 8} of byte {@code i / 8}, as {@link java.util.BitSet#toByteArray()}
     * writes it; ids past its end are excluded). Needs {@link IndexKind#selector()}.
     */
    public SearchResult searchSelected(float[] queries, int k, SearchParams params, MemorySegment selector) {
        return search(queries, k, params, Objects.requireNonNull(selector, "selector"));
    }

    private SearchResult search(float[] queries, int k, SearchParams params, MemorySegment selector) {
        Objects.requireNonNull(params, "params");
        long n = rows(queries, "search");
        if (k < 1) {
            throw new InvalidArgumentException("search " + description + ": k must be >= 1, got " + k);
        }
        lock.readLock().lock();
        try (Arena call = Arena.ofConfined()) {
            ensureOpen();
            int kk = (int) Math.min(k, Math.max(1, Shim.ntotal(handle)));
            if (n * kk > Integer.MAX_VALUE - 8) {
                throw new InvalidArgumentException("search " + description + ": " + n + " queries x k " + kk
                        + " results do not fit one array");
            }
            MemorySegment x = call.allocateFrom(JAVA_FLOAT, queries);
            MemorySegment d = call.allocate(JAVA_FLOAT, n * kk);
            MemorySegment l = call.allocate(JAVA_LONG, n * kk);
            MemorySegment sel = selector == null ? MemorySegment.NULL : nativeCopy(selector, call);
            Status.check(Shim.search(handle, n, x, kk, params.nprobe(), params.efSearch(), sel,
                    selector == null ? 0 : selector.byteSize(), params.threads(), d, l), "search " + description);
            return new SearchResult((int) n, kk, d.toArray(JAVA_FLOAT), l.toArray(JAVA_LONG));
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Runs each query as its own search inside the native library and returns the total nanoseconds measured
     * there: beside timing {@link #search} of one query per call, it gives the cost of reaching FAISS from
     * Java (FFM, buffers, locks). {@code labels} receives the rows' k ids.
     */
    public long timeSearchNatively(float[] queries, int k, SearchParams params, long[] labels) {
        Objects.requireNonNull(params, "params");
        long n = rows(queries, "timeSearchNatively");
        if (k < 1 || labels.length != n * k) {
            throw new InvalidArgumentException("timeSearchNatively: k " + k + " and " + labels.length + " labels for " + n + " queries");
        }
        lock.readLock().lock();
        try (Arena call = Arena.ofConfined()) {
            ensureOpen();
            MemorySegment l = call.allocate(JAVA_LONG, n * k);
            MemorySegment ns = call.allocate(JAVA_LONG);
            Status.check(Shim.timeSearch(handle, n, call.allocateFrom(JAVA_FLOAT, queries), k, params.nprobe(),
                    params.efSearch(), params.threads(), l, ns), "timeSearchNatively " + description);
            MemorySegment.copy(l, JAVA_LONG, 0, labels, 0, labels.length);
            return ns.get(JAVA_LONG, 0);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Sets a default search parameter through FAISS's {@code ParameterSpace} ({@code nprobe}, {@code efSearch}, ...). */
    public void setParameter(String name, double value) {
        Objects.requireNonNull(name, "name");
        lock.writeLock().lock();
        try (Arena call = Arena.ofConfined()) {
            ensureOpen();
            Status.check(Shim.setParameter(handle, call.allocateFrom(name), value),
                    "set " + name + "=" + value + " on " + description);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Writes FAISS's serialized form to {@code file} (FAISS's {@code write_index}). */
    public void write(Path file) {
        Objects.requireNonNull(file, "file");
        lock.readLock().lock();
        try (Arena call = Arena.ofConfined()) {
            ensureOpen();
            Status.check(Shim.writeFile(handle, call.allocateFrom(file.toString())), "write " + description + " to " + file);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Streams FAISS's serialized form to {@code out} in chunks of at most 1 MiB; does not close it. */
    @SuppressWarnings("restricted") // an upcall stub for the shim's write callback
    public void write(OutputStream out) {
        Objects.requireNonNull(out, "out");
        lock.readLock().lock();
        try (Arena call = Arena.ofConfined()) {
            ensureOpen();
            StreamSink sink = new StreamSink(out);
            MemorySegment fn = Shim.linker().upcallStub(SINK_WRITE.bindTo(sink), Shim.WRITE_FN, call);
            Status.check(Shim.writeStream(handle, fn, MemorySegment.NULL), "write " + description, sink.failure);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The length of FAISS's serialized form: about the memory the index holds. */
    public long serializedSize() {
        lock.readLock().lock();
        try (Arena call = Arena.ofConfined()) {
            ensureOpen();
            MemorySegment size = call.allocate(JAVA_LONG);
            Status.check(Shim.serializedSize(handle, size), "size of " + description);
            return size.get(JAVA_LONG, 0);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Frees the native index; waits for calls in flight. Idempotent. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                cleanable.clean(); // closes the arena: syna_faiss_free
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Native FAISS handles alive in this process (created and not yet freed), for leak checks. */
    public static long liveHandles() {
        FaissLibrary.load();
        return Shim.liveHandles();
    }

    @Override
    public String toString() {
        return "NativeIndex[" + description + ", dimension " + dimension + ", " + metric + ", " + kind + "]";
    }

    private void ensureOpen() {
        if (closed) {
            throw new ClosedException("FAISS index " + description + " is closed");
        }
    }

    private long rows(float[] vectors, String op) {
        Objects.requireNonNull(vectors, "vectors");
        if (vectors.length % dimension != 0) {
            throw new DimensionMismatchException(op + " " + description + ": " + vectors.length
                    + " floats is not a whole number of rows of dimension " + dimension);
        }
        for (int i = 0; i < vectors.length; i++) {
            if (!Float.isFinite(vectors[i])) {
                throw new InvalidArgumentException(op + " " + description + ": component " + (i % dimension) + " of row "
                        + (i / dimension) + " is " + vectors[i] + " (FAISS needs finite values)");
            }
        }
        return vectors.length / dimension;
    }

    private void checkVectors(MemorySegment vectors, long n, String op) {
        Objects.requireNonNull(vectors, "vectors");
        if (n < 0 || vectors.byteSize() != n * dimension * Float.BYTES) {
            throw new DimensionMismatchException(op + " " + description + ": " + vectors.byteSize() + " bytes is not "
                    + n + " rows of dimension " + dimension);
        }
        long count = n * dimension;
        for (long i = 0; i < count; i++) {
            float v = vectors.getAtIndex(JAVA_FLOAT_UNALIGNED, i);
            if (!Float.isFinite(v)) {
                throw new InvalidArgumentException(op + " " + description + ": component " + (i % dimension) + " of row "
                        + (i / dimension) + " is " + v + " (FAISS needs finite values)");
            }
        }
    }

    private static MemorySegment nativeCopy(MemorySegment s, Arena call) {
        return s.isNative() ? s : call.allocate(s.byteSize(), 8).copyFrom(s);
    }

    /** The Java end of {@code syna_faiss_write_fn}: copies each chunk to the stream; never throws into native code. */
    private static final class StreamSink {
        private final OutputStream out;
        private final byte[] buf = new byte[1 << 20];
        Throwable failure;

        StreamSink(OutputStream out) {
            this.out = out;
        }

        @SuppressWarnings({"unused", "restricted"}) // called from native code through SINK_WRITE; the chunk has len bytes
        long write(MemorySegment ctx, MemorySegment data, long len) {
            try {
                MemorySegment chunk = data.reinterpret(len);
                for (long off = 0; off < len;) {
                    int n = (int) Math.min(buf.length, len - off);
                    MemorySegment.copy(chunk, JAVA_BYTE, off, buf, 0, n);
                    out.write(buf, 0, n);
                    off += n;
                }
                return len;
            } catch (IOException | RuntimeException | Error e) {
                failure = e;
                return -1;
            }
        }
    }
}
