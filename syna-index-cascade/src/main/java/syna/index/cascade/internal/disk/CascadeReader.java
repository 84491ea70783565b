package syna.index.cascade.internal.disk;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import syna.api.CorruptFileException;
import syna.api.DistanceMetric;
import syna.api.SynaException;
import syna.api.spi.VectorSource;
import syna.api.spi.format.FileHeader;
import syna.api.spi.format.SealedFile;
import syna.api.spi.format.SealedFiles;
import syna.index.cascade.CascadeOptions;
import syna.index.cascade.internal.graph.NeighbourGraph;
import syna.index.cascade.internal.lsh.BucketForest;
import syna.index.cascade.internal.lsh.Hyperplanes;
import syna.index.cascade.internal.util.IntList;

/**
 * Reads a saved index onto the heap after checking every count, state, link, tree node and ordinal against the
 * file and the source: any mismatch is a {@link CorruptFileException} with the offset, never an array index error
 * or an allocation sized by a damaged length. Nothing is rebuilt: hyperplanes, buckets and links come back as
 * saved. Thread-safe (stateless).
 */
public final class CascadeReader {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private CascadeReader() {}

    /** What a file holds; {@code planes} is null for an index saved before its first insert. */
    public record Loaded(CascadeOptions options, long seed, Hyperplanes planes, NeighbourGraph graph,
            BucketForest forest) {}

    /** Opens and checks {@code path} against {@code source}. */
    public static Loaded read(Path path, VectorSource source) {
        try (SealedFile f = SealedFiles.open(path, CascadeWriter.KIND, CascadeWriter.PROVIDER, CascadeWriter.VERSION)) {
            return new Parser(path, f.body(), source).parse();
        }
    }

    private static final class Parser {
        private final Path path;
        private final MemorySegment body;
        private final VectorSource source;
        private final long size;

        Parser(Path path, MemorySegment body, VectorSource source) {
            this.path = path;
            this.body = body;
            this.source = source;
            this.size = body.byteSize();
        }

        private void check(long at, boolean ok, String what) {
            if (!ok) {
                throw new CorruptFileException(path, FileHeader.SIZE + at, "cascade index: " + what);
            }
        }

        private void room(long at, long bytes, String what) {
            check(at, bytes >= 0 && at + bytes <= size, what + " needs " + bytes + " bytes at " + at + ", the body has "
                    + size);
        }

        private float[] floats(long at, int n, String what) {
            room(at, 4L * n, what);
            float[] f = new float[n];
            MemorySegment.copy(body, FLOAT, at, f, 0, n);
            for (int i = 0; i < n; i++) {
                check(at + 4L * i, Float.isFinite(f[i]), what + " component " + f[i]);
            }
            return f;
        }

