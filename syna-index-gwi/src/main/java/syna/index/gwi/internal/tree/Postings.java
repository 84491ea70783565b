package syna.index.gwi.internal.tree;

import java.util.Arrays;
import syna.api.spi.VectorSource;
import syna.index.gwi.internal.cluster.CentroidSpace;

/**
 * The posting lists: per leaf one contiguous block of ordinals, and per ordinal its leaf and its slot in that
 * block, so an ordinal is found, moved or removed in O(1) (removal moves the list's last ordinal into the gap).
 * With a {@link Copy}, each list also keeps its vectors in one contiguous block, row for row with its ordinals
 * (the opt-in {@code copy-vectors}: a scan reads one array instead of one source vector per ordinal). Each
 * list also keeps, row for row, every member's distance to its leaf's centroid as the rebalancer measures it
 * (the source scorer's, on the partition metric), or NaN where it is not known: a split then compares members
 * against the new centroids without measuring them against their own again (4 bytes a vector, not saved). Not
 * thread-safe: the index guards it with its lock.
 */
public final class Postings {
    /** {@link #leafOf} of an ordinal the index does not hold. */
    public static final int ABSENT = -1;

    /** Where copied vectors come from and how they are prepared (unit length for cosine). */
    public record Copy(VectorSource source, CentroidSpace space) {}

    private final Copy copy;
    private final int dim;
    private float[][] blocks;
    private int[][] lists = new int[4][];
    /** Per leaf, row for row with {@link #lists}, each member's distance to the leaf's centroid, NaN if unknown. */
    private float[][] near = new float[4][];
    private int[] sizes = new int[4];
    private int[] leafOf = new int[0];
    private int[] slotOf = new int[0];
    private int live;

    /** Postings of ordinals only. */
    public Postings() {
        this(null);
    }

    /** Postings that also copy each vector into its list's block, when {@code copy} is given. */
    public Postings(Copy copy) {
        this.copy = copy;
        this.dim = copy == null ? 0 : copy.source().dimension();
        this.blocks = copy == null ? null : new float[4][];
    }

    /** Whether lists keep their vectors. */
    public boolean copies() {
        return copy != null;
    }

    /** The vector block of {@code leaf} (row {@code i} is the vector of slot {@code i}); only when {@link #copies}. */
    public float[] block(int leaf) {
        return blocks[leaf];
    }

    /** Number of ordinals held. */
    public int live() {
        return live;
    }

    /** The leaf of {@code ordinal}, or {@link #ABSENT}. */
    public int leafOf(int ordinal) {
        return ordinal < leafOf.length ? leafOf[ordinal] : ABSENT;
    }

    /** Whether {@code ordinal} is held. */
    public boolean contains(int ordinal) {
        return leafOf(ordinal) != ABSENT;
    }

    /** Ordinals held in {@code leaf}. */
    public int size(int leaf) {
        return leaf < sizes.length ? sizes[leaf] : 0;
    }

    /** The block of {@code leaf}, valid up to {@link #size(int)}; may be null for an empty leaf. */
    public int[] list(int leaf) {
        return leaf < lists.length ? lists[leaf] : null;
    }

    /** One past the largest ordinal slot allocated. */
    public int ordinalCapacity() {
        return leafOf.length;
    }

    /** Makes room for leaf ids below {@code leaves}. */
    public void ensureLeaves(int leaves) {
        if (leaves > lists.length) {
            int cap = Math.max(leaves, lists.length + (lists.length >> 1));
            lists = Arrays.copyOf(lists, cap);
            near = Arrays.copyOf(near, cap);
            sizes = Arrays.copyOf(sizes, cap);
            if (copy != null) {
                blocks = Arrays.copyOf(blocks, cap);
            }
        }
    }

    private void ensureOrdinal(int ordinal) {
        if (ordinal >= leafOf.length) {
            int cap = Math.max(ordinal + 1, leafOf.length + (leafOf.length >> 1) + 16);
            int old = leafOf.length;
            leafOf = Arrays.copyOf(leafOf, cap);
            slotOf = Arrays.copyOf(slotOf, cap);
            Arrays.fill(leafOf, old, cap, ABSENT);
        }
    }

    /** Appends {@code ordinal} (not held) to {@code leaf}, its distance to the leaf's centroid not known. */
    public void append(int leaf, int ordinal) {
        append(leaf, ordinal, Float.NaN);
    }

    /**
     * Appends {@code ordinal} (not held) to {@code leaf} with its {@code distance} to the leaf's centroid (see the
     * class comment; NaN: not known).
     */
    public void append(int leaf, int ordinal, float distance) {
        ensureOrdinal(ordinal);
        ensureLeaves(leaf + 1);
        int[] l = lists[leaf];
        int s = sizes[leaf];
        if (l == null) {
            l = lists[leaf] = new int[8];
            near[leaf] = new float[8];
        } else if (s == l.length) {
            l = lists[leaf] = Arrays.copyOf(l, s + (s >> 1) + 8);
            near[leaf] = Arrays.copyOf(near[leaf], l.length);
        }
        l[s] = ordinal;
        near[leaf][s] = distance;
        sizes[leaf] = s + 1;
        if (copy != null) {
            float[] b = blocks[leaf];
            if (b == null || b.length < l.length * dim) {
                b = blocks[leaf] = b == null ? new float[l.length * dim] : Arrays.copyOf(b, l.length * dim);
            }
            MemorySegmentCopy.read(copy.source(), ordinal, b, s * dim, dim);
            copy.space().finish(b, s);
        }
        leafOf[ordinal] = leaf;
        slotOf[ordinal] = s;
        live++;
    }

