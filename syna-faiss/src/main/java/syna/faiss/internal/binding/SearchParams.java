package syna.faiss.internal.binding;

import syna.api.InvalidArgumentException;

/**
 * Per-call search settings.
 *
 * @param nprobe inverted lists probed by an IVF index; 0 keeps the index's setting
 * @param efSearch HNSW beam width (of the graph, or of an IVF's HNSW coarse quantizer); 0 keeps the index's
 * @param threads OpenMP threads for this call (FAISS parallelises over queries); 0 keeps the calling
 *     thread's setting. One query per call is fastest with 1: callers parallelise across their own threads.
 */
public record SearchParams(int nprobe, int efSearch, int threads) {
    private static final SearchParams DEFAULTS = new SearchParams(0, 0, 1);

    /** Validates. */
    public SearchParams {
        if (nprobe < 0 || efSearch < 0 || threads < 0) {
            throw new InvalidArgumentException("search parameters must be >= 0: nprobe " + nprobe + ", efSearch "
                    + efSearch + ", threads " + threads);
        }
    }

    /** The index's own nprobe / efSearch, one thread. */
    public static SearchParams defaults() {
        return DEFAULTS;
    }

    /** These settings with another nprobe. */
    public SearchParams withNprobe(int value) {
        return new SearchParams(value, efSearch, threads);
    }

    /** These settings with another efSearch. */
    public SearchParams withEfSearch(int value) {
        return new SearchParams(nprobe, value, threads);
    }

    /** These settings with another thread count. */
    public SearchParams withThreads(int value) {
        return new SearchParams(nprobe, efSearch, value);
    }
}
