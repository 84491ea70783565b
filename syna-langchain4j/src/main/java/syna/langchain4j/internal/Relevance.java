package syna.langchain4j.internal;

import dev.langchain4j.store.embedding.RelevanceScore;
import syna.api.DistanceMetric;

/**
 * Turns a Syna distance into LangChain4j's relevance score in [0, 1], where 1 is the query itself. For
 * cosine this is exactly {@link RelevanceScore#fromCosineSimilarity}, {@code (cos + 1) / 2}. LangChain4j
 * defines relevance through cosine similarity alone, so the other metrics map to the cosine they equal on
 * unit-length vectors (what embedding models return): dot product {@code = cos}, squared euclidean
 * {@code = 2 - 2 cos}. The mapping is monotonic, so matches sorted by distance are sorted by score.
 * Thread-safe.
 */
public final class Relevance {
    private Relevance() {}

    /** The relevance score of a match at {@code distance} (Syna's: lower is closer) under {@code metric}. */
    public static double score(DistanceMetric metric, float distance) {
        double cos = switch (metric) {
            case COSINE -> 1.0 - distance;
            case DOT_PRODUCT -> -(double) distance;
            case EUCLIDEAN -> 1.0 - distance / 2.0;
        };
        double score = RelevanceScore.fromCosineSimilarity(cos);
        // float rounding can push an exact match a hair past 1; the score is defined on [0, 1]
        return Math.min(1.0, Math.max(0.0, score));
    }
}
