package syna.tensor;

/** What a batch iterator does with the rows left over when the row count is not a multiple of the batch size. */
public enum LastBatch {
    /** A last, shorter batch. */
    KEEP,
    /** No last batch: the left-over rows are skipped (in this epoch; a shuffle skips different ones). */
    DROP,
    /** A last batch of full size whose missing rows are zeros; {@link Batch#rows()} tells how many are real. */
    PAD
}
