package syna.index.gwi.internal.disk;

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
import syna.index.gwi.GwiOptions;
import syna.index.gwi.internal.tree.CentroidTree;
import syna.index.gwi.internal.tree.Postings;

/**
 * Reads a saved index onto the heap after checking every count, parent, centroid and ordinal against the file
 * and the source: any mismatch is a {@link CorruptFileException} with the offset, never an array index error or
 * an allocation sized by a damaged length. Nothing is retrained. Thread-safe (stateless).
 */
public final class GwiReader {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private GwiReader() {}

    /** What a file holds; {@code tree} is null for an index saved before training. */
    public record Loaded(GwiOptions options, long seed, long trainings, int branching, CentroidTree tree,
            Postings postings) {}

    /** Opens and checks {@code path} against {@code source}. */
    public static Loaded read(Path path, VectorSource source) {
        try (SealedFile f = SealedFiles.open(path, GwiWriter.KIND, GwiWriter.PROVIDER, GwiWriter.VERSION)) {
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

        private CorruptFileException corrupt(long at, String what) {
            return new CorruptFileException(path, FileHeader.SIZE + at, "gwi index: " + what);
        }

        private void check(long at, boolean ok, String what) {
            if (!ok) {
                throw corrupt(at, what);
            }
        }

        /** Checks that {@code bytes} more bytes exist at {@code at}. */
        private void room(long at, long bytes, String what) {
            check(at, bytes >= 0 && at + bytes <= size, what + " needs " + bytes + " bytes at " + at + ", the body has "
                    + size);
        }

        Loaded parse() {
            room(0, GwiWriter.FIXED, "preamble");
            int dim = body.get(INT, 0);
            int metricOrdinal = body.get(INT, 4);
            int state = body.get(INT, 8);
            int levels = body.get(INT, 12);
            int branching = body.get(INT, 16);
            int bound = body.get(INT, 20);
            long seed = body.get(LONG, 24);
            long trainings = body.get(LONG, 32);
            int live = body.get(INT, 40);
            int optLen = body.get(INT, 44);
            int slots = body.get(INT, 48);
            DistanceMetric[] metrics = DistanceMetric.values();
            check(4, metricOrdinal >= 0 && metricOrdinal < metrics.length, "metric ordinal " + metricOrdinal);
            check(0, dim == source.dimension() && metrics[metricOrdinal] == source.metric(), "built for dimension " + dim
                    + " and metric " + metrics[metricOrdinal] + ", opened over a source of dimension "
                    + source.dimension() + " and metric " + source.metric());
            check(8, state == 0 || state == 1, "state " + state);
            check(12, state == 0 ? levels == 0 : levels >= 1 && levels <= GwiOptions.MAX_LEVELS, "levels " + levels);
            check(16, branching >= 0, "branching " + branching);
            check(20, bound >= 0 && bound <= source.size(), "holds ordinals up to " + (bound - 1L) + ", the source has "
                    + source.size());
            check(32, trainings >= 0, "trainings " + trainings);
            check(40, live >= 0 && live <= bound, "live count " + live + " for ordinals below " + bound);
            check(48, slots >= 1, "list slots " + slots);
            room(GwiWriter.FIXED, optLen, "options");
            GwiOptions options = options(GwiWriter.FIXED, optLen);
            long at = GwiWriter.FIXED + (long) optLen;

            CentroidTree tree = null;
            if (state == 1) {
                int[][] parents = new int[levels][];
                float[][] cents = new float[levels][];
                for (int l = 0; l < levels; l++) {
                    room(at, 8, "level " + l);
                    int n = body.get(INT, at);
                    int liveNodes = body.get(INT, at + 4);
                    check(at, n >= 1, "level " + l + " has " + n + " nodes");
                    room(at + 8, (long) n * (4 + 4L * dim), "level " + l + " of " + n + " nodes");
                    check(at + 4, liveNodes >= 1 && liveNodes <= n, "level " + l + " live nodes " + liveNodes);
                    at += 8;
                    int[] p = new int[n];
                    MemorySegment.copy(body, INT, at, p, 0, n);
                    int seen = 0;
                    for (int i = 0; i < n; i++) {
                        int v = p[i];
                        boolean ok = v == CentroidTree.DEAD || (l == 0 ? v == -1
                                : v >= 0 && v < parents[l - 1].length && parents[l - 1][v] != CentroidTree.DEAD);
                        check(at + 4L * i, ok, "level " + l + " node " + i + " parent " + v);
                        seen += v == CentroidTree.DEAD ? 0 : 1;
                    }
                    check(at - 4, seen == liveNodes, "level " + l + " says " + liveNodes + " live nodes, holds " + seen);
                    at += 4L * n;
                    float[] c = new float[n * dim];
                    MemorySegment.copy(body, FLOAT, at, c, 0, n * dim);
                    for (int i = 0; i < c.length; i++) {
                        check(at + 4L * i, Float.isFinite(c[i]), "level " + l + " centroid component " + c[i]);
                    }
                    at += 4L * n * dim;
                    parents[l] = p;
                    cents[l] = c;
                    if (l > 0) {
                        // every live node of the level above has a child, or routing would dead-end
                        boolean[] has = new boolean[parents[l - 1].length];
                        for (int v : p) {
                            if (v >= 0) {
                                has[v] = true;
                            }
                        }
                        for (int i = 0; i < has.length; i++) {
                            check(at, has[i] || parents[l - 1][i] == CentroidTree.DEAD, "level " + (l - 1) + " node " + i
                                    + " has no children");
                        }
                    }
                }
                check(48, slots == parents[levels - 1].length, slots + " list slots for "
                        + parents[levels - 1].length + " leaf ids");
                tree = CentroidTree.restore(dim, parents, cents);
            } else {
                check(48, slots == 1, slots + " list slots before training");
            }
            Postings postings = new Postings();
            postings.ensureLeaves(slots);
            BitSet seen = new BitSet();
            int total = 0;
            for (int leaf = 0; leaf < slots; leaf++) {
                room(at, 4, "list " + leaf);
                int s = body.get(INT, at);
                check(at, s >= 0 && s <= live - total, "list " + leaf + " length " + s + " with " + (live - total)
                        + " ordinals left");
                check(at, s == 0 || tree == null || tree.isLive(tree.leafLevel(), leaf), "free leaf " + leaf + " holds "
                        + s + " ordinals");
                room(at + 4, 4L * s, "list " + leaf);
                at += 4;
                for (int i = 0; i < s; i++) {
                    int o = body.get(INT, at);
                    check(at, o >= 0 && o < bound && !seen.get(o), "list " + leaf + " ordinal " + o
                            + (seen.get(Math.max(0, o)) ? " held twice" : " outside [0, " + bound + ")"));
                    seen.set(o);
                    postings.append(leaf, o);
                    at += 4;
                }
                total += s;
            }
            check(40, total == live, "live count " + live + ", the lists hold " + total);
            check(at, at == size, "body is " + size + " bytes, its parts end at " + at);
            return new Loaded(options, seed, trainings, branching, tree, postings);
        }

        private GwiOptions options(long at, int len) {
            byte[] b = new byte[len];
            MemorySegment.copy(body, ValueLayout.JAVA_BYTE, at, b, 0, len);
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                throw new CorruptFileException(path, FileHeader.SIZE + at, "gwi index: options are not UTF-8", e);
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
                return GwiOptions.fromMap(m);
            } catch (SynaException e) {
                throw new CorruptFileException(path, FileHeader.SIZE + at, "gwi index: bad options: " + e.getMessage(), e);
            }
        }
    }
}
