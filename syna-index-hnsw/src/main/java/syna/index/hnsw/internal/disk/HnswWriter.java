package syna.index.hnsw.internal.disk;

import java.nio.file.Path;
import java.util.UUID;
import syna.api.DistanceMetric;
import syna.api.spi.format.FileHeader;
import syna.api.spi.format.SealedFiles;
import syna.index.hnsw.HnswOptions;
import syna.index.hnsw.internal.graph.HnswGraph;

/** Writes an index in the layout of {@link syna.index.hnsw.internal.disk the package doc}. Thread-safe (stateless). */
public final class HnswWriter {
    /** Sealed-file kind. */
    public static final String KIND = "vector-index";
    /** Provider name in the header. */
    public static final String PROVIDER = "hnsw";
    /** Format version this code writes and reads. */
    public static final int VERSION = 1;
    /** Section alignment in bytes. */
    static final int ALIGN = 64;
    /** Bytes of the fixed fields at the start of the body. */
    static final int FIXED = 64;

    private HnswWriter() {}

    /** Writes the graph to {@code target} atomically; the caller keeps writers out meanwhile. */
    public static void write(Path target, int dim, DistanceMetric metric, HnswOptions options, long seed,
            HnswGraph graph, int live) {
        FileHeader header = FileHeader.of(KIND, PROVIDER, VERSION, new UUID(0, 0));
        int n = graph.count();
        long entry = graph.entry();
        int m = graph.maxConnections();
        SealedFiles.write(target, header, out -> {
            int upperInts = 0;
            for (int i = 0; i < n; i++) {
                upperInts += graph.rawUpper(i).length;
            }
            out.writeInt(dim).writeInt(metric.ordinal()).writeInt(m).writeInt(options.efConstruction())
                    .writeInt(options.efSearch()).writeInt(options.seed().isPresent() ? 1 : 0).writeLong(seed)
                    .writeInt(n).writeInt(live).writeInt(n == 0 ? -1 : HnswGraph.entryNode(entry))
                    .writeInt(n == 0 ? 0 : HnswGraph.entryLevel(entry)).writeInt(upperInts)
                    .writeInt(options.buildThreads());
            out.align(ALIGN);
            float[] v = new float[dim];
            for (int i = 0; i < n; i++) {
                graph.vectors().copy(i, v);
                out.writeFloats(v, 0, dim);
            }
            out.align(ALIGN);
            for (int i = 0; i < n; i++) {
                out.writeLong(graph.id(i));
            }
            out.align(ALIGN);
            for (int i = 0; i < n; i++) {
                out.writeInt(graph.meta(i));
            }
            out.align(ALIGN);
            int stride = 2 * m + 1;
            int[] l0 = new int[stride];
            for (int i = 0; i < n; i++) {
                graph.rawLinks0(i, l0, 0);
                out.writeInts(l0, 0, stride);
            }
            out.align(ALIGN);
            for (int i = 0; i < n; i++) {
                int[] u = graph.rawUpper(i);
                out.writeInts(u, 0, u.length);
            }
        });
    }

    /** Bytes of padding that bring body offset {@code pos} to the next section boundary. */
    static long pad(long pos) {
        return (ALIGN - ((FileHeader.SIZE + pos) % ALIGN)) % ALIGN;
    }
}
