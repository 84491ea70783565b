package syna.index.hnsw.internal.disk;

import java.nio.file.Path;
import java.util.UUID;
import syna.api.DistanceMetric;
import syna.api.spi.format.FileHeader;
import syna.api.spi.format.SealedFiles;
import syna.index.hnsw.HnswOptions;
import syna.index.hnsw.internal.graph.HnswGraph;
import syna.index.hnsw.internal.quant.Int8Codes;
import syna.index.hnsw.internal.quant.Int8Quantizer;

/**
 * Writes an index in format 3, the layout of {@link syna.index.hnsw.internal.disk the package doc}: the graph,
 * and for an int8 index its quantizer and codes; the vectors stay with the source. Thread-safe (stateless).
 */
public final class HnswWriter {
    /** Sealed-file kind. */
    public static final String KIND = "vector-index";
    /** Provider name in the header. */
    public static final String PROVIDER = "hnsw";
    /** Format version this code writes; it reads 1, 2 and 3. */
    public static final int VERSION = 3;
    /** Section alignment in bytes. */
    static final int ALIGN = 64;
    /** Bytes of the fixed fields at the start of the body. */
    static final int FIXED = 64;

    private HnswWriter() {}

    /**
     * Writes the graph (and {@code codes}, null without quantization) to {@code target} atomically; the caller keeps
     * writers out meanwhile.
     */
    public static void write(Path target, int dim, DistanceMetric metric, HnswOptions options, long seed,
            HnswGraph graph, int live, Int8Codes codes) {
        FileHeader header = FileHeader.of(KIND, PROVIDER, VERSION, new UUID(0, 0));
        int n = graph.limit();
        long entry = graph.entry();
        int m = graph.maxConnections();
        int[] buf = new int[2 * m];
        SealedFiles.write(target, header, out -> {
            long listInts = 0;
            for (int i = 0; i < n; i++) {
                if (graph.isPresent(i)) {
                    for (int layer = 0; layer <= graph.level(i); layer++) {
                        listInts += 1 + graph.neighbours(i, layer, buf, Integer.MAX_VALUE);
                    }
                }
            }
            int entryNode = HnswGraph.entryNode(entry);
            out.writeInt(dim).writeInt(metric.ordinal()).writeInt(m).writeInt(options.efConstruction())
                    .writeInt(options.efSearch()).writeInt(options.seed().isPresent() ? 1 : 0).writeLong(seed)
                    .writeInt(n).writeInt(live).writeInt(entryNode < 0 ? -1 : entryNode)
                    .writeInt(entryNode < 0 ? 0 : HnswGraph.entryLevel(entry)).writeInt(Math.toIntExact(listInts))
                    .writeInt(options.buildThreads()).writeInt(options.quantization().ordinal())
                    .writeInt(options.rerank());
            out.align(ALIGN);
            for (int i = 0; i < n; i++) {
                out.writeInt(graph.isPresent(i) ? graph.meta(i) : 0);
            }
            out.align(ALIGN);
            for (int i = 0; i < n; i++) {
                if (graph.isPresent(i)) {
                    for (int layer = 0; layer <= graph.level(i); layer++) {
                        int c = graph.neighbours(i, layer, buf, Integer.MAX_VALUE);
                        out.writeInt(c).writeInts(buf, 0, c);
                    }
                }
            }
            if (options.quantization() == HnswOptions.Quantization.INT8) {
                out.align(ALIGN);
                Int8Quantizer q = codes.quantizer();
                out.writeInt(q == null ? 0 : codes.trainedOn()).writeInt(0);
                if (q != null) {
                    out.writeFloats(q.offsets(), 0, dim).writeFloats(q.steps(), 0, dim);
                    out.align(ALIGN);
                    for (int i = 0; i < n; i++) {
                        out.writeBytes(codes.code(i), 0, dim);
                    }
                    out.align(ALIGN);
                    for (int i = 0; i < n; i++) {
                        out.writeFloat(codes.term(i));
                    }
                }
            }
        });
    }

    /** Bytes of padding that bring body offset {@code pos} to the next section boundary. */
    static long pad(long pos) {
        return (ALIGN - ((FileHeader.SIZE + pos) % ALIGN)) % ALIGN;
    }
}
