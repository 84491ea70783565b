package syna.index.gwi.internal.cluster;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Lloyd's k-means with k-means++ seeding (Arthur and Vassilvitskii, SODA 2007), spherical for cosine (centroids
 * are re-normalised after each update, as in Dhillon and Modha's spherical k-means). Seeding draws from a seeded
 * subsample so its cost stays near one Lloyd pass; an emptied cluster restarts at a member of the largest one.
 * Deterministic for a given seed. Stateless; thread-safe.
 */
public final class KMeans {
    /** Most floats the seeding subsample may hold (64 MiB). */
    private static final int MAX_SEED_FLOATS = 16 << 20;
    /**
     * Most floats of prepared points kept between passes (128 MiB): reading a point from the source and preparing
     * it (a copy and, for cosine, a norm) costs as much as a distance, paid again every pass without the copy.
     */
    private static final long MAX_CACHED_FLOATS = 32L << 20;

    private KMeans() {}

    /** The prepared points of one run, row-major (seeding reads them from here rather than the source). */
    private record Cached(float[] rows, int dim, int size) implements Points {
        @Override
        public void read(int i, float[] dst) {
            System.arraycopy(rows, i * dim, dst, 0, dim);
        }
    }

    /**
     * The outcome: {@code k} centroids (row-major), each point's cluster under the returned centroids and its
     * distance to that cluster's centroid (the prepared point's, with {@link CentroidSpace#distances}), cluster
     * sizes, and the distance computations spent.
     */
    public record Result(float[] centroids, int k, int[] assignment, float[] nearest, int[] sizes, long distances) {}

    /**
     * Clusters {@code points} into at most {@code k} clusters (fewer when there are fewer points) with at most
     * {@code iterations} centroid updates, stopping early once fewer than 0.1% of the points change cluster.
     */
    public static Result run(Points points, int k, int iterations, CentroidSpace space, SplittableRandom random) {
        return run(points, k, iterations, space, random, true);
    }

    /**
     * As {@link #run(Points, int, int, CentroidSpace, SplittableRandom)}; with {@code tiles} (four or more
     * clusters) each pass measures four points at a time against four centroids ({@link CentroidSpace#distances4}),
     * else one point against four. The same clustering either way, up to float rounding.
     */
    public static Result run(Points points, int k, int iterations, CentroidSpace space, SplittableRandom random,
            boolean tiles) {
        return run(points, k, iterations, space, random, tiles, null);
    }

    /**
     * Buffers kept between runs by a caller that clusters many small sets one after another (a rebalancer's
     * splits), so each run does not allocate, and have zeroed, a fresh copy of its points. Not thread-safe.
     */
    public static final class Workspace {
        private float[] rows = new float[0];

        float[] rows(int floats) {
            if (rows.length < floats) {
                rows = new float[Math.max(floats, (int) Math.min(MAX_CACHED_FLOATS, 2L * rows.length))];
            }
            return rows;
        }
    }

