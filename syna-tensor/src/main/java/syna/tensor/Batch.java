package syna.tensor;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import syna.api.InvalidArgumentException;

/**
 * One batch: {@code batchSize} (or, last, fewer) rows of the features and, if asked for, the labels,
 * each a packed tensor whose dimension 0 is the rows. Close it when done: its memory goes back to
 * the iterator for the next batches (an unclosed batch is freed by the garbage collector instead).
 * Thread-safe (immutable; close once).
 */
public final class Batch implements AutoCloseable {
    private final long index;
    private final int rows;
    private final Tensor features;
    private final Optional<Tensor> labels;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * A batch whose memory {@code release} hands back on {@link #close()}.
     *
     * @param index the batch's number in the epoch, from 0
     * @param rows rows that are data (with {@link LastBatch#PAD} the last batch has more, zeros)
     * @param features the features rows
     * @param labels the labels rows, or empty
     * @param release run once on close
     */
    public Batch(long index, int rows, Tensor features, Optional<Tensor> labels, Runnable release) {
        if (features == null || labels == null || release == null) {
            throw new InvalidArgumentException("batch features, labels and release must not be null");
        }
        this.index = index;
        this.rows = rows;
        this.features = features;
        this.labels = labels;
        this.release = release;
    }

    /** The batch's number in the epoch, from 0. */
    public long index() {
        return index;
    }

    /** Rows that are data; with {@link LastBatch#PAD} the last batch's tensors have more rows, zeros. */
    public int rows() {
        return rows;
    }

    /** The features rows. */
    public Tensor features() {
        return features;
    }

    /** The labels rows; empty when no labels were asked for. */
    public Optional<Tensor> labels() {
        return labels;
    }

    /** Hands the memory back; idempotent. The tensors must not be used afterwards. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            features.close();
            labels.ifPresent(Tensor::close);
            release.run();
        }
    }

    @Override
    public String toString() {
        return "Batch[" + index + ", " + rows + " rows, " + features + labels.map(l -> ", " + l).orElse("") + "]";
    }
}