        Loaded parse() {
            room(0, CascadeWriter.FIXED, "preamble");
            int dim = body.get(INT, 0);
            int metricOrdinal = body.get(INT, 4);
            int tables = body.get(INT, 8);
            int bits = body.get(INT, 12);
            int degree = body.get(INT, 16);
            int stride = body.get(INT, 20);
            long seed = body.get(LONG, 24);
            int n = body.get(INT, 32);
            int live = body.get(INT, 36);
            int deleted = body.get(INT, 40);
            int entry = body.get(INT, 44);
            int treeNodes = body.get(INT, 48);
            int optLen = body.get(INT, 52);
            int bound = body.get(INT, 56);
            int hasPlanes = body.get(INT, 60);
            DistanceMetric[] metrics = DistanceMetric.values();
            check(4, metricOrdinal >= 0 && metricOrdinal < metrics.length, "metric ordinal " + metricOrdinal);
            check(0, dim == source.dimension() && metrics[metricOrdinal] == source.metric(), "built for dimension " + dim
                    + " and metric " + metrics[metricOrdinal] + ", opened over a source of dimension "
                    + source.dimension() + " and metric " + source.metric());
            room(CascadeWriter.FIXED, optLen, "options");
            CascadeOptions options = options(CascadeWriter.FIXED, optLen);
            check(8, tables == options.tables() && bits == options.bits(), tables + " tables of " + bits
                    + " bits, options say " + options.tables() + " of " + options.bits());
            NeighbourGraph graph = new NeighbourGraph(options.degree());
            check(16, degree == options.degree() && stride == graph.stride(), "degree " + degree + " stride " + stride);
            check(32, n >= 0 && (long) n <= size, "node count " + n);
            check(36, live >= 0 && deleted >= 0 && (long) live + deleted <= n, live + " live and " + deleted
                    + " deleted of " + n + " nodes");
            check(44, entry >= -1 && entry < n && (n == 0) == (entry == -1) || entry >= -1 && entry < n && live == 0,
                    "entry node " + entry);
            check(48, treeNodes >= 0 && (long) treeNodes <= size, "tree nodes " + treeNodes);
            check(56, bound >= 0 && bound <= source.size(), "holds ordinals up to " + (bound - 1L) + ", the source has "
                    + source.size());
            check(60, hasPlanes == 0 || hasPlanes == 1, "hyperplane flag " + hasPlanes);
            check(60, hasPlanes == 1 || n == 0, n + " nodes and no hyperplanes");
            long at = CascadeWriter.FIXED + (long) optLen;
            Hyperplanes planes = null;
            if (hasPlanes == 1) {
                float[] center = floats(at, dim, "centre");
                at += 4L * dim;
                long planeFloats = (long) tables * bits * dim;
                check(at, planeFloats <= Integer.MAX_VALUE, "hyperplanes of " + planeFloats + " floats");
                float[] p = floats(at, (int) planeFloats, "hyperplanes");
                at += 4 * planeFloats;
                planes = new Hyperplanes(tables, bits, dim, p, center);
            }
            room(at, n, "node states");
            byte[] state = new byte[n];
            MemorySegment.copy(body, ValueLayout.JAVA_BYTE, at, state, 0, n);
            int liveSeen = 0;
            int deadSeen = 0;
            for (int i = 0; i < n; i++) {
                check(at + i, state[i] >= 0 && state[i] <= 2, "node " + i + " state " + state[i]);
                liveSeen += state[i] == NeighbourGraph.LIVE ? 1 : 0;
                deadSeen += state[i] == NeighbourGraph.DELETED ? 1 : 0;
            }
            check(36, liveSeen == live && deadSeen == deleted, "counts say " + live + " live and " + deleted
                    + " deleted, states hold " + liveSeen + " and " + deadSeen);
            check(44, entry < 0 || state[entry] != NeighbourGraph.FREE, "entry node " + entry + " is free");
            at += n;
            at += (4 - ((FileHeader.SIZE + at) % 4)) % 4;
            room(at, 4L * n, "ordinals");
            int[] ordinal = new int[n];
            MemorySegment.copy(body, INT, at, ordinal, 0, n);
            BitSet liveOrdinals = new BitSet();
            for (int i = 0; i < n; i++) {
                int o = ordinal[i];
                long pos = at + 4L * i;
                if (state[i] == NeighbourGraph.FREE) {
                    check(pos, o == -1, "free node " + i + " ordinal " + o);
                } else {
                    check(pos, o >= 0 && o < bound, "node " + i + " ordinal " + o + " outside [0, " + bound + ")");
                    if (state[i] == NeighbourGraph.LIVE) {
                        check(pos, !liveOrdinals.get(o), "ordinal " + o + " live twice");
                        liveOrdinals.set(o);
                    }
                }
            }
            at += 4L * n;
            int[] list = new int[stride];
            for (int i = 0; i < n; i++) {
                room(at, 4, "list of node " + i);
                int d = body.get(INT, at);
                check(at, d >= 0 && d <= stride && (d == 0 || state[i] != NeighbourGraph.FREE), "node " + i + " degree "
                        + d);
                room(at + 4, 4L * d, "list of node " + i);
                MemorySegment.copy(body, INT, at + 4, list, 0, d);
                for (int j = 0; j < d; j++) {
                    int v = list[j];
                    check(at + 4 + 4L * j, v >= 0 && v < n && v != i && state[v] != NeighbourGraph.FREE, "node " + i
                            + " links to " + v);
                }
                graph.restore(i, state[i], state[i] == NeighbourGraph.FREE ? 0 : ordinal[i], list, d);
                at += 4 + 4L * d;
            }
            graph.entry(entry);
            BucketForest forest = new BucketForest(tables, bits, dim, options.bucketSize(), options.maxDepth());
            int slots = tables << bits;
            room(at, 4L * slots, "bucket roots");
            int[] roots = new int[slots];
            MemorySegment.copy(body, INT, at, roots, 0, slots);
            int[] parentDepth = new int[treeNodes];
            java.util.Arrays.fill(parentDepth, -2);
            for (int s = 0; s < slots; s++) {
                int r = roots[s];
                check(at + 4L * s, r >= -1 && r < treeNodes && (r < 0 || parentDepth[r] == -2), "bucket " + s + " root "
                        + r);
                if (r >= 0) {
                    parentDepth[r] = -1;
                }
            }
            at += 4L * slots;
            float[] normal = new float[dim];
            for (int tn = 0; tn < treeNodes; tn++) {
                room(at, 12, "tree node " + tn);
                int depth = body.get(INT, at);
                int l = body.get(INT, at + 4);
                int r = body.get(INT, at + 8);
                check(at, parentDepth[tn] != -2 && depth == parentDepth[tn] + 1 && depth <= options.maxDepth(),
                        "tree node " + tn + " at depth " + depth + " (parent at " + parentDepth[tn] + ")");
                at += 12;
                if (l >= 0) {
                    // children come after their parent, so the trees have no cycles
                    check(at - 8, l > tn && r > tn && l < treeNodes && r < treeNodes && l != r && parentDepth[l] == -2
                            && parentDepth[r] == -2, "tree node " + tn + " children " + l + ", " + r);
                    parentDepth[l] = depth;
                    parentDepth[r] = depth;
                    room(at, 4 + 4L * dim, "plane of tree node " + tn);
                    float off = body.get(FLOAT, at);
                    check(at, Float.isFinite(off), "plane offset " + off);
                    float[] nv = floats(at + 4, dim, "plane of tree node " + tn);
                    System.arraycopy(nv, 0, normal, 0, dim);
                    forest.restoreNode(depth, l, r, off, normal, null);
                    at += 4 + 4L * dim;
                } else {
                    check(at - 8, l == -1 && r == -1, "leaf " + tn + " children " + l + ", " + r);
                    room(at, 4, "leaf " + tn);
                    int m = body.get(INT, at);
                    check(at, m >= 0 && m <= n * (long) tables, "leaf " + tn + " of " + m + " members");
                    room(at + 4, 4L * m, "leaf " + tn);
                    IntList members = new IntList(m);
                    for (int i = 0; i < m; i++) {
                        int v = body.get(INT, at + 4 + 4L * i);
                        check(at + 4 + 4L * i, v >= 0 && v < n && state[v] != NeighbourGraph.FREE, "leaf " + tn
                                + " member " + v);
                        members.add(v);
                    }
                    forest.restoreNode(depth, -1, -1, 0, null, members);
                    at += 4 + 4L * m;
                }
            }
            for (int s = 0; s < slots; s++) {
                forest.restoreRoot(s, roots[s]);
            }
            check(at, at == size, "body is " + size + " bytes, its parts end at " + at);
            return new Loaded(options, seed, planes, graph, forest);
        }

        private CascadeOptions options(long at, int len) {
            byte[] b = new byte[len];
            MemorySegment.copy(body, ValueLayout.JAVA_BYTE, at, b, 0, len);
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                throw new CorruptFileException(path, FileHeader.SIZE + at, "cascade index: options are not UTF-8", e);
            }
            Map<String, String> m = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                int eq = line.indexOf('=');
                check(at, eq > 0, "option line '" + line + "'");
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
            try {
                return CascadeOptions.fromMap(m);
            } catch (SynaException e) {
                throw new CorruptFileException(path, FileHeader.SIZE + at, "cascade index: bad options: " + e.getMessage(),
                        e);
            }
        }
    }
}
