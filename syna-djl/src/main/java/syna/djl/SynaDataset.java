package syna.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.training.dataset.Sampler;
import ai.djl.translate.TranslateException;
import ai.djl.util.Progress;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import syna.api.InvalidArgumentException;
import syna.api.UnsupportedFeatureException;
import syna.tensor.DType;
import syna.tensor.RowReader;
import syna.tensor.ShapeMismatchException;
import syna.tensor.TensorEngine;

/**
 * A DJL {@link RandomAccessDataset} over the rows of tensors in a Syna {@link TensorEngine}: record
 * {@code i} is row {@code i} of the features (and of the labels, if given), named or globbed as
 * {@link TensorEngine#get(String)} takes them.
 *
 * <p>{@link #getData(NDManager, Sampler, ExecutorService)} honours any sampler, and reads each
 * batch in one gather of the sampled rows straight into a direct buffer that becomes one
 * {@code NDArray} per batch ({@code NDManager.create(Buffer, Shape, DataType)}, which DJL's
 * PyTorch engine wraps without another copy), {@link #prefetchNumber} batches ahead on virtual
 * threads. With a pipeline or transforms set, it falls back to DJL's record-by-record path.
 * {@link #seededSampler(int, long, boolean)} gives a shuffle that a seed fixes.
 *
 * <p>Rows are read through a {@link RowReader}: a tensor within the builder's memory budget is held
 * off-heap (random access at memory speed); stacked glob matches are read one key per row.
 *
 * <p>Close it to free that memory. Thread-safe for reads; one iteration per thread.
 */
public final class SynaDataset extends RandomAccessDataset implements AutoCloseable {
    private final RowReader features;
    private final Optional<RowReader> labels;

    private SynaDataset(Builder b, RowReader features, Optional<RowReader> labels) {
        super(b);
        this.features = features;
        this.labels = labels;
    }

    /** A builder; set the engine, the features and the sampling. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A batch sampler that visits every record once per epoch in a random order fixed by
     * {@code seed} and the epoch (each {@code sample} call is the next epoch).
     */
    public static Sampler seededSampler(int batchSize, long seed, boolean dropLast) {
        return new ai.djl.training.dataset.BatchSampler(new SeededSubSampler(seed), batchSize, dropLast);
    }

    /** DJL's data type for {@code t}. */
    public static DataType dataType(DType t) {
        return switch (t) {
            case F16 -> DataType.FLOAT16;
            case BF16 -> DataType.BFLOAT16;
            case F32 -> DataType.FLOAT32;
            case F64 -> DataType.FLOAT64;
            case I8 -> DataType.INT8;
            case U8 -> DataType.UINT8;
            case I16 -> DataType.INT16;
            case I32 -> DataType.INT32;
            case I64 -> DataType.INT64;
            case BOOL -> DataType.BOOLEAN;
        };
    }

    private static ai.djl.ndarray.types.Shape shape(long rows, syna.tensor.Shape rowShape) {
        long[] d = rowShape.prepend(rows).dims();
        return new ai.djl.ndarray.types.Shape(d);
    }

    @Override
    protected long availableSize() {
        return features.rowCount();
    }

    @Override
    public void prepare(Progress progress) {
        // nothing to download or unpack: the rows are in the database
    }

    @Override
    public Record get(NDManager manager, long index) throws IOException {
        long[] one = {index};
        NDList data = new NDList(array(manager, features, one, features.rowShape()));
        NDList lab = labels.map(l -> new NDList(array(manager, l, one, l.rowShape()))).orElseGet(NDList::new);
        return new Record(data, lab);
    }

    /** One row (rowShape) or many ([n] ++ rowShape) as an NDArray. */
    private static NDArray array(NDManager manager, RowReader r, long[] rows, syna.tensor.Shape rowShape) {
        ByteBuffer buf = gather(r, rows);
        ai.djl.ndarray.types.Shape s = rows.length == 1 && rowShape == r.rowShape() ? shape1(rowShape)
                : shape(rows.length, rowShape);
        return manager.create(buf, s, dataType(r.dtype()));
    }

    private static ai.djl.ndarray.types.Shape shape1(syna.tensor.Shape s) {
        return new ai.djl.ndarray.types.Shape(s.dims());
    }

    /** The rows packed into a new native-order direct buffer (the memory the NDArray keeps). */
    private static ByteBuffer gather(RowReader r, long[] rows) {
        MemorySegment seg = Arena.ofAuto().allocate(Math.max(1, rows.length * r.rowBytes()), 64);
        r.read(rows, seg);
        return seg.asSlice(0, rows.length * r.rowBytes()).asByteBuffer().order(ByteOrder.nativeOrder());
    }

    @Override
    public Iterable<Batch> getData(NDManager manager, Sampler sampler, ExecutorService executorService)
            throws IOException, TranslateException {
        if (pipeline != null || targetPipeline != null) {
            return super.getData(manager, sampler, executorService);
        }
        return () -> new Batches(manager, sampler);
    }

    @Override
    public Iterable<Batch> getData(NDManager manager) throws IOException, TranslateException {
        return getData(manager, sampler, null);
    }

    @Override
    public Iterable<Batch> getData(NDManager manager, Sampler sampler) throws IOException, TranslateException {
        return getData(manager, sampler, null);
    }

