package syna.index.gwi.internal.tree;

import java.util.Arrays;
import syna.index.gwi.internal.util.IntList;

/**
 * The attractors: a tree of centroids with {@code levels} levels; level 0 is the top, the last level holds the
 * leaves, each the centroid of one posting list. A node of level {@code l > 0} has one parent on level
 * {@code l - 1}; the top nodes hang from an implicit root. Node ids are dense per level; a removed node's id is
 * reused. Children lists may grow past the trained branching when leaves split. Not thread-safe: the index
 * guards it with its lock.
 */
public final class CentroidTree {
    private final int dim;
    private final int levels;
    private final float[][] centroids;
    private final int[][] parent;
    private final IntList[][] children;
    private final boolean[][] live;
    private final int[] count;
    private final int[] liveCount;
    private final IntList[] free;
    private final IntList roots = new IntList();

    /** An empty tree of {@code levels} levels of {@code dim}-float centroids. */
    public CentroidTree(int dim, int levels) {
        this.dim = dim;
        this.levels = levels;
        centroids = new float[levels][];
        parent = new int[levels][];
        children = new IntList[levels][];
        live = new boolean[levels][];
        count = new int[levels];
        liveCount = new int[levels];
        free = new IntList[levels];
        for (int l = 0; l < levels; l++) {
            centroids[l] = new float[4 * dim];
            parent[l] = new int[4];
            children[l] = new IntList[4];
            live[l] = new boolean[4];
            free[l] = new IntList();
        }
    }

    /** Floats per centroid. */
    public int dimension() {
        return dim;
    }

    /** Number of levels. */
    public int levels() {
        return levels;
    }

    /** The level of the leaves. */
    public int leafLevel() {
        return levels - 1;
    }

    /** Ids in use or free on {@code level}: every live id is below this. */
    public int capacity(int level) {
        return count[level];
    }

    /** Live nodes on {@code level}. */
    public int liveCount(int level) {
        return liveCount[level];
    }

    /** Live leaves. */
    public int leaves() {
        return liveCount[levels - 1];
    }

    /** Whether node {@code id} of {@code level} is live. */
    public boolean isLive(int level, int id) {
        return id >= 0 && id < count[level] && live[level][id];
    }

    /** The centroids of {@code level}, row {@code id} at {@code id * dimension()}; replaced when the level grows. */
    public float[] centroids(int level) {
        return centroids[level];
    }

    /** The parent of a node of {@code level > 0}; -1 on level 0. */
    public int parent(int level, int id) {
        return level == 0 ? -1 : parent[level][id];
    }

    /** The children (ids on {@code level + 1}) of a node above the leaves. */
    public IntList children(int level, int id) {
        return children[level][id];
    }

    /** The live top nodes. */
    public IntList roots() {
        return roots;
    }

    /** Adds a node on {@code level} with centroid {@code c[off, off + dim)} under {@code parentId} (-1 on level 0). */
    public int add(int level, float[] c, int off, int parentId) {
        int id;
        if (free[level].size() > 0) {
            id = free[level].get(free[level].size() - 1);
            free[level].swapRemove(free[level].size() - 1);
        } else {
            id = count[level]++;
            if (id == live[level].length) {
                int cap = id + (id >> 1) + 4;
                centroids[level] = Arrays.copyOf(centroids[level], cap * dim);
                parent[level] = Arrays.copyOf(parent[level], cap);
                children[level] = Arrays.copyOf(children[level], cap);
                live[level] = Arrays.copyOf(live[level], cap);
            }
        }
        System.arraycopy(c, off, centroids[level], id * dim, dim);
        live[level][id] = true;
        liveCount[level]++;
        if (level < levels - 1) {
            children[level][id] = new IntList(4);
        }
        attach(level, id, parentId);
        return id;
    }

    private void attach(int level, int id, int parentId) {
        if (level == 0) {
            roots.add(id);
            parent[0][id] = -1;
        } else {
            parent[level][id] = parentId;
            children[level - 1][parentId].add(id);
        }
    }

    private void detach(int level, int id) {
        if (level == 0) {
            roots.removeValue(id);
        } else {
            children[level - 1][parent[level][id]].removeValue(id);
        }
    }

    /** Removes a node; it must have no children left. */
    public void remove(int level, int id) {
        if (level < levels - 1 && children[level][id].size() > 0) {
            throw new IllegalStateException("node " + id + " of level " + level + " still has children");
        }
        detach(level, id);
        live[level][id] = false;
        children[level][id] = null;
        liveCount[level]--;
        free[level].add(id);
    }

    /** Moves node {@code id} of {@code level > 0} under {@code newParent}. */
    public void reparent(int level, int id, int newParent) {
        detach(level, id);
        attach(level, id, newParent);
    }

    /** Sets the centroid of a node from {@code c[off, off + dim)}. */
    public void set(int level, int id, float[] c, int off) {
        System.arraycopy(c, off, centroids[level], id * dim, dim);
    }

    /** Copies the centroid of a node into {@code dst[0, dim)}. */
    public void copy(int level, int id, float[] dst) {
        System.arraycopy(centroids[level], id * dim, dst, 0, dim);
    }

    /** Marks a dead parent in {@link #parents(int)} and {@link #restore}. */
    public static final int DEAD = -2;

    /** Per id of {@code level}: the parent (-1 on level 0), or {@link #DEAD} for a free id. */
    public int[] parents(int level) {
        int[] p = new int[count[level]];
        for (int i = 0; i < p.length; i++) {
            p[i] = !live[level][i] ? DEAD : level == 0 ? -1 : parent[level][i];
        }
        return p;
    }

    /**
     * A tree from saved parts: per level the parents ({@link #parents}) and centroids of ids {@code 0..n-1}.
     * Children lists and free ids are rebuilt in id order. The caller has checked every parent is a live id of the
     * level above.
     */
    public static CentroidTree restore(int dim, int[][] parents, float[][] cents) {
        int levels = parents.length;
        CentroidTree t = new CentroidTree(dim, levels);
        for (int l = 0; l < levels; l++) {
            int n = parents[l].length;
            int cap = Math.max(4, n);
            t.centroids[l] = Arrays.copyOf(cents[l], cap * dim);
            t.parent[l] = new int[cap];
            t.children[l] = new IntList[cap];
            t.live[l] = new boolean[cap];
            t.count[l] = n;
            for (int i = 0; i < n; i++) {
                int p = parents[l][i];
                if (p == DEAD) {
                    t.free[l].add(i);
                    continue;
                }
                t.live[l][i] = true;
                t.liveCount[l]++;
                if (l < levels - 1) {
                    t.children[l][i] = new IntList(4);
                }
                t.attach(l, i, p);
            }
        }
        return t;
    }

    /** Bytes held. */
    public long bytes() {
        long b = 64 + roots.bytes();
        for (int l = 0; l < levels; l++) {
            b += 4L * centroids[l].length + 4L * parent[l].length + live[l].length + free[l].bytes()
                    + 8L * children[l].length;
            if (l < levels - 1) {
                for (int i = 0; i < count[l]; i++) {
                    if (children[l][i] != null) {
                        b += children[l][i].bytes();
                    }
                }
            }
        }
        return b;
    }
}
