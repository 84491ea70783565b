package syna.index.hnsw.internal.disk;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import syna.api.CorruptFileException;
import syna.api.DistanceMetric;
import syna.api.InvalidArgumentException;
import syna.api.spi.VectorIndexConfig;
import syna.api.spi.VectorSource;
import syna.api.spi.format.FileHeader;
import syna.api.spi.format.SealedFile;
import syna.api.spi.format.SealedFiles;
import syna.index.hnsw.HnswOptions;
import syna.index.hnsw.internal.graph.HnswGraph;
import syna.index.hnsw.internal.quant.Int8Codes;
import syna.index.hnsw.internal.quant.Int8Quantizer;

/**
 * Reads a saved index into a graph over a source, after checking every count, level, offset and link against
 * the file and the source (any mismatch is a {@link CorruptFileException}, never an array index error or a
 * huge allocation); the lists are then packed ({@link HnswGraph#compact}). Version 2 is the graph alone.
 * Version 1 also held the vectors and a {@code long} id per node: its vectors are skipped (the source has
 * them) and each node becomes the ordinal its id names (what a store saved), tombstones kept where their
 * ordinal is free. Version 3 is version 2 plus the quantization, the re-ranking factor and, for an int8 index, the
 * quantizer and its codes, copied off-heap as saved. Nothing is rebuilt. Thread-safe (stateless).
 */
public final class HnswReader {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int V1_FLAGS = 0xFF | HnswGraph.READY | HnswGraph.DELETED;
    private static final int V2_FLAGS = V1_FLAGS | HnswGraph.PRESENT;

    private HnswReader() {}

    /**
     * What a file holds: the options it was built with, its level seed, the graph, its live count and the int8
     * codes (null without quantization; the caller owns and closes them).
     */
    public record Loaded(HnswOptions options, long seed, HnswGraph graph, int live, Int8Codes codes) {}

    /** Opens and checks {@code path} against {@code source}; any damage or mismatch gives {@link CorruptFileException}. */
    public static Loaded read(Path path, VectorSource source) {
        try (SealedFile f = SealedFiles.open(path, HnswWriter.KIND, HnswWriter.PROVIDER, HnswWriter.VERSION)) {
            return new Parser(path, f.body(), f.header().formatVersion(), source).parse();
        }
    }

    /** One file's parse. Not thread-safe; one per read. */
    private static final class Parser {
        private final Path path;
        private final MemorySegment body;
        private final int version;
        private final VectorSource source;
        private int m;

        Parser(Path path, MemorySegment body, int version, VectorSource source) {
            this.path = path;
            this.body = body;
            this.version = version;
            this.source = source;
        }

        private CorruptFileException corrupt(long bodyOffset, String what) {
            return new CorruptFileException(path, FileHeader.SIZE + bodyOffset, "hnsw index: " + what);
        }

        /** For checks outside loops: {@code what} is built even when ok (loops test first, then call {@link #corrupt}). */
        private void check(long bodyOffset, boolean ok, String what) {
            if (!ok) {
                throw corrupt(bodyOffset, what);
            }
        }