    @Override
    public Iterable<Batch> getData(NDManager manager, ExecutorService executorService)
            throws IOException, TranslateException {
        return getData(manager, sampler, executorService);
    }

    /** The gathered rows of one batch, read ahead. */
    private record Gathered(long[] rows, ByteBuffer data, ByteBuffer labels) {}

    /** One epoch of batches. Not thread-safe; one per thread. */
    private final class Batches implements Iterator<Batch> {
        private final NDManager manager;
        private final Iterator<List<Long>> indices;
        private final ArrayDeque<CompletableFuture<Gathered>> ahead = new ArrayDeque<>();
        private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        private final long total;
        private long progress;

        Batches(NDManager manager, Sampler sampler) {
            this.manager = manager;
            this.indices = sampler.sample(SynaDataset.this);
            this.total = (size() + sampler.getBatchSize() - 1) / sampler.getBatchSize();
            fill();
        }

        private void fill() {
            while (ahead.size() < Math.max(1, prefetchNumber) && indices.hasNext()) {
                long[] rows = indices.next().stream().mapToLong(Long::longValue).toArray();
                ahead.add(CompletableFuture.supplyAsync(() -> new Gathered(rows, gather(features, rows),
                        labels.map(l -> gather(l, rows)).orElse(null)), threads));
            }
            if (ahead.isEmpty()) {
                threads.close();
            }
        }

        @Override
        public boolean hasNext() {
            return !ahead.isEmpty();
        }

        @Override
        public Batch next() {
            if (ahead.isEmpty()) {
                throw new NoSuchElementException("no more batches");
            }
            Gathered g;
            try {
                g = ahead.poll().join();
            } catch (CompletionException e) {
                threads.close();
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            fill();
            NDManager sub = manager.newSubManager();
            NDList data = new NDList(sub.create(g.data, shape(g.rows.length, features.rowShape()),
                    dataType(features.dtype())));
            NDList lab = g.labels == null ? new NDList() : new NDList(sub.create(g.labels,
                    shape(g.rows.length, labels.orElseThrow().rowShape()), dataType(labels.orElseThrow().dtype())));
            List<Long> idx = java.util.Arrays.stream(g.rows).boxed().toList();
            return new Batch(sub, data, lab, g.rows.length, dataBatchifier, labelBatchifier, ++progress, total, idx);
        }
    }

    /** Frees the rows held in memory; idempotent. */
    @Override
    public void close() {
        features.close();
        labels.ifPresent(RowReader::close);
    }

    /** A seeded permutation per epoch. Thread-safe. */
    private static final class SeededSubSampler implements Sampler.SubSampler {
        private final long seed;
        private final java.util.concurrent.atomic.AtomicLong epoch = new java.util.concurrent.atomic.AtomicLong();

        SeededSubSampler(long seed) {
            this.seed = seed;
        }

        @Override
        public Iterator<Long> sample(RandomAccessDataset dataset) {
            long n = dataset.size();
            if (n > Integer.MAX_VALUE - 8) {
                throw new InvalidArgumentException(n + " records are more than a seeded order of " + (Integer.MAX_VALUE - 8)
                        + " holds");
            }
            int[] order = new int[(int) n];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.SplittableRandom r = new java.util.SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch.getAndIncrement());
            for (int i = order.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            return java.util.Arrays.stream(order).mapToLong(i -> i).boxed().iterator();
        }
    }

    /** Builds a {@link SynaDataset}. Not thread-safe; one per thread. */
    public static final class Builder extends BaseBuilder<Builder> {
        private TensorEngine engine;
        private String features;
        private String labels;
        private long memoryBytes = 2L << 30;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** The tensor engine to read from. */
        public Builder engine(TensorEngine engine) {
            this.engine = engine;
            return this;
        }

        /** Name or glob of the features. */
        public Builder features(String features) {
            this.features = features;
            return this;
        }

        /** Name or glob of the labels, row for row with the features. */
        public Builder labels(String labels) {
            this.labels = labels;
            return this;
        }

        /** Off-heap memory for holding chunked tensors for random access (default 2 GiB per tensor). */
        public Builder memoryBytes(long memoryBytes) {
            this.memoryBytes = memoryBytes;
            return this;
        }

        /** The dataset; reads the descriptions now, and the rows of a tensor within the memory budget. */
        public SynaDataset build() {
            if (engine == null || features == null) {
                throw new InvalidArgumentException("a Syna dataset needs an engine and features");
            }
            if (sampler == null) {
                throw new InvalidArgumentException("set the sampling (setSampling or seededSampler) of the Syna dataset");
            }
            if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
                throw new UnsupportedFeatureException("the Syna dataset hands little-endian rows to DJL as native-order "
                        + "buffers; this platform is big-endian");
            }
            RowReader f = engine.rows(features, memoryBytes);
            try {
                Optional<RowReader> l = Optional.ofNullable(labels).map(x -> engine.rows(x, memoryBytes));
                if (l.isPresent() && l.get().rowCount() != f.rowCount()) {
                    long lr = l.get().rowCount();
                    l.get().close();
                    throw new ShapeMismatchException("features '" + features + "' have " + f.rowCount() + " rows, labels '"
                            + labels + "' have " + lr, syna.tensor.Shape.of(f.rowCount()), syna.tensor.Shape.of(lr));
                }
                return new SynaDataset(this, f, l);
            } catch (RuntimeException e) {
                f.close();
                throw e;
            }
        }
    }
}
