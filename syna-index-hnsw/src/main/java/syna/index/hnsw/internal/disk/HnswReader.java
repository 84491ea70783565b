package syna.index.hnsw.internal.disk;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import syna.api.CorruptFileException;
import syna.api.DistanceMetric;
import syna.api.InvalidArgumentException;
import syna.api.Vectors;
import syna.api.spi.VectorIndexConfig;
import syna.api.spi.format.FileHeader;
import syna.api.spi.format.SealedFile;
import syna.api.spi.format.SealedFiles;
import syna.index.hnsw.HnswOptions;
import syna.index.hnsw.internal.graph.HnswGraph;
import syna.index.hnsw.internal.graph.IdMap;
import syna.index.hnsw.internal.graph.VectorPages;

/**
 * Opens a saved index by memory-mapping it: the vectors stay in the mapping, ids, flags and lists are copied
 * to the heap (small next to the vectors) after every count, offset and link was bound-checked, and the lists
 * are then packed ({@link HnswGraph#compact}). Nothing is rebuilt. Thread-safe (stateless).
 */
public final class HnswReader {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int KNOWN_FLAGS = 0xFF | HnswGraph.READY | HnswGraph.DELETED;

    private HnswReader() {}

    /** What a file holds; the caller owns {@link #file()} and closes it with the index. */
    public record Loaded(int dimension, DistanceMetric metric, HnswOptions options, long seed, HnswGraph graph,
            IdMap idMap, SealedFile file) {}

    /** Opens and checks {@code path}; any damage gives {@link CorruptFileException}. */
    public static Loaded read(Path path) {
        SealedFile f = SealedFiles.open(path, HnswWriter.KIND, HnswWriter.PROVIDER, HnswWriter.VERSION);
        boolean ok = false;
        try {
            Loaded l = parse(path, f);
            ok = true;
            return l;
        } finally {
            if (!ok) {
                f.close();
            }
        }
    }

    private static CorruptFileException corrupt(Path path, long bodyOffset, String what) {
        return new CorruptFileException(path, FileHeader.SIZE + bodyOffset, "hnsw index: " + what);
    }

