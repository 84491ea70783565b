package syna.index.cascade.internal.lsh;

import java.util.Arrays;
import syna.api.Vectors;
import syna.api.spi.VectorKernels;
import syna.index.cascade.internal.util.IntList;

/**
 * The buckets of every LSH table, each the root of an adaptive binary tree: a leaf holds node ids; a leaf that
 * outgrows {@code bucketSize} (and is shallower than {@code maxDepth}) splits by a hyperplane through the
 * centroid of its members, normal to the direction from the centroid to the member farthest from it, so the
 * split follows the spread of what is there. Tree nodes are never freed; deleted graph nodes leave the leaves in
 * {@link #removeIf} (batch consolidation). Not thread-safe: the index guards it.
 */
public final class BucketForest {
    /** Reads the vector of a graph node, prepared. */
    @FunctionalInterface
    public interface NodeVectors {
        /** Copies the vector of {@code node} into {@code dst}. */
        void read(int node, float[] dst);
    }

    /** Tests a graph node. */
    @FunctionalInterface
    public interface NodeTest {
        /** Whether {@code node} passes. */
        boolean test(int node);
    }

    private final int tables;
    private final int bits;
    private final int dim;
    private final int bucketSize;
    private final int maxDepth;
    private final int[] roots;
    private final VectorKernels kernels = Vectors.kernels();
    // tree node pool
    private int count;
    private int[] left = new int[64];
    private int[] right = new int[64];
    private int[] depth = new int[64];
    private float[] offset = new float[64];
    private float[] normals = new float[0];
    private int[] normalRow = new int[64];
    private int normalRows;
    private IntList[] members = new IntList[64];
    private int[] refusedAt = new int[64];

    /** Empty buckets. */
    public BucketForest(int tables, int bits, int dim, int bucketSize, int maxDepth) {
        this.tables = tables;
        this.bits = bits;
        this.dim = dim;
        this.bucketSize = bucketSize;
        this.maxDepth = maxDepth;
        this.roots = new int[tables << bits];
        Arrays.fill(roots, -1);
    }

    /** Tree nodes allocated. */
    public int nodes() {
        return count;
    }

    /** Root tree node of bucket {@code hash} of table {@code t}, or -1. */
    public int root(int t, int hash) {
        return roots[(t << bits) | hash];
    }

    private int newLeaf(int d) {
        if (count == left.length) {
            int cap = count * 2;
            left = Arrays.copyOf(left, cap);
            right = Arrays.copyOf(right, cap);
            depth = Arrays.copyOf(depth, cap);
            offset = Arrays.copyOf(offset, cap);
            normalRow = Arrays.copyOf(normalRow, cap);
            members = Arrays.copyOf(members, cap);
            refusedAt = Arrays.copyOf(refusedAt, cap);
        }
        int id = count++;
        left[id] = -1;
        right[id] = -1;
        depth[id] = d;
        normalRow[id] = -1;
        members[id] = new IntList(4);
        return id;
    }

    private int side(int tn, float[] v) {
        float m = kernels.dot(v, 0, normals, normalRow[tn] * dim, dim) - offset[tn];
        return m > 0 ? right[tn] : left[tn];
    }

    /** Files graph node {@code node} with prepared vector {@code v} into bucket {@code hash} of table {@code t}. */
    public void insert(int t, int hash, int node, float[] v, NodeVectors vectors) {
        int slot = (t << bits) | hash;
        int tn = roots[slot];
        if (tn < 0) {
            tn = roots[slot] = newLeaf(0);
        }
        while (left[tn] >= 0) {
            tn = side(tn, v);
        }
        members[tn].add(node);
        int s = members[tn].size();
        if (s > bucketSize && depth[tn] < maxDepth && s >= 2 * refusedAt[tn]) {
            split(tn, vectors);
        }
    }