        Loaded parse() {
            long size = body.byteSize();
            if (size < HnswWriter.FIXED) {
                throw corrupt(0, "body is " + size + " bytes, shorter than its " + HnswWriter.FIXED + "-byte preamble");
            }
            int dim = body.get(INT, 0);
            int metricOrdinal = body.get(INT, 4);
            m = body.get(INT, 8);
            int efC = body.get(INT, 12);
            int efS = body.get(INT, 16);
            int seedFlag = body.get(INT, 20);
            long seed = body.get(LONG, 24);
            int n = body.get(INT, 32);
            int live = body.get(INT, 36);
            int entry = body.get(INT, 40);
            int maxLevel = body.get(INT, 44);
            int listInts = body.get(INT, 48);
            int threads = body.get(INT, 52);
            int quantOrdinal = version >= 3 ? body.get(INT, 56) : 0;
            int rerank = version >= 3 ? body.get(INT, 60) : HnswOptions.DEFAULT_RERANK;
            HnswOptions.Quantization[] quantizations = HnswOptions.Quantization.values();
            check(56, quantOrdinal >= 0 && quantOrdinal < quantizations.length, "quantization ordinal " + quantOrdinal);
            DistanceMetric[] metrics = DistanceMetric.values();
            check(0, dim >= 1 && dim <= VectorIndexConfig.MAX_DIMENSION, "dimension " + dim + " outside [1, "
                    + VectorIndexConfig.MAX_DIMENSION + "]");
            check(4, metricOrdinal >= 0 && metricOrdinal < metrics.length, "metric ordinal " + metricOrdinal);
            check(0, dim == source.dimension() && metrics[metricOrdinal] == source.metric(), "built for dimension " + dim
                    + " and metric " + metrics[metricOrdinal] + ", opened over a source of dimension "
                    + source.dimension() + " and metric " + source.metric());
            check(20, seedFlag == 0 || seedFlag == 1, "seed flag " + seedFlag);
            check(32, n >= 0, "node count " + n);
            check(36, live >= 0 && live <= n, "live count " + live + " outside [0, " + n + "]");
            check(40, n == 0 ? entry == -1 : entry >= 0 && entry < n, "entry node " + entry + " for " + n + " nodes");
            check(44, maxLevel >= 0 && maxLevel <= HnswGraph.MAX_LEVEL, "max level " + maxLevel);
            check(48, listInts >= 0, "list length " + listInts);
            HnswOptions options;
            try {
                HnswOptions.Builder b = HnswOptions.builder().maxConnections(m).efConstruction(efC).efSearch(efS)
                        .buildThreads(threads).quantization(quantizations[quantOrdinal]).rerank(rerank);
                if (seedFlag == 1) {
                    b.seed(seed);
                }
                options = b.build();
            } catch (InvalidArgumentException e) {
                throw new CorruptFileException(path, FileHeader.SIZE + 8, "hnsw index: bad options: " + e.getMessage(), e);
            }
            boolean int8 = options.quantization() == HnswOptions.Quantization.INT8;
            long graphEnd = int8 ? listEnd(n, listInts) : size;
            HnswGraph graph = version == 1 ? version1(n, live, entry, maxLevel, listInts)
                    : version2(n, live, entry, maxLevel, listInts, graphEnd);
            graph.compact();
            Int8Codes codes = int8 ? codes(dim, n, graphEnd + HnswWriter.pad(graphEnd)) : null;
            return new Loaded(options, seed, graph, countLive(graph), codes);
        }

        private static long listEnd(int n, int listInts) {
            long flagOff = HnswWriter.FIXED + HnswWriter.pad(HnswWriter.FIXED);
            long flagEnd = flagOff + 4L * n;
            long listOff = flagEnd + HnswWriter.pad(flagEnd);
            return listOff + 4L * listInts;
        }

