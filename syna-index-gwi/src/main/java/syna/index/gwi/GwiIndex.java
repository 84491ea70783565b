package syna.index.gwi;

import java.time.Duration;
import java.util.List;
import syna.api.spi.OrdinalFilter;
import syna.api.spi.VectorHit;
import syna.api.spi.VectorIndex;

/**
 * A Gravity Well index as the {@code gwi} provider makes it: a {@link VectorIndex} with per-query probe
 * settings, explicit training and its counters. Reach it by casting what the provider returns. Concurrent
 * reads, one writer; thread-safe.
 */
public interface GwiIndex extends VectorIndex {
    /**
     * The {@code k} nearest held ordinals that {@code filter} accepts, probing as {@code query} says (a plain
     * {@link #search(float[], int, syna.api.spi.SearchOptions)} probes as the index's {@link GwiOptions} say,
     * with the effort as {@code nprobe}).
     */
    List<VectorHit> search(float[] query, int k, GwiQuery probe, OrdinalFilter filter);

    /**
     * Trains (or retrains) the attractors on the vectors of {@code sample}, ordinals of the source, and files
     * every held ordinal under them, on the calling thread; inserts and searches go on meanwhile. Until the
     * first training (explicit, or on reaching {@link GwiOptions#trainSize()} vectors) search is exact.
     */
    void train(int[] sample);

    /** Whether the attractors are trained. */
    boolean trained();

    /** The counters now. */
    GwiStats stats();

    /**
     * Waits until background training and rebalancing have nothing left to do, at most {@code timeout};
     * returns whether they finished.
     */
    boolean awaitRebalanced(Duration timeout) throws InterruptedException;

    /** The options the index runs with. */
    GwiOptions options();
}
