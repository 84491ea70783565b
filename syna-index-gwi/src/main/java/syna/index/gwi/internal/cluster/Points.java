package syna.index.gwi.internal.cluster;

/** The points k-means clusters, read one at a time into a caller's buffer. Not thread-safe. */
public interface Points {
    /** Number of points. */
    int size();

    /** Copies point {@code i} into {@code dst}, prepared for {@link CentroidSpace#distance}. */
    void read(int i, float[] dst);

    /** Weight of point {@code i} in the means (1 unless the points stand for groups). */
    default float weight(int i) {
        return 1f;
    }
}