    private static Loaded parse(Path path, SealedFile f) {
        MemorySegment body = f.body();
        long size = body.byteSize();
        if (size < HnswWriter.FIXED) {
            throw corrupt(path, 0, "body is " + size + " bytes, shorter than its " + HnswWriter.FIXED + "-byte preamble");
        }
        int dim = body.get(INT, 0);
        int metricOrdinal = body.get(INT, 4);
        int m = body.get(INT, 8);
        int efC = body.get(INT, 12);
        int efS = body.get(INT, 16);
        int seedFlag = body.get(INT, 20);
        long seed = body.get(LONG, 24);
        int n = body.get(INT, 32);
        int live = body.get(INT, 36);
        int entry = body.get(INT, 40);
        int maxLevel = body.get(INT, 44);
        int upperInts = body.get(INT, 48);
        int threads = body.get(INT, 52);
        DistanceMetric[] metrics = DistanceMetric.values();
        check(path, 0, dim >= 1 && dim <= VectorIndexConfig.MAX_DIMENSION, "dimension " + dim + " outside [1, "
                + VectorIndexConfig.MAX_DIMENSION + "]");
        check(path, 4, metricOrdinal >= 0 && metricOrdinal < metrics.length, "metric ordinal " + metricOrdinal);
        check(path, 20, seedFlag == 0 || seedFlag == 1, "seed flag " + seedFlag);
        check(path, 32, n >= 0, "node count " + n);
        check(path, 36, live >= 0 && live <= n, "live count " + live + " outside [0, " + n + "]");
        check(path, 40, n == 0 ? entry == -1 : entry >= 0 && entry < n, "entry node " + entry + " for " + n + " nodes");
        check(path, 44, maxLevel >= 0 && maxLevel <= HnswGraph.MAX_LEVEL, "max level " + maxLevel);
        check(path, 48, upperInts >= 0, "upper-layer length " + upperInts);
        HnswOptions options;
        try {
            HnswOptions.Builder b = HnswOptions.builder().maxConnections(m).efConstruction(efC).efSearch(efS)
                    .buildThreads(threads);
            if (seedFlag == 1) {
                b.seed(seed);
            }
            options = b.build();
        } catch (InvalidArgumentException e) {
            throw new CorruptFileException(path, FileHeader.SIZE + 8, "hnsw index: bad options: " + e.getMessage(), e);
        }
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
        check(path, 32, end == size, "body is " + size + " bytes, expected " + end + " for " + n + " nodes of dimension "
                + dim + " with M=" + m + " and " + upperInts + " upper-layer ints");

        int[] flags = new int[n];
        MemorySegment.copy(body, INT, flagOff, flags, 0, n);
        long upperNeeded = 0;
        for (int i = 0; i < n; i++) {
            int fl = flags[i];
            int level = fl & 0xFF;
            check(path, flagOff + 4L * i, (fl & ~KNOWN_FLAGS) == 0 && level <= maxLevel, "node " + i + " flags " + fl);
            upperNeeded += (long) level * (m + 1);
        }
        check(path, 48, upperNeeded == upperInts, "upper-layer length " + upperInts + ", levels need " + upperNeeded);
        if (n > 0) {
            check(path, 44, (flags[entry] & 0xFF) == maxLevel, "entry node level " + (flags[entry] & 0xFF)
                    + " != max level " + maxLevel);
        }
        int[] l0 = new int[n * stride];
        MemorySegment.copy(body, INT, l0Off, l0, 0, l0.length);
        for (int i = 0; i < n; i++) {
            checkList(path, l0, i * stride, 2 * m, n, l0Off + 4L * i * stride);
        }
        int[] up = new int[upperInts];
        MemorySegment.copy(body, INT, upOff, up, 0, upperInts);

        VectorPages vectors = new VectorPages(dim, metrics[metricOrdinal], Vectors.kernels(),
                body.asSlice(vecOff, 4L * n * dim), n);
        HnswGraph graph = new HnswGraph(m, vectors);
        IdMap ids = new IdMap(live, graph::id);
        int at = 0;
        int liveSeen = 0;
        for (int i = 0; i < n; i++) {
            int level = flags[i] & 0xFF;
            int[] mine = new int[level * (m + 1)];
            System.arraycopy(up, at, mine, 0, mine.length);
            for (int l = 0; l < level; l++) {
                checkList(path, mine, l * (m + 1), m, n, upOff + 4L * (at + l * (m + 1)));
            }
            at += mine.length;
            long id = body.get(LONG, idOff + 8L * i);
            graph.restore(id, flags[i], l0, i * stride, mine);
            if ((flags[i] & (HnswGraph.READY | HnswGraph.DELETED)) == HnswGraph.READY) {
                liveSeen++;
                check(path, idOff + 8L * i, ids.put(id, i) < 0, "id " + id + " is live twice");
            }
        }
        check(path, 36, liveSeen == live, "live count " + live + " but " + liveSeen + " live nodes");
        if (n > 0) {
            graph.setEntry(entry, maxLevel);
        }
        graph.compact();
        return new Loaded(dim, metrics[metricOrdinal], options, seed, graph, ids, f);
    }

    private static void checkList(Path path, int[] a, int base, int cap, int n, long fileOff) {
        int c = a[base];
        check(path, fileOff, c >= 0 && c <= cap, "neighbour count " + c + " outside [0, " + cap + "]");
        for (int j = 1; j <= c; j++) {
            int v = a[base + j];
            check(path, fileOff + 4L * j, v >= 0 && v < n, "neighbour " + v + " outside [0, " + n + ")");
        }
    }

    private static void check(Path path, long bodyOffset, boolean ok, String what) {
        if (!ok) {
            throw corrupt(path, bodyOffset, what);
        }
    }
}
