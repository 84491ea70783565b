package syna.index.gwi.internal.source;

/** Temporary stand-in for {@code syna.api.spi.VectorScorer}; replaced by the real type when issue 11 is merged. */
public interface VectorScorer {
    /** Measures from {@code query} from now on. */
    VectorScorer query(float[] query);

    /** Measures from the stored vector of {@code ordinal} from now on. */
    VectorScorer query(int ordinal);

    /** Distance from the query to {@code ordinal}, lower is closer. */
    float distance(int ordinal);
}
