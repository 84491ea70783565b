package syna.faiss.internal.binding;

import java.util.ArrayList;
import java.util.List;

/**
 * What the shim found out about an index's structure ({@code SYNA_FAISS_KIND_*}): which search knobs apply
 * and what FAISS can do with it in the linked version.
 *
 * @param bits the shim's bit set
 */
public record IndexKind(int bits) {
    static final int IVF = 1;
    static final int HNSW = 2;
    static final int PRETRANSFORM = 4;
    static final int PARAMS = 8;
    static final int SELECTOR = 16;
    static final int STABLE_REMOVE = 32;
    static final int QUANTIZER_HNSW = 64;
    static final int FLAT = 128;
    static final int ADD_WITH_IDS = 256;

    /** An inverted-file index: {@code nprobe} applies; vectors are added with explicit ids. */
    public boolean ivf() {
        return (bits & IVF) != 0;
    }

    /** An HNSW graph: {@code efSearch} applies. */
    public boolean hnsw() {
        return (bits & HNSW) != 0;
    }

    /** Wrapped in a vector transform (OPQ, PCA, ...). */
    public boolean pretransform() {
        return (bits & PRETRANSFORM) != 0;
    }

    /** Searches with per-call parameters run concurrently; otherwise the shim searches this index one call at a time. */
    public boolean perCallParameters() {
        return (bits & PARAMS) != 0;
    }

    /** Search applies an id selector (a bitmap); otherwise the caller has to filter the results. */
    public boolean selector() {
        return (bits & SELECTOR) != 0;
    }

    /** Ids can be removed, and the other ids stay as they were. */
    public boolean stableRemove() {
        return (bits & STABLE_REMOVE) != 0;
    }

    /** An IVF index whose coarse quantizer is an HNSW graph: {@code efSearch} applies to it. */
    public boolean quantizerHnsw() {
        return (bits & QUANTIZER_HNSW) != 0;
    }

    /** An exact, flat index. */
    public boolean flat() {
        return (bits & FLAT) != 0;
    }

    /** {@code add} takes explicit ids; otherwise FAISS numbers vectors {@code ntotal, ntotal + 1, ...}. */
    public boolean addWithIds() {
        return (bits & ADD_WITH_IDS) != 0;
    }

    private static final int[] BITS = {IVF, HNSW, FLAT, PRETRANSFORM, QUANTIZER_HNSW, PARAMS, SELECTOR, STABLE_REMOVE, ADD_WITH_IDS};
    private static final String[] NAMES = {"ivf", "hnsw", "flat", "pretransform", "quantizer-hnsw", "per-call-parameters",
        "selector", "stable-remove", "add-with-ids"};

    @Override
    public String toString() {
        List<String> s = new ArrayList<>();
        for (int i = 0; i < BITS.length; i++) {
            if ((bits & BITS[i]) != 0) {
                s.add(NAMES[i]);
            }
        }
        return "IndexKind" + s;
    }
}
