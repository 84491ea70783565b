package syna.tests;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.stream.IntStream;
import syna.api.DistanceMetric;

/**
 * Exact nearest neighbours computed independently of any Syna kernel (plain double arithmetic), the
 * yardstick recall is measured against. Thread-safe.
 */
public final class GroundTruth {
    private GroundTruth() {}

    /** Distance as the SPI defines it (1 - cosine, squared euclidean, negative dot), in doubles. */
    public static double distance(DistanceMetric metric, float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0, sq = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
            double d = (double) a[i] - b[i];
            sq += d * d;
        }
        return switch (metric) {
            case COSINE -> na == 0 || nb == 0 ? 1 : 1 - dot / Math.sqrt(na * nb);
            case EUCLIDEAN -> sq;
            case DOT_PRODUCT -> -dot;
        };
    }

    /** Ids (indexes into {@code data}) of the {@code k} nearest accepted vectors, nearest first. */
    public static long[] topK(DistanceMetric metric, float[][] data, float[] query, int k, LongPredicate accept) {
        double[] d = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            d[i] = distance(metric, query, data[i]);
        }
        return IntStream.range(0, data.length)
                .filter(i -> accept.test(i))
                .boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> d[i]).thenComparing(i -> i))
                .limit(k)
                .mapToLong(Integer::longValue)
                .toArray();
    }

    /** Fraction of {@code truth} found in {@code found}. */
    public static double recall(long[] truth, List<Long> found) {
        if (truth.length == 0) {
            return 1;
        }
        long hits = Arrays.stream(truth).filter(found::contains).count();
        return (double) hits / truth.length;
    }
}
