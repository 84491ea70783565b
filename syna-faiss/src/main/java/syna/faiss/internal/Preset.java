package syna.faiss.internal;

import syna.api.InvalidArgumentException;
import syna.faiss.FaissOptions;

/** The FAISS structures Syna names, and the factory string each becomes. Thread-safe (immutable). */
enum Preset {
    /** Any {@code index_factory} string ({@code factory=...}). */
    GENERIC("faiss"),
    /** {@code HNSW<m>,Flat}: a graph over full-precision copies; no training. */
    HNSW("faiss-hnsw"),
    /** {@code IVF<lists>,Flat}: inverted lists of full-precision copies; trained. */
    IVF_FLAT("faiss-ivf-flat"),
    /** {@code IVF<lists>,PQ<m>x<bits>np}: inverted lists of product-quantized codes; trained. */
    IVF_PQ("faiss-ivf-pq");

    final String providerName;

    Preset(String providerName) {
        this.providerName = providerName;
    }

    /** Whether the factory string depends on how many vectors training sees (lists chosen from it). */
    boolean factoryAtTraining() {
        return this == IVF_FLAT || this == IVF_PQ;
    }

    /** The lists of an IVF preset trained on {@code trainVectors}. */
    static int lists(FaissOptions o, int trainVectors) {
        if (o.lists() > 0) {
            return o.lists();
        }
        int target = Math.max(1, trainVectors / 39); // FAISS warns below 39 training points per centroid
        return Math.max(1, Integer.highestOneBit(Math.min(target, 65536)));
    }

    /** The factory string for vectors of {@code dimension} (and, for IVF, {@code trainVectors} to train on). */
    String factory(FaissOptions o, int dimension, int trainVectors) {
        return switch (this) {
            case GENERIC -> {
                if (o.factory().isEmpty()) {
                    throw new InvalidArgumentException("provider faiss needs a factory parameter, e.g. factory=IVF256,Flat "
                            + "(or use faiss-hnsw, faiss-ivf-flat, faiss-ivf-pq)");
                }
                yield o.factory();
            }
            case HNSW -> "HNSW" + o.m() + ",Flat";
            case IVF_FLAT -> "IVF" + lists(o, trainVectors) + ",Flat";
            case IVF_PQ -> "IVF" + lists(o, trainVectors) + ",PQ" + pqM(o, dimension) + "x" + o.pqBits() + "np";
        };
    }

    /** Sub-quantizers: the option, else the smallest divisor of the dimension at or above dimension / 8. */
    static int pqM(FaissOptions o, int dimension) {
        if (o.pqM() > 0) {
            if (dimension % o.pqM() != 0) {
                throw new InvalidArgumentException("faiss parameter 'pq-m' (" + o.pqM() + ") must divide the dimension "
                        + dimension);
            }
            return o.pqM();
        }
        int want = Math.max(1, dimension / 8);
        for (int m = want; ; m++) {
            if (dimension % m == 0) {
                return m; // the smallest divisor at or above dimension / 8: a prime dimension gets 1-d sub-vectors
            }
        }
    }

    /** Candidates per hit re-measured from the store: the option, else 4 for PQ codes and 1 otherwise. */
    int rerank(FaissOptions o) {
        return o.rerank() > 0 ? o.rerank() : this == IVF_PQ || o.factory().contains("PQ") ? 4 : 1;
    }
}