    /**
     * As {@link #run(Points, int, int, CentroidSpace, SplittableRandom, boolean)}, keeping the prepared points in
     * {@code workspace}'s buffer (null: a fresh one).
     */
    public static Result run(Points points, int k, int iterations, CentroidSpace space, SplittableRandom random,
            boolean tiles, Workspace workspace) {
        int n = points.size();
        int dim = space.dimension();
        k = Math.max(1, Math.min(k, n));
        if (n == 0) {
            return new Result(new float[dim], 1, new int[0], new float[0], new int[] {0}, 0);
        }
        long[] work = {0};
        float[] x = new float[dim];
        float[] cached = null;
        if ((long) n * dim <= MAX_CACHED_FLOATS && iterations > 0) {
            cached = workspace != null ? workspace.rows(n * dim) : new float[n * dim];
            for (int i = 0; i < n; i++) {
                points.read(i, x);
                System.arraycopy(x, 0, cached, i * dim, dim);
            }
        }
        float[] c = seed(points, cached, k, space, random, work);
        int[] assign = new int[n];
        Arrays.fill(assign, -1);
        float[] nearest = new float[n];
        int[] sizes = new int[k];
        double[] sums = new double[k * dim];
        double[] weights = new double[k];
        // Fewer than four centroids (a split's 2-means): each centroid against four points a pass instead.
        float[][] columns = cached != null && k < 4 ? new float[k][n] : null;
        float[] row = columns != null ? new float[dim] : null;
        boolean tiled = tiles && columns == null && k >= 4;
        // a block of four points: their distances to every centroid, and their floats when not cached
        float[] dist = new float[4 * k];
        float[] block = cached == null ? new float[4 * dim] : null;
        float[] one = new float[k];
        // The clusters' sums, weights and sizes follow the assignment: the first pass adds every point, later passes
        // move only the points that changed cluster (few, once the clustering settles).
        for (int it = 0;; it++) {
            int changed = 0;
            if (columns != null) {
                for (int j = 0; j < k; j++) {
                    System.arraycopy(c, j * dim, row, 0, dim);
                    space.distances(row, cached, 0, n, columns[j]);
                }
            }
            for (int i0 = 0; i0 < n; i0 += 4) {
                int m = Math.min(4, n - i0);
                float[] p = cached != null ? cached : block;
                if (cached == null) {
                    for (int t = 0; t < m; t++) {
                        points.read(i0 + t, x);
                        System.arraycopy(x, 0, block, t * dim, dim);
                    }
                }
                int base = cached != null ? i0 * dim : 0;
                if (columns != null) {
                    for (int t = 0; t < m; t++) {
                        for (int j = 0; j < k; j++) {
                            dist[t * k + j] = columns[j][i0 + t];
                        }
                    }
                } else if (tiled && m == 4) {
                    space.distances4(p, base, base + dim, base + 2 * dim, base + 3 * dim, c, k, dist);
                } else {
                    for (int t = 0; t < m; t++) {
                        System.arraycopy(p, base + t * dim, x, 0, dim);
                        space.distances(x, c, 0, k, one);
                        System.arraycopy(one, 0, dist, t * k, k);
                    }
                }
                for (int t = 0; t < m; t++) {
                    int i = i0 + t;
                    int po = base + t * dim;
                    int best = 0;
                    float bestD = dist[t * k];
                    for (int j = 1; j < k; j++) {
                        float d = dist[t * k + j];
                        if (d < bestD) {
                            bestD = d;
                            best = j;
                        }
                    }
                    nearest[i] = bestD;
                    int was = assign[i];
                    if (was != best) {
                        changed++;
                        assign[i] = best;
                        float w = points.weight(i);
                        if (was >= 0) {
                            add(sums, weights, sizes, was, p, po, w, dim, true);
                        }
                        add(sums, weights, sizes, best, p, po, w, dim, false);
                    }
                }
            }
            work[0] += (long) n * k;
            if (it >= iterations || (it > 0 && changed <= n / 1000)) {
                return new Result(c, k, assign, nearest, sizes, work[0]);
            }
            update(c, sums, weights, sizes, assign, points, space, random, k, dim, x);
        }
    }

    /** Adds the point {@code p[po, po + dim)} of weight {@code w} to cluster {@code j}, or removes it. */
    private static void add(double[] sums, double[] weights, int[] sizes, int j, float[] p, int po, float w, int dim,
            boolean remove) {
        if (remove) {
            w = -w;
        }
        int off = j * dim;
        for (int t = 0; t < dim; t++) {
            sums[off + t] += w * p[po + t];
        }
        if (remove) {
            if (--sizes[j] == 0) {
                // exactly empty, not a rounding residue of additions and removals
                Arrays.fill(sums, off, off + dim, 0);
                weights[j] = 0;
                return;
            }
        } else {
            sizes[j]++;
        }
        weights[j] += w;
    }

