package syna.tensor;

import java.util.Optional;
import syna.api.InvalidArgumentException;

/**
 * What {@link TensorEngine#batches} iterates: rows of a features tensor (a name or a glob, read as
 * {@link TensorEngine#get(String)} would assemble it, without loading it) and optionally of a labels
 * tensor with as many rows, in batches. Build with {@link #builder(String)}. Immutable. Thread-safe.
 *
 * @param features name or glob of the features
 * @param labels name or glob of the labels; empty for none
 * @param batchSize rows per batch, 1 to {@value #MAX_BATCH}
 * @param shuffle whether rows come in a seeded random order (else in stored order)
 * @param seed seed of the order; with {@code epoch} it fixes the order completely
 * @param epoch mixed into the seed, so each epoch has its own order
 * @param lastBatch what to do with the rows left over
 * @param prefetch batches read ahead on virtual threads, 1 to {@value #MAX_PREFETCH}
 * @param shuffleBufferBytes memory for shuffling a chunked tensor: when all of its chunks fit, the
 *     order is a uniform permutation of all rows; otherwise the chunks are visited in a random order
 *     and rows are shuffled within windows of chunks that fit this budget (a block shuffle, as
 *     tf.data's shuffle buffer). Default {@value #DEFAULT_SHUFFLE_BUFFER} bytes
 */
public record BatchOptions(String features, Optional<String> labels, int batchSize, boolean shuffle, long seed,
        long epoch, LastBatch lastBatch, int prefetch, long shuffleBufferBytes) {
    /** Largest batch. */
    public static final int MAX_BATCH = 1 << 20;
    /** Most batches read ahead. */
    public static final int MAX_PREFETCH = 64;
    /** Default shuffle memory. */
    public static final long DEFAULT_SHUFFLE_BUFFER = 1L << 30;

    /** Checks the bounds. */
    public BatchOptions {
        if (features == null || features.isEmpty() || labels == null || labels.map(String::isEmpty).orElse(false)) {
            throw new InvalidArgumentException("batch features" + (features == null || features.isEmpty() ? "" : " labels")
                    + " must be a non-empty name or glob");
        }
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new InvalidArgumentException("batchSize must be in [1, " + MAX_BATCH + "], got " + batchSize);
        }
        if (lastBatch == null) {
            throw new InvalidArgumentException("lastBatch must not be null");
        }
        if (prefetch < 1 || prefetch > MAX_PREFETCH) {
            throw new InvalidArgumentException("prefetch must be in [1, " + MAX_PREFETCH + "], got " + prefetch);
        }
        if (shuffleBufferBytes < 1) {
            throw new InvalidArgumentException("shuffleBufferBytes must be >= 1, got " + shuffleBufferBytes);
        }
    }

    /** A builder for batches of rows of {@code features}. */
    public static Builder builder(String features) {
        return new Builder(features);
    }

    /** These options for epoch {@code epoch} (another shuffle order). */
    public BatchOptions withEpoch(long epoch) {
        return new BatchOptions(features, labels, batchSize, shuffle, seed, epoch, lastBatch, prefetch, shuffleBufferBytes);
    }

    /** Builds {@link BatchOptions}. Not thread-safe; one per thread. */
    public static final class Builder {
        private final String features;
        private String labels;
        private int batchSize = 32;
        private boolean shuffle;
        private long seed;
        private long epoch;
        private LastBatch lastBatch = LastBatch.KEEP;
        private int prefetch = 4;
        private long shuffleBufferBytes = DEFAULT_SHUFFLE_BUFFER;

        private Builder(String features) {
            this.features = features;
        }

        /** Name or glob of the labels, row for row with the features. */
        public Builder labels(String labels) {
            if (labels == null) {
                throw new InvalidArgumentException("labels must not be null");
            }
            this.labels = labels;
            return this;
        }

        /** Rows per batch (default 32). */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Shuffle the rows with {@code seed}. */
        public Builder shuffle(long seed) {
            this.shuffle = true;
            this.seed = seed;
            return this;
        }

        /** The epoch, mixed into the shuffle seed (default 0). */
        public Builder epoch(long epoch) {
            this.epoch = epoch;
            return this;
        }

        /** What to do with left-over rows (default {@link LastBatch#KEEP}). */
        public Builder lastBatch(LastBatch lastBatch) {
            this.lastBatch = lastBatch;
            return this;
        }

        /** Batches read ahead (default 4). */
        public Builder prefetch(int prefetch) {
            this.prefetch = prefetch;
            return this;
        }

        /** Memory for shuffling chunked tensors (default 1 GiB). */
        public Builder shuffleBufferBytes(long shuffleBufferBytes) {
            this.shuffleBufferBytes = shuffleBufferBytes;
            return this;
        }

        /** The options; {@link InvalidArgumentException} names a bound that does not hold. */
        public BatchOptions build() {
            return new BatchOptions(features, Optional.ofNullable(labels), batchSize, shuffle, seed, epoch, lastBatch,
                    prefetch, shuffleBufferBytes);
        }
    }
}
