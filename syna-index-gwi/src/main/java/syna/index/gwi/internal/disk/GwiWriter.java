package syna.index.gwi.internal.disk;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import syna.api.DistanceMetric;
import syna.api.spi.format.FileHeader;
import syna.api.spi.format.SealedFiles;
import syna.index.gwi.GwiOptions;
import syna.index.gwi.internal.tree.CentroidTree;
import syna.index.gwi.internal.tree.Postings;

/**
 * Writes an index in format 1, the layout of {@link syna.index.gwi.internal.disk the package doc}: options, the
 * tree of centroids and the posting lists; the vectors stay with the source. Thread-safe (stateless).
 */
public final class GwiWriter {
    /** Sealed-file kind. */
    public static final String KIND = "vector-index";
    /** Provider name in the header. */
    public static final String PROVIDER = "gwi";
    /** Format version this code writes and reads. */
    public static final int VERSION = 1;
    /** Bytes of the fixed fields at the start of the body. */
    static final int FIXED = 64;

    private GwiWriter() {}

    /** The options as the file holds them: {@code key=value} lines sorted by key, UTF-8. */
    static byte[] optionBytes(GwiOptions options) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(options.toMap()).entrySet()) {
            sb.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the structure to {@code target} atomically; the caller keeps writers out meanwhile. */
    public static void write(Path target, int dim, DistanceMetric metric, GwiOptions options, long seed,
            long trainings, int branching, CentroidTree tree, Postings postings) {
        FileHeader header = FileHeader.of(KIND, PROVIDER, VERSION, new UUID(0, 0));
        byte[] opts = optionBytes(options);
        int levels = tree == null ? 0 : tree.levels();
        int slots = tree == null ? 1 : tree.capacity(tree.leafLevel());
        int bound = 0;
        for (int l = 0; l < slots; l++) {
            int[] list = postings.list(l);
            for (int i = 0; i < postings.size(l); i++) {
                bound = Math.max(bound, list[i] + 1);
            }
        }
        int ordinalBound = bound;
        SealedFiles.write(target, header, out -> {
            out.writeInt(dim).writeInt(metric.ordinal()).writeInt(tree == null ? 0 : 1).writeInt(levels)
                    .writeInt(branching).writeInt(ordinalBound).writeLong(seed).writeLong(trainings)
                    .writeInt(postings.live()).writeInt(opts.length).writeInt(slots).writeInt(0).writeLong(0);
            out.writeBytes(opts, 0, opts.length);
            for (int l = 0; l < levels; l++) {
                int[] parents = tree.parents(l);
                out.writeInt(parents.length).writeInt(tree.liveCount(l));
                out.writeInts(parents, 0, parents.length);
                float[] c = tree.centroids(l);
                for (int i = 0; i < parents.length; i++) {
                    if (parents[i] == CentroidTree.DEAD) {
                        out.writeFloats(new float[dim], 0, dim);
                    } else {
                        out.writeFloats(c, i * dim, dim);
                    }
                }
            }
            for (int l = 0; l < slots; l++) {
                int s = postings.size(l);
                out.writeInt(s);
                if (s > 0) {
                    out.writeInts(postings.list(l), 0, s);
                }
            }
        });
    }
}