    private static void update(float[] c, double[] sums, double[] weights, int[] sizes, int[] assign, Points points,
            CentroidSpace space, SplittableRandom random, int k, int dim, float[] x) {
        for (int j = 0; j < k; j++) {
            if (sizes[j] > 0 && weights[j] > 0) {
                int off = j * dim;
                double inv = 1 / weights[j];
                for (int t = 0; t < dim; t++) {
                    c[off + t] = (float) (sums[off + t] * inv);
                }
                space.finish(c, j);
            }
        }
        for (int j = 0; j < k; j++) {
            if (sizes[j] == 0) {
                // Restart an empty cluster at a random member of the largest one (it takes half of it next pass).
                int largest = 0;
                for (int t = 1; t < k; t++) {
                    if (sizes[t] > sizes[largest]) {
                        largest = t;
                    }
                }
                if (sizes[largest] < 2) {
                    continue;
                }
                int pick = random.nextInt(sizes[largest]);
                for (int i = 0; i < assign.length; i++) {
                    if (assign[i] == largest && pick-- == 0) {
                        points.read(i, x);
                        System.arraycopy(x, 0, c, j * dim, dim);
                        assign[i] = j;
                        float w = points.weight(i);
                        add(sums, weights, sizes, largest, x, 0, w, dim, true);
                        add(sums, weights, sizes, j, x, 0, w, dim, false);
                        break;
                    }
                }
            }
        }
    }

    /**
     * k-means++: the first centre uniformly, each next one with probability proportional to its spread, drawn from
     * a seeded subsample; from the prepared rows {@code cached} (null: not kept) as they are when the subsample is
     * every point (a split's 2-means), rather than copied out in a shuffled order.
     */
    private static float[] seed(Points points, float[] cached, int k, CentroidSpace space, SplittableRandom random,
            long[] work) {
        int n = points.size();
        int dim = space.dimension();
        int m = (int) Math.min(n, Math.max(64L * k, 2048));
        m = Math.max(Math.min(m, MAX_SEED_FLOATS / dim), Math.min(n, k));
        float[] s;
        float[] x = new float[dim];
        if (cached != null && m == n) {
            s = cached;
        } else {
            Points from = cached != null ? new Cached(cached, dim, n) : points;
            int[] pick = sample(n, m, random);
            s = new float[m * dim];
            for (int i = 0; i < m; i++) {
                from.read(pick[i], x);
                System.arraycopy(x, 0, s, i * dim, dim);
            }
        }
        float[] c = new float[k * dim];
        float[] minD = new float[m];
        int first = random.nextInt(m);
        System.arraycopy(s, first * dim, c, 0, dim);
        float[] spread = new float[m];
        double total = 0;
        System.arraycopy(c, 0, x, 0, dim);
        space.spreads(x, s, m, minD);
        for (int i = 0; i < m; i++) {
            total += minD[i];
        }
        for (int j = 1; j < k; j++) {
            int chosen;
            if (total <= 0) {
                chosen = random.nextInt(m);
            } else {
                double r = random.nextDouble() * total;
                chosen = m - 1;
                for (int i = 0; i < m; i++) {
                    r -= minD[i];
                    if (r <= 0) {
                        chosen = i;
                        break;
                    }
                }
            }
            System.arraycopy(s, chosen * dim, c, j * dim, dim);
            if (j == k - 1) {
                break; // the spreads to the last centre choose nothing
            }
            total = 0;
            System.arraycopy(c, j * dim, x, 0, dim);
            space.spreads(x, s, m, spread);
            for (int i = 0; i < m; i++) {
                if (spread[i] < minD[i]) {
                    minD[i] = spread[i];
                }
                total += minD[i];
            }
        }
        work[0] += (long) m * k;
        return c;
    }

    /** {@code m} distinct indices of {@code [0, n)}, seeded (a partial Fisher-Yates shuffle). */
    public static int[] sample(int n, int m, SplittableRandom random) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int i = 0; i < m; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, m);
    }
}