    /** Splits leaf {@code tn} by the plane through its members' centroid; see the class comment. */
    private void split(int tn, NodeVectors vectors) {
        IntList m = members[tn];
        int n = m.size();
        float[] c = new float[dim];
        float[] x = new float[dim];
        for (int i = 0; i < n; i++) {
            vectors.read(m.get(i), x);
            for (int j = 0; j < dim; j++) {
                c[j] += x[j];
            }
        }
        for (int j = 0; j < dim; j++) {
            c[j] /= n;
        }
        float far = -1;
        float[] normal = new float[dim];
        for (int i = 0; i < n; i++) {
            vectors.read(m.get(i), x);
            float d = kernels.squareDistance(x, 0, c, 0, dim);
            if (d > far) {
                far = d;
                for (int j = 0; j < dim; j++) {
                    normal[j] = x[j] - c[j];
                }
            }
        }
        if (far <= 0) {
            refusedAt[tn] = n; // identical members: no plane separates them
            return;
        }
        float off = kernels.dot(c, 0, normal, 0, dim);
        int row = normalRows++;
        if ((long) normalRows * dim > normals.length) {
            normals = Arrays.copyOf(normals, Math.max(normalRows * dim, normals.length * 2));
        }
        System.arraycopy(normal, 0, normals, row * dim, dim);
        int lo = 0;
        int hi = 0;
        IntList l = new IntList(n);
        IntList r = new IntList(n);
        for (int i = 0; i < n; i++) {
            vectors.read(m.get(i), x);
            if (kernels.dot(x, 0, normal, 0, dim) - off > 0) {
                r.add(m.get(i));
                hi++;
            } else {
                l.add(m.get(i));
                lo++;
            }
        }
        if (lo == 0 || hi == 0) {
            normalRows--;
            refusedAt[tn] = n;
            return;
        }
        int a = newLeaf(depth[tn] + 1);
        int b = newLeaf(depth[tn] + 1);
        members[a] = l;
        members[b] = r;
        members[tn] = null;
        normalRow[tn] = row;
        offset[tn] = off;
        left[tn] = a;
        right[tn] = b;
    }

    /** Receives entry candidates. */
    @FunctionalInterface
    public interface Sink {
        /** Offers {@code node}; returns false once no more are wanted. */
        boolean offer(int node);
    }

    /**
     * Offers up to {@code quota} members of the leaf the prepared {@code q} falls to in bucket {@code hash} of
     * table {@code t}, spread over the leaf (a stride); returns false once the sink wants no more.
     */
    public boolean collect(int t, int hash, float[] q, int quota, Sink sink) {
        int tn = roots[(t << bits) | hash];
        if (tn < 0) {
            return true;
        }
        while (left[tn] >= 0) {
            tn = side(tn, q);
        }
        IntList m = members[tn];
        int n = m.size();
        if (n == 0) {
            return true;
        }
        int take = Math.min(n, quota);
        // A stride over the leaf: its members arrive in insertion order, so the first ones are not the nearest.
        int step = Math.max(1, n / take);
        for (int i = 0, j = 0; i < take && j < n; i++, j += step) {
            if (!sink.offer(m.get(j))) {
                return false;
            }
        }
        return true;
    }

    /** Drops every member {@code dead} accepts from every leaf. */
    public void removeIf(NodeTest dead) {
        for (int tn = 0; tn < count; tn++) {
            IntList m = members[tn];
            if (m == null) {
                continue;
            }
            int w = 0;
            int[] a = m.array();
            for (int i = 0; i < m.size(); i++) {
                if (!dead.test(a[i])) {
                    a[w++] = a[i];
                }
            }
            while (m.size() > w) {
                m.swapRemove(m.size() - 1);
            }
        }
    }

    /** Bytes held. */
    public long bytes() {
        long b = 64 + 4L * roots.length + 4L * normals.length + (4L * 5 + 8) * left.length;
        for (int i = 0; i < count; i++) {
            if (members[i] != null) {
                b += members[i].bytes();
            }
        }
        return b;
    }

    // ---- persistence: the pool as arrays, checked by the reader

    /** Root slots ({@code tables << bits}). */
    public int[] roots() {
        return roots;
    }

    /** Left child of tree node {@code tn}, -1 for a leaf. */
    public int left(int tn) {
        return left[tn];
    }

    /** Right child of tree node {@code tn}. */
    public int right(int tn) {
        return right[tn];
    }

    /** Depth of tree node {@code tn}. */
    public int depth(int tn) {
        return depth[tn];
    }

    /** Plane offset of an inner node. */
    public float offset(int tn) {
        return offset[tn];
    }

    /** Copies the plane normal of an inner node into {@code dst}. */
    public void normal(int tn, float[] dst) {
        System.arraycopy(normals, normalRow[tn] * dim, dst, 0, dim);
    }

    /** Members of a leaf. */
    public IntList members(int tn) {
        return members[tn];
    }

    /** Adds a tree node from a file: a leaf with {@code leafMembers}, or an inner node with its plane. */
    public int restoreNode(int d, int l, int r, float off, float[] normal, IntList leafMembers) {
        int id = newLeaf(d);
        if (l >= 0) {
            int row = normalRows++;
            if ((long) normalRows * dim > normals.length) {
                normals = Arrays.copyOf(normals, Math.max(normalRows * dim, normals.length * 2));
            }
            System.arraycopy(normal, 0, normals, row * dim, dim);
            normalRow[id] = row;
            offset[id] = off;
            left[id] = l;
            right[id] = r;
            members[id] = null;
        } else {
            members[id] = leafMembers;
        }
        return id;
    }

    /** Sets a root slot from a file. */
    public void restoreRoot(int slot, int tn) {
        roots[slot] = tn;
    }
}
