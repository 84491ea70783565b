package syna.index.cascade.internal.disk;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import syna.api.DistanceMetric;
import syna.api.spi.format.FileHeader;
import syna.api.spi.format.SealedFiles;
import syna.index.cascade.CascadeOptions;
import syna.index.cascade.internal.graph.NeighbourGraph;
import syna.index.cascade.internal.lsh.BucketForest;
import syna.index.cascade.internal.lsh.Hyperplanes;
import syna.index.cascade.internal.util.IntList;

/**
 * Writes an index in format 1, the layout of {@link syna.index.cascade.internal.disk the package doc}: options,
 * hyperplanes, graph and bucket trees; the vectors stay with the source. Thread-safe (stateless).
 */
public final class CascadeWriter {
    /** Sealed-file kind. */
    public static final String KIND = "vector-index";
    /** Provider name in the header. */
    public static final String PROVIDER = "cascade";
    /** Format version this code writes and reads. */
    public static final int VERSION = 1;
    /** Bytes of the fixed fields at the start of the body. */
    static final int FIXED = 64;

    private CascadeWriter() {}

    static byte[] optionBytes(CascadeOptions options) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(options.toMap()).entrySet()) {
            sb.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the structure to {@code target} atomically; the caller keeps writers out meanwhile. */
    public static void write(Path target, int dim, DistanceMetric metric, CascadeOptions options, long seed,
            Hyperplanes planes, NeighbourGraph graph, BucketForest forest) {
        FileHeader header = FileHeader.of(KIND, PROVIDER, VERSION, new UUID(0, 0));
        byte[] opts = optionBytes(options);
        int n = graph.count();
        int bound = 0;
        for (int node = 0; node < n; node++) {
            if (graph.state(node) != NeighbourGraph.FREE) {
                bound = Math.max(bound, graph.ordinalOf(node) + 1);
            }
        }
        int ordinalBound = bound;
        SealedFiles.write(target, header, out -> {
            out.writeInt(dim).writeInt(metric.ordinal()).writeInt(options.tables()).writeInt(options.bits())
                    .writeInt(graph.degree()).writeInt(graph.stride()).writeLong(seed).writeInt(n).writeInt(graph.live())
                    .writeInt(graph.deleted()).writeInt(graph.entry()).writeInt(forest.nodes()).writeInt(opts.length)
                    .writeInt(ordinalBound).writeInt(planes == null ? 0 : 1);
            out.writeBytes(opts, 0, opts.length);
            if (planes != null) {
                out.writeFloats(planes.center(), 0, dim);
                out.writeFloats(planes.planes(), 0, planes.planes().length);
            }
            int[] adj = graph.adjacency();
            int stride = graph.stride();
            for (int node = 0; node < n; node++) {
                out.writeByte(graph.state(node));
            }
            out.align(4);
            for (int node = 0; node < n; node++) {
                out.writeInt(graph.state(node) == NeighbourGraph.FREE ? -1 : graph.ordinalOf(node));
            }
            for (int node = 0; node < n; node++) {
                int d = graph.state(node) == NeighbourGraph.FREE ? 0 : graph.degreeOf(node);
                out.writeInt(d);
                out.writeInts(adj, node * stride, d);
            }
            int[] roots = forest.roots();
            out.writeInts(roots, 0, roots.length);
            float[] normal = new float[dim];
            for (int tn = 0; tn < forest.nodes(); tn++) {
                int l = forest.left(tn);
                out.writeInt(forest.depth(tn)).writeInt(l).writeInt(forest.right(tn));
                if (l >= 0) {
                    forest.normal(tn, normal);
                    out.writeFloat(forest.offset(tn)).writeFloats(normal, 0, dim);
                } else {
                    IntList m = forest.members(tn);
                    out.writeInt(m.size()).writeInts(m.array(), 0, m.size());
                }
            }
        });
    }
}
