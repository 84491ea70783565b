package syna.vector.internal;

import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import syna.api.DistanceMetric;
import syna.api.spi.ExactSearch;
import syna.api.spi.OrdinalFilter;

/**
 * Compiles the exact-search path ahead of a store's first search: once per JVM, a low-priority daemon thread
 * runs {@link ExactSearch} over a small {@link PagedVectors} of its own, for each metric, until the JIT has
 * compiled the scan, the scorer and the kernels it inlines (a few hundred milliseconds of CPU). Without it the
 * first search after a bulk insert measures the new vectors with interpreted SIMD code, several times slower
 * than compiled code, while the index starts building beside it. Thread-safe.
 */
final class SearchWarmUp {
    private static final System.Logger LOG = System.getLogger(SearchWarmUp.class.getName());
    private static final int VECTORS = 2048;
    private static final int DIM = 384;
    private static final int ROUNDS = 40;

    private SearchWarmUp() {}

    private static final class Once {
        static {
            Thread.ofPlatform().daemon().name("syna-search-warm-up").priority(Thread.MIN_PRIORITY)
                    .start(SearchWarmUp::run);
        }

        static void touch() {
            // the class initialiser starts the thread, once
        }
    }

    /** Starts the warm-up if it has not run in this JVM; returns at once. */
    static void start() {
        Once.touch();
    }

    private static void run() {
        long t0 = System.nanoTime();
        SplittableRandom r = new SplittableRandom(0x5EA2C4L);
        try (Arena arena = Arena.ofShared()) {
            int hits = 0;
            for (DistanceMetric metric : DistanceMetric.values()) {
                PagedVectors v = PagedVectors.allocating(DIM, metric, arena);
                float[] x = new float[DIM];
                for (int i = 0; i < VECTORS; i++) {
                    for (int j = 0; j < DIM; j++) {
                        x[j] = (float) r.nextGaussian();
                    }
                    v.set(i, x);
                }
                java.util.BitSet live = new java.util.BitSet();
                live.set(0, VECTORS);
                for (int round = 0; round < ROUNDS; round++) {
                    // as a store searches: a bitset of the slots to measure, and the unfiltered form
                    hits += ExactSearch.search(v.scorer().query(x), 10, OrdinalFilter.of(live), VECTORS).size();
                    hits += ExactSearch.search(v, x, 10, OrdinalFilter.all()).size();
                }
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            int found = hits;
            LOG.log(Level.DEBUG, () -> "Syna vector search warmed up in " + ms + " ms (" + found + " hits)");
        } catch (RuntimeException | Error e) {
            LOG.log(Level.DEBUG, () -> "Syna vector search warm-up skipped: " + e);
        }
    }
}