        /** The quantization section at {@code off}: training count, then (if trained) quantizer, codes and terms. */
        private Int8Codes codes(int dim, int n, long off) {
            long size = body.byteSize();
            check(off, off + 8 <= size, "body ends before the quantization section at " + off);
            int trainedOn = body.get(INT, off);
            check(off, trainedOn >= 0 && trainedOn <= n, "quantizer trained on " + trainedOn + " of " + n + " nodes");
            check(off + 4, body.get(INT, off + 4) == 0, "reserved quantization field not zero");
            if (trainedOn == 0) {
                check(off, off + 8 == size, "body is " + size + " bytes, expected " + (off + 8) + " (untrained int8)");
                return new Int8Codes(source);
            }
            long tableOff = off + 8;
            long tableEnd = tableOff + 8L * dim;
            long codeOff = tableEnd + HnswWriter.pad(tableEnd);
            long codeEnd = codeOff + (long) n * dim;
            long termOff = codeEnd + HnswWriter.pad(codeEnd);
            long end = termOff + 4L * n;
            check(off, end == size, "body is " + size + " bytes, expected " + end + " for " + n + " int8 codes of "
                    + dim + " bytes");
            float[] offsets = new float[dim];
            float[] steps = new float[dim];
            MemorySegment.copy(body, FLOAT, tableOff, offsets, 0, dim);
            MemorySegment.copy(body, FLOAT, tableOff + 4L * dim, steps, 0, dim);
            Int8Quantizer q;
            try {
                q = new Int8Quantizer(source.metric(), offsets, steps);
            } catch (InvalidArgumentException e) {
                throw new CorruptFileException(path, FileHeader.SIZE + tableOff, "hnsw index: bad quantizer: "
                        + e.getMessage(), e);
            }
            MemorySegment codeBytes = body.asSlice(codeOff, (long) n * dim);
            for (long i = 0; i < codeBytes.byteSize(); i++) {
                // The coder never writes -128 (codes are symmetric), so one there is damage.
                if (codeBytes.get(ValueLayout.JAVA_BYTE, i) == Byte.MIN_VALUE) {
                    throw corrupt(codeOff + i, "int8 code -128");
                }
            }
            // a squared norm for euclidean, else 0; negated (the sign bit) for a node coded as clipped
            boolean euclidean = source.metric() == DistanceMetric.EUCLIDEAN;
            for (int i = 0; i < n; i++) {
                float t = body.get(FLOAT, termOff + 4L * i);
                if (!(Float.isFinite(t) && (euclidean || t == 0))) {
                    throw corrupt(termOff + 4L * i, "node " + i + " correction term " + t);
                }
            }
            Int8Codes codes = new Int8Codes(source);
            codes.restore(q, trainedOn, n, codeBytes, body.asSlice(termOff, 4L * n));
            return codes;
        }

        private static int countLive(HnswGraph g) {
            int c = 0;
            for (int node = 0; node < g.limit(); node++) {
                c += g.isLive(node) ? 1 : 0;
            }
            return c;
        }

        private HnswGraph version2(int n, int live, int entry, int maxLevel, int listInts, long graphEnd) {
            check(32, n <= source.size(), "holds ordinals up to " + (n - 1) + ", the source has " + source.size());
            long flagOff = HnswWriter.FIXED + HnswWriter.pad(HnswWriter.FIXED);
            long flagEnd = flagOff + 4L * n;
            long listOff = flagEnd + HnswWriter.pad(flagEnd);
            long end = listOff + 4L * listInts;
            check(32, end == graphEnd, "body is " + body.byteSize() + " bytes, expected " + end + " for " + n
                    + " nodes with " + listInts + " list ints");
            int[] flags = new int[n];
            MemorySegment.copy(body, INT, flagOff, flags, 0, n);
            int liveSeen = 0;
            for (int i = 0; i < n; i++) {
                int fl = flags[i];
                boolean present = (fl & HnswGraph.PRESENT) != 0;
                if (!((fl & ~V2_FLAGS) == 0 && (fl & 0xFF) <= maxLevel && (present || fl == 0))) {
                    throw corrupt(flagOff + 4L * i, "node " + i + " flags " + Integer.toHexString(fl));
                }
                if (present && (fl & (HnswGraph.READY | HnswGraph.DELETED)) == HnswGraph.READY) {
                    liveSeen++;
                }
            }
            check(36, liveSeen == live, "live count " + live + " but " + liveSeen + " live nodes");
            if (n > 0) {
                check(40, (flags[entry] & HnswGraph.PRESENT) != 0 && (flags[entry] & 0xFF) == maxLevel, "entry node "
                        + entry + " absent or of level " + (flags[entry] & 0xFF) + " != max level " + maxLevel);
            }
            int[] lists = new int[listInts];
            MemorySegment.copy(body, INT, listOff, lists, 0, listInts);
            HnswGraph graph = new HnswGraph(m);
            int[] l0 = new int[2 * m];
            int at = 0;
            for (int node = 0; node < n; node++) {
                int fl = flags[node];
                if ((fl & HnswGraph.PRESENT) == 0) {
                    continue;
                }
                int level = fl & 0xFF;
                int[] up = new int[level * (m + 1)];
                for (int layer = 0; layer <= level; layer++) {
                    if (at >= listInts) {
                        throw corrupt(listOff + 4L * at, "lists end inside node " + node);
                    }
                    int c = lists[at];
                    int cap = layer == 0 ? 2 * m : m;
                    if (!(c >= 0 && c <= cap && at + 1L + c <= listInts)) {
                        throw corrupt(listOff + 4L * at, "node " + node + " layer " + layer + ": neighbour count " + c
                                + " outside [0, " + cap + "] or past the section");
                    }
                    for (int j = 1; j <= c; j++) {
                        int v = lists[at + j];
                        if (!(v >= 0 && v < n && (flags[v] & HnswGraph.PRESENT) != 0 && (flags[v] & 0xFF) >= layer)) {
                            throw corrupt(listOff + 4L * (at + j), "node " + node + " layer " + layer + ": neighbour " + v
                                    + " absent from the layer");
                        }
                    }
                    if (layer == 0) {
                        System.arraycopy(lists, at + 1, l0, 0, c);
                    } else {
                        up[(layer - 1) * (m + 1)] = c;
                        System.arraycopy(lists, at + 1, up, (layer - 1) * (m + 1) + 1, c);
                    }
                    if (layer == 0) {
                        graph.restore(node, restored(fl), l0, 0, c, new int[0]);
                    }
                    at += 1 + c;
                }
                if (level > 0) {
                    restoreUpper(graph, node, up);
                }
            }
            check(48, at == listInts, "list section holds " + listInts + " ints, nodes use " + at);
            if (n > 0) {
                graph.setEntry(entry, maxLevel);
            }
            return graph;
        }

