package syna.api.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongPredicate;
import syna.api.ClosedException;
import syna.api.CorruptFileException;
import syna.api.DimensionMismatchException;
import syna.api.DistanceMetric;
import syna.api.InvalidArgumentException;
import syna.api.Vectors;
import syna.api.spi.SearchOptions;
import syna.api.spi.VectorHit;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorIndexConfig;
import syna.api.spi.format.FileHeader;
import syna.api.spi.format.SealedFile;
import syna.api.spi.format.SealedFiles;
import syna.api.spi.VectorKernels;

/**
 * Exact search over vectors kept in one contiguous {@code float[]} (slot {@code i} at
 * {@code i * dimension}); deletes move the last slot into the hole. Concurrent reads, one writer
 * (a read-write lock: searches share it, writes take it alone).
 *
 * <p>File body (sealed file, kind {@code vector-index}, provider {@code flat}, version 1):
 * dimension (u32), metric ordinal (u32), count (u32), count ids (i64), count * dimension floats.
 */
final class FlatVectorIndex implements VectorIndex {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final int dim;
    private final DistanceMetric metric;
    private final VectorKernels kernels = Vectors.kernels();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<Long, Integer> slotOf = new HashMap<>();
    private long[] ids = new long[16];
    private float[] data;
    private int count;
    private volatile boolean closed;

    FlatVectorIndex(VectorIndexConfig config) {
        this.dim = config.dimension();
        this.metric = config.metric();
        this.data = new float[16 * dim];
    }

    @Override
    public String providerName() {
        return FlatVectorIndexProvider.NAME;
    }

    @Override
    public int dimension() {
        return dim;
    }

    @Override
    public DistanceMetric metric() {
        return metric;
    }

    @Override
    public void add(long id, float[] vector) {
        checkDimension(vector);
        lock.writeLock().lock();
        try {
            ensureOpen();
            Integer slot = slotOf.get(id);
            if (slot == null) {
                if (count == ids.length) {
                    ids = Arrays.copyOf(ids, count * 2);
                    data = Arrays.copyOf(data, count * 2 * dim);
                }
                slot = count++;
                ids[slot] = id;
                slotOf.put(id, slot);
            }
            System.arraycopy(vector, 0, data, slot * dim, dim);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public boolean delete(long id) {
        lock.writeLock().lock();
        try {
            ensureOpen();
            Integer slot = slotOf.remove(id);
            if (slot == null) {
                return false;
            }
            int last = --count;
            if (slot != last) {
                ids[slot] = ids[last];
                System.arraycopy(data, last * dim, data, slot * dim, dim);
                slotOf.put(ids[slot], slot);
            }
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public boolean contains(long id) {
        lock.readLock().lock();
        try {
            ensureOpen();
            return slotOf.containsKey(id);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public int size() {
        lock.readLock().lock();
        try {
            ensureOpen();
            return count;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<VectorHit> search(float[] query, int k, SearchOptions options) {
        checkDimension(query);
        if (k < 1) {
            throw new InvalidArgumentException("k must be >= 1, got " + k);
        }
        LongPredicate filter = options.filter().orElse(null);
        lock.readLock().lock();
        try {
            ensureOpen();
            // Max-heap on distance keeps the k best seen so far.
            PriorityQueue<VectorHit> heap = new PriorityQueue<>(k + 1,
                    (a, b) -> Float.compare(b.distance(), a.distance()));
            for (int i = 0; i < count; i++) {
                if (filter != null && !filter.test(ids[i])) {
                    continue;
                }
                float d = Vectors.distance(kernels, metric, query, data, i * dim, dim);
                if (heap.size() < k) {
                    heap.add(new VectorHit(ids[i], d));
                } else if (d < heap.peek().distance()) {
                    heap.poll();
                    heap.add(new VectorHit(ids[i], d));
                }
            }
            List<VectorHit> out = new ArrayList<>(heap);
            out.sort((a, b) -> Float.compare(a.distance(), b.distance()));
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void save(Path file) {
        lock.readLock().lock();
        try {
            ensureOpen();
            FileHeader header = FileHeader.of("vector-index", FlatVectorIndexProvider.NAME,
                    FlatVectorIndexProvider.FORMAT_VERSION, new UUID(0, 0));
            SealedFiles.write(file, header, out -> {
                out.writeInt(dim).writeInt(metric.ordinal()).writeInt(count);
                out.writeLongs(ids, 0, count);
                out.writeFloats(data, 0, count * dim);
            });
        } finally {
            lock.readLock().unlock();
        }
    }

    static FlatVectorIndex load(Path file) {
        try (SealedFile f = SealedFiles.open(file, "vector-index", FlatVectorIndexProvider.NAME,
                FlatVectorIndexProvider.FORMAT_VERSION)) {
            MemorySegment body = f.body();
            if (body.byteSize() < 12) {
                throw new CorruptFileException(file, FileHeader.SIZE, "flat index body too short");
            }
            int dim = body.get(INT, 0);
            int metricOrdinal = body.get(INT, 4);
            int count = body.get(INT, 8);
            DistanceMetric[] metrics = DistanceMetric.values();
            if (dim < 1 || dim > VectorIndexConfig.MAX_DIMENSION || metricOrdinal < 0 || metricOrdinal >= metrics.length
                    || count < 0) {
                throw new CorruptFileException(file, FileHeader.SIZE, "bad flat index parameters: dim=" + dim
                        + " metric=" + metricOrdinal + " count=" + count);
            }
            long expected = 12L + 8L * count + 4L * count * dim;
            if (expected != body.byteSize()) {
                throw new CorruptFileException(file, FileHeader.SIZE, "flat index body is " + body.byteSize()
                        + " bytes, expected " + expected + " for " + count + " vectors of dimension " + dim);
            }
            FlatVectorIndex idx = new FlatVectorIndex(VectorIndexConfig.of(dim, metrics[metricOrdinal]));
            idx.ids = new long[Math.max(16, count)];
            idx.data = new float[Math.max(16, count) * dim];
            MemorySegment.copy(body, LONG, 12, idx.ids, 0, count);
            MemorySegment.copy(body, FLOAT, 12L + 8L * count, idx.data, 0, count * dim);
            idx.count = count;
            for (int i = 0; i < count; i++) {
                if (idx.slotOf.put(idx.ids[i], i) != null) {
                    throw new CorruptFileException(file, FileHeader.SIZE + 12L + 8L * i, "duplicate id " + idx.ids[i]);
                }
            }
            return idx;
        }
    }

    @Override
    public long memoryBytes() {
        return 8L * ids.length + 4L * data.length + 48L * slotOf.size();
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                data = new float[0];
                ids = new long[0];
                slotOf.clear();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void checkDimension(float[] v) {
        if (v.length != dim) {
            throw new DimensionMismatchException("dimension " + v.length + " != index dimension " + dim);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new ClosedException("flat vector index is closed");
        }
    }
}