    /** Removes {@code ordinal}; returns its leaf, or {@link #ABSENT} if it was not held. */
    public int remove(int ordinal) {
        int leaf = leafOf(ordinal);
        if (leaf == ABSENT) {
            return ABSENT;
        }
        int[] l = lists[leaf];
        int slot = slotOf[ordinal];
        int last = --sizes[leaf];
        if (slot != last) {
            int moved = l[last];
            l[slot] = moved;
            near[leaf][slot] = near[leaf][last];
            slotOf[moved] = slot;
            if (copy != null) {
                System.arraycopy(blocks[leaf], last * dim, blocks[leaf], slot * dim, dim);
            }
        }
        leafOf[ordinal] = ABSENT;
        live--;
        if (sizes[leaf] == 0 && l.length > 64) {
            lists[leaf] = null;
            near[leaf] = null;
            if (copy != null) {
                blocks[leaf] = null;
            }
        }
        return leaf;
    }

    /** Moves a held {@code ordinal} to {@code leaf}, its distance to the leaf's centroid not known. */
    public void move(int ordinal, int leaf) {
        move(ordinal, leaf, Float.NaN);
    }

    /** Moves a held {@code ordinal} to {@code leaf}, {@code distance} from the leaf's centroid (NaN: not known). */
    public void move(int ordinal, int leaf, float distance) {
        if (remove(ordinal) != ABSENT) {
            append(leaf, ordinal, distance);
        }
    }

    /** The distance of a held {@code ordinal} to its leaf's centroid (see the class comment), NaN if not known. */
    public float distance(int ordinal) {
        return near[leafOf[ordinal]][slotOf[ordinal]];
    }

    /** Records the distance of a held {@code ordinal} to its leaf's centroid (NaN: not known). */
    public void distance(int ordinal, float distance) {
        near[leafOf[ordinal]][slotOf[ordinal]] = distance;
    }

    /** Forgets the distances of {@code leaf}'s members (its centroid moved). */
    public void forgetDistances(int leaf) {
        int s = size(leaf);
        if (s > 0) {
            Arrays.fill(near[leaf], 0, s, Float.NaN);
        }
    }

    /**
     * Copies the distances of {@code leaf}'s members to its centroid into {@code dst[0, size)}, row for row with
     * {@link #copy}; NaN where not known.
     */
    public void copyDistances(int leaf, float[] dst) {
        int s = size(leaf);
        if (s > 0) {
            System.arraycopy(near[leaf], 0, dst, 0, s);
        }
    }

    /**
     * Whether {@code distance} exceeds {@code factor} times the median known distance of {@code leaf}'s members
     * to its centroid, with at least {@code minKnown} of them known: more than half of them lie within
     * {@code distance / factor}. One pass, no sort.
     */
    public boolean beyond(int leaf, float distance, float factor, int minKnown) {
        int s = size(leaf);
        if (s < minKnown || Float.isNaN(distance)) {
            return false;
        }
        float[] d = near[leaf];
        float bound = distance / factor;
        int known = 0;
        int within = 0;
        for (int i = 0; i < s; i++) {
            float v = d[i];
            if (!Float.isNaN(v)) {
                known++;
                if (v < bound) {
                    within++;
                }
            }
        }
        return known >= minKnown && 2 * within > known;
    }

    /** Members of {@code leaf} whose distance to its centroid is not known. */
    public int unknown(int leaf) {
        int s = size(leaf);
        int u = 0;
        for (int i = 0; i < s; i++) {
            if (Float.isNaN(near[leaf][i])) {
                u++;
            }
        }
        return u;
    }

    /** A copy of the ordinals of {@code leaf}. */
    public int[] copy(int leaf) {
        int s = size(leaf);
        return s == 0 ? new int[0] : Arrays.copyOf(lists[leaf], s);
    }

    /** Drops the block of an emptied leaf. */
    public void release(int leaf) {
        if (leaf < lists.length && sizes[leaf] == 0) {
            lists[leaf] = null;
            near[leaf] = null;
            if (copy != null) {
                blocks[leaf] = null;
            }
        }
    }

    /** Bytes held. */
    public long bytes() {
        long b = 64 + 16L * lists.length + 4L * sizes.length + 4L * leafOf.length + 4L * slotOf.length;
        for (int[] l : lists) {
            if (l != null) {
                b += 2 * (16 + 4L * l.length); // the ordinals and their distances
            }
        }
        if (copy != null) {
            for (float[] v : blocks) {
                b += v == null ? 0 : 16 + 4L * v.length;
            }
        }
        return b;
    }

    /** Copies a source vector into an array row. */
    private static final class MemorySegmentCopy {
        private MemorySegmentCopy() {}

        static void read(VectorSource source, int ordinal, float[] dst, int off, int dim) {
            java.lang.foreign.MemorySegment.copy(source.vector(ordinal), java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED,
                    0, dst, off, dim);
        }
    }
}