        /** A node saved present but unfinished (a failed insert) loads as a tombstone: the store adds it again. */
        private static int restored(int flags) {
            return (flags & HnswGraph.READY) == 0 ? flags | HnswGraph.DELETED : flags;
        }

        private static void restoreUpper(HnswGraph graph, int node, int[] up) {
            graph.restoreUpper(node, up);
        }

        private HnswGraph version1(int n, int live, int entry, int maxLevel, int upperInts) {
            int dim = source.dimension();
            int stride = 2 * m + 1;
            long vecOff = HnswWriter.FIXED + HnswWriter.pad(HnswWriter.FIXED);
            long vecEnd = vecOff + 4L * n * dim;
            long idOff = vecEnd + HnswWriter.pad(vecEnd);
            long idEnd = idOff + 8L * n;
            long flagOff = idEnd + HnswWriter.pad(idEnd);
            long flagEnd = flagOff + 4L * n;
            long l0Off = flagEnd + HnswWriter.pad(flagEnd);
            long l0End = l0Off + 4L * n * stride;
            long upOff = l0End + HnswWriter.pad(l0End);
            long end = upOff + 4L * upperInts;
            check(32, end == body.byteSize(), "body is " + body.byteSize() + " bytes, expected " + end + " for " + n
                    + " nodes of dimension " + dim + " with M=" + m + " and " + upperInts + " upper-layer ints");
            int[] flags = new int[n];
            MemorySegment.copy(body, INT, flagOff, flags, 0, n);
            long upperNeeded = 0;
            for (int i = 0; i < n; i++) {
                int fl = flags[i];
                int level = fl & 0xFF;
                if (!((fl & ~V1_FLAGS) == 0 && level <= maxLevel)) {
                    throw corrupt(flagOff + 4L * i, "node " + i + " flags " + fl);
                }
                upperNeeded += (long) level * (m + 1);
            }
            check(48, upperNeeded == upperInts, "upper-layer length " + upperInts + ", levels need " + upperNeeded);
            if (n > 0) {
                check(44, (flags[entry] & 0xFF) == maxLevel, "entry node level " + (flags[entry] & 0xFF)
                        + " != max level " + maxLevel);
            }
            int[] l0 = new int[n * stride];
            MemorySegment.copy(body, INT, l0Off, l0, 0, l0.length);
            for (int i = 0; i < n; i++) {
                checkList(l0, i * stride, 2 * m, n, l0Off + 4L * i * stride);
            }
            int[] up = new int[upperInts];
            MemorySegment.copy(body, INT, upOff, up, 0, upperInts);
            for (int i = 0, at = 0; i < n; i++) {
                int level = flags[i] & 0xFF;
                for (int l = 0; l < level; l++) {
                    checkList(up, at + l * (m + 1), m, n, upOff + 4L * (at + l * (m + 1)));
                }
                at += level * (m + 1);
            }
            // Node i becomes the ordinal of its id: live nodes always (an id live twice is damage), tombstones
            // where their ordinal is free; links to a dropped tombstone are dropped.
            int[] ordinalOf = new int[n];
            Map<Long, Integer> liveOwner = new HashMap<>();
            int liveSeen = 0;
            for (int i = 0; i < n; i++) {
                long id = body.get(LONG, idOff + 8L * i);
                boolean isLive = (flags[i] & (HnswGraph.READY | HnswGraph.DELETED)) == HnswGraph.READY;
                if (isLive) {
                    liveSeen++;
                    if (liveOwner.put(id, i) != null) {
                        throw corrupt(idOff + 8L * i, "id " + id + " is live twice");
                    }
                    if (!(id >= 0 && id < source.size())) {
                        throw corrupt(idOff + 8L * i, "id " + id + " is no ordinal of the source (size "
                                + source.size() + ")");
                    }
                }
                ordinalOf[i] = id >= 0 && id < source.size() ? (int) id : -1;
            }
            check(36, liveSeen == live, "live count " + live + " but " + liveSeen + " live nodes");
            java.util.BitSet taken = new java.util.BitSet();
            for (int i = 0; i < n; i++) {
                boolean isLive = (flags[i] & (HnswGraph.READY | HnswGraph.DELETED)) == HnswGraph.READY;
                if (isLive) {
                    taken.set(ordinalOf[i]);
                }
            }
            for (int i = 0; i < n; i++) {
                boolean isLive = (flags[i] & (HnswGraph.READY | HnswGraph.DELETED)) == HnswGraph.READY;
                if (!isLive) {
                    int o = ordinalOf[i];
                    if (o < 0 || taken.get(o)) {
                        ordinalOf[i] = -1;
                    } else {
                        taken.set(o);
                    }
                }
            }
            HnswGraph graph = new HnswGraph(m);
            int[] buf = new int[2 * m];
            int newEntry = -1;
            int newTop = -1;
            for (int i = 0, at = 0; i < n; i++) {
                int level = flags[i] & 0xFF;
                int o = ordinalOf[i];
                if (o >= 0) {
                    int c = translate(l0, i * stride, ordinalOf, buf);
                    graph.restore(o, restored(flags[i]), buf, 0, c, new int[0]);
                    if (level > 0) {
                        int[] mine = new int[level * (m + 1)];
                        for (int l = 0; l < level; l++) {
                            int k = translate(up, at + l * (m + 1), ordinalOf, buf);
                            mine[l * (m + 1)] = k;
                            System.arraycopy(buf, 0, mine, l * (m + 1) + 1, k);
                        }
                        graph.restoreUpper(o, mine);
                    }
                    if (level > newTop || (i == entry && level == newTop)) {
                        newTop = level;
                        newEntry = o;
                    }
                }
                at += level * (m + 1);
            }
            if (entry >= 0 && ordinalOf[entry] >= 0) {
                newEntry = ordinalOf[entry];
                newTop = maxLevel;
            }
            if (newEntry >= 0) {
                graph.setEntry(newEntry, newTop);
            }
            return graph;
        }

        /** The list at {@code a[base]} (count, nodes) as ordinals into {@code out}, dropped nodes left out. */
        private static int translate(int[] a, int base, int[] ordinalOf, int[] out) {
            int c = a[base];
            int k = 0;
            for (int j = 1; j <= c; j++) {
                int o = ordinalOf[a[base + j]];
                if (o >= 0) {
                    out[k++] = o;
                }
            }
            return k;
        }

        private void checkList(int[] a, int base, int cap, int n, long fileOff) {
            int c = a[base];
            if (!(c >= 0 && c <= cap)) {
                throw corrupt(fileOff, "neighbour count " + c + " outside [0, " + cap + "]");
            }
            for (int j = 1; j <= c; j++) {
                int v = a[base + j];
                if (!(v >= 0 && v < n)) {
                    throw corrupt(fileOff + 4L * j, "neighbour " + v + " outside [0, " + n + ")");
                }
            }
        }
    }
}
