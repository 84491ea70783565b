package syna.api.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import syna.api.ClosedException;
import syna.api.CorruptFileException;
import syna.api.DistanceMetric;
import syna.api.InvalidArgumentException;
import syna.api.spi.ExactSearch;
import syna.api.spi.OrdinalFilter;
import syna.api.spi.SearchOptions;
import syna.api.spi.VectorHit;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorIndexConfig;
import syna.api.spi.VectorSource;
import syna.api.spi.format.FileHeader;
import syna.api.spi.format.SealedFile;
import syna.api.spi.format.SealedFiles;

/**
 * Exact search over the ordinals it holds (a bitset), measured in the source by {@link ExactSearch}.
 * Concurrent reads, one writer (a read-write lock: searches share it, writes take it alone).
 *
 * <p>File body (sealed file, kind {@code vector-index}, provider {@code flat}), little-endian.
 * Version 2: dimension (u32), metric ordinal (u32), count (u32), count ordinals (u32, ascending).
 * Version 1 (still read): dimension (u32), metric ordinal (u32), count (u32), count ids (i64), then
 * count * dimension floats, which today's reader skips: the vectors are the source's, the ids its ordinals.
 */
final class FlatVectorIndex implements VectorIndex {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final VectorSource source;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final BitSet held = new BitSet();
    private int count;
    private volatile boolean closed;

    FlatVectorIndex(VectorSource source) {
        this.source = source;
    }

    @Override
    public String providerName() {
        return FlatVectorIndexProvider.NAME;
    }

    @Override
    public VectorSource source() {
        return source;
    }

    @Override
    public void add(int ordinal) {
        checkOrdinal(ordinal);
        lock.writeLock().lock();
        try {
            ensureOpen();
            if (!held.get(ordinal)) {
                held.set(ordinal);
                count++;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void addAll(int[] ordinals) {
        for (int o : ordinals) {
            checkOrdinal(o);
        }
        lock.writeLock().lock();
        try {
            ensureOpen();
            for (int o : ordinals) {
                if (!held.get(o)) {
                    held.set(o);
                    count++;
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void checkOrdinal(int ordinal) {
        if (ordinal < 0 || ordinal >= source.size()) {
            throw new InvalidArgumentException("ordinal " + ordinal + " outside the source's [0, " + source.size() + ")");
        }
    }

    @Override
    public boolean delete(int ordinal) {
        lock.writeLock().lock();
        try {
            ensureOpen();
            if (ordinal < 0 || !held.get(ordinal)) {
                return false;
            }
            held.clear(ordinal);
            count--;
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public boolean contains(int ordinal) {
        lock.readLock().lock();
        try {
            ensureOpen();
            return ordinal >= 0 && held.get(ordinal);
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
        ExactSearch.checkK(k);
        var scorer = source.scorer().query(query);
        lock.readLock().lock();
        try {
            ensureOpen();
            OrdinalFilter accept = options.filtered() ? both(held, count, options.filter()) : OrdinalFilter.of(heldView());
            return ExactSearch.search(scorer, k, accept, held.length());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The held bitset as a filter without recounting (read lock held). */
    private BitSet heldView() {
        return held;
    }

    /** Held and accepted by {@code filter}: walks the held bits, tests the filter. */
    private static OrdinalFilter both(BitSet held, int count, OrdinalFilter filter) {
        int bound = filter.cardinality() >= 0 ? Math.min(count, filter.cardinality()) : count;
        return new OrdinalFilter() {
            @Override
            public boolean accepts(int ordinal) {
                return held.get(ordinal) && filter.accepts(ordinal);
            }

            @Override
            public int cardinality() {
                return -1;
            }

            @Override
            public int next(int from, int limit) {
                for (int i = held.nextSetBit(from); i >= 0 && i < limit; i = held.nextSetBit(i + 1)) {
                    if (filter.accepts(i)) {
                        return i;
                    }
                }
                return -1;
            }

            @Override
            public String toString() {
                return "held and " + filter + " (at most " + bound + ")";
            }
        };
    }

    @Override
    public void save(Path file) {
        lock.readLock().lock();
        try {
            ensureOpen();
            FileHeader header = FileHeader.of("vector-index", FlatVectorIndexProvider.NAME,
                    FlatVectorIndexProvider.FORMAT_VERSION, new UUID(0, 0));
            SealedFiles.write(file, header, out -> {
                out.writeInt(source.dimension()).writeInt(source.metric().ordinal()).writeInt(count);
                for (int o = held.nextSetBit(0); o >= 0; o = held.nextSetBit(o + 1)) {
                    out.writeInt(o);
                }
            });
        } finally {
            lock.readLock().unlock();
        }
    }

    static FlatVectorIndex load(Path file, VectorSource source) {
        try (SealedFile f = SealedFiles.open(file, "vector-index", FlatVectorIndexProvider.NAME,
                FlatVectorIndexProvider.FORMAT_VERSION)) {
            int version = f.header().formatVersion();
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
            long expected = version == 1 ? 12L + 8L * count + 4L * count * dim : 12L + 4L * count;
            if (expected != body.byteSize()) {
                throw new CorruptFileException(file, FileHeader.SIZE, "flat index body is " + body.byteSize()
                        + " bytes, expected " + expected + " for " + count + " ordinals"
                        + (version == 1 ? " of dimension " + dim : ""));
            }
            if (dim != source.dimension() || metrics[metricOrdinal] != source.metric()) {
                throw new CorruptFileException(file, FileHeader.SIZE, "flat index of dimension " + dim + " and metric "
                        + metrics[metricOrdinal] + " over a source of dimension " + source.dimension() + " and metric "
                        + source.metric());
            }
            FlatVectorIndex idx = new FlatVectorIndex(source);
            for (int i = 0; i < count; i++) {
                long at = version == 1 ? 12L + 8L * i : 12L + 4L * i;
                long o = version == 1 ? body.get(LONG, at) : Integer.toUnsignedLong(body.get(INT, at));
                if (o < 0 || o >= source.size()) {
                    throw new CorruptFileException(file, FileHeader.SIZE + at, "ordinal " + o + " outside the source's [0, "
                            + source.size() + ")");
                }
                if (idx.held.get((int) o)) {
                    throw new CorruptFileException(file, FileHeader.SIZE + at, "ordinal " + o + " listed twice");
                }
                idx.held.set((int) o);
            }
            idx.count = count;
            return idx;
        }
    }

    @Override
    public long memoryBytes() {
        return 16 + held.size() / 8;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closed = true;
            held.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new ClosedException("flat vector index is closed");
        }
    }
}
