package syna.faiss.internal.binding;

/** FAISS's metrics as the shim numbers them ({@code SYNA_FAISS_METRIC_*}). */
public enum FaissMetric {
    /** Squared Euclidean distance; smaller is closer. */
    L2(0),
    /** Inner product; larger is closer. */
    INNER_PRODUCT(1);

    private final int code;

    FaissMetric(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    static FaissMetric of(int code) {
        for (FaissMetric m : values()) {
            if (m.code == code) {
                return m;
            }
        }
        throw new IllegalStateException("the FAISS index has a metric Syna does not use (shim code " + code + ")");
    }
}
