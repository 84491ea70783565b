package syna.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Database;
import syna.api.Durability;
import syna.api.HistoryQuery;
import syna.api.InvalidArgumentException;
import syna.api.KeyNotFoundException;
import syna.api.Syna;
import syna.tests.Seeded;

/** Round trips of every dtype and rank, both layouts, chunk boundaries, globs, shapes, deletes, history. */
@Seeded
class TensorEngineTest {
    /** Small chunks and a small inline limit, so tests cross many chunk boundaries cheaply. */
    static final TensorOptions SMALL = TensorOptions.builder().chunkBytes(1000).inlineBytes(64).build();

    @TempDir Path dir;
    Database db;
    TensorEngine engine;
    SplittableRandom random;

    @BeforeEach
    void open(SplittableRandom seeded) {
        random = seeded;
        db = Syna.builder(dir).durability(Durability.NONE).open();
        engine = TensorEngine.open(db, SMALL);
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** A tensor of {@code dtype} and {@code shape} with random elements (every bit pattern for floats but NaN kept). */
    static Tensor random(SplittableRandom r, DType dtype, Shape shape) {
        byte[] b = new byte[(int) shape.byteSize(dtype)];
        r.nextBytes(b);
        if (dtype == DType.BOOL) {
            for (int i = 0; i < b.length; i++) {
                b[i] &= 1;
            }
        }
        return Tensor.copyOf(dtype, shape, MemorySegment.ofArray(b));
    }

    @Test
    void everyDtypeAndRankRoundTripsInBothLayouts() {
        long[][] shapes = {{}, {0}, {1}, {7}, {3, 5}, {2, 3, 4}, {2, 1, 3, 2, 2}, {40, 30}};
        for (DType t : DType.values()) {
            for (long[] s : shapes) {
                Shape shape = Shape.of(s);
                String name = "t/" + t.label() + "/" + shape.rank() + "/" + shape.elements();
                try (Tensor in = random(random, t, shape)) {
                    TensorInfo info = engine.put(name, in);
                    assertEquals(in.byteSize() > SMALL.inlineBytes(), info.chunked(), name);
                    try (Tensor out = engine.get(name)) {
                        assertTrue(out.contentEquals(in), name);
                        assertEquals(t, out.dtype());
                        assertEquals(shape, out.shape());
                        assertTrue(out.isContiguous());
                        assertTrue(out.segment().isReadOnly());
                    }
                    assertEquals(info, engine.info(name).orElseThrow());
                }
            }
        }
        Shape max = Shape.of(new long[Shape.MAX_RANK]);
        assertEquals(0, max.elements());
        long[] ones = new long[Shape.MAX_RANK];
        java.util.Arrays.fill(ones, 1);
        ones[0] = 3;
        try (Tensor in = random(random, DType.I16, Shape.of(ones))) {
            engine.put("rank32", in);
            try (Tensor out = engine.get("rank32")) {
                assertTrue(out.contentEquals(in));
            }
        }
        assertThrows(InvalidArgumentException.class, () -> Shape.of(new long[Shape.MAX_RANK + 1]));
        db.close();
        db = Syna.open(dir); // and after a reopen
        engine = TensorEngine.open(db, SMALL);
        assertEquals(DType.values().length * shapes.length + 1, engine.names().size());
        try (Tensor out = engine.get("t/f64/2/1200")) {
            assertEquals(Shape.of(40, 30), out.shape());
        }
    }

    @Test
    void chunkBoundariesAndStreamingPiecesOfAnySize() {
        for (int bytes : new int[] {65, 999, 1000, 1001, 1999, 2000, 2001, 5000, 10_007 * 4}) {
            int n = bytes / 4 * 4 == bytes ? bytes / 4 : bytes;
            DType t = bytes % 4 == 0 ? DType.F32 : DType.U8;
            Shape shape = Shape.of(n);
            try (Tensor in = random(random, t, shape)) {
                String name = "b" + bytes;
                try (TensorWriter w = engine.writer(name, t, shape)) { // pieces of random sizes
                    MemorySegment s = in.segment();
                    for (long at = 0; at < s.byteSize(); ) {
                        long k = Math.min(s.byteSize() - at, 1 + random.nextInt(1500));
                        w.write(s.asSlice(at, k));
                        at += k;
                    }
                    TensorInfo info = w.commit();
                    assertEquals((in.byteSize() + 999) / 1000, info.chunks());
                }
                try (Tensor out = engine.get(name); TensorReader r = engine.reader(name)) {
                    assertTrue(out.contentEquals(in), name);
                    long at = 0;
                    for (MemorySegment piece; (piece = r.next()) != null; ) {
                        assertEquals(-1, piece.mismatch(in.segment().asSlice(at, piece.byteSize())));
                        at += piece.byteSize();
                    }
                    assertEquals(in.byteSize(), at);
                    assertNull(r.next());
                    try (Arena a = Arena.ofConfined()) {
                        for (int k = 0; k < 20; k++) {
                            long from = random.nextLong(in.byteSize());
                            long len = random.nextLong(in.byteSize() - from + 1);
                            MemorySegment got = a.allocate(Math.max(1, len)).asSlice(0, len);
                            r.read(from, got);
                            assertEquals(-1, got.mismatch(in.segment().asSlice(from, len)), name + " " + from + "+" + len);
                        }
                    }
                }
            }
        }
    }

    @Test
    void anIncompleteOrOverfullWriteIsRefusedAndAnAbortLeavesNothing() {
        Shape shape = Shape.of(1000);
        try (TensorWriter w = engine.writer("x", DType.F32, shape)) {
            w.write(MemorySegment.ofArray(new byte[1500]));
            InvalidArgumentException e = assertThrows(InvalidArgumentException.class, w::commit);
            assertTrue(e.getMessage().contains("1500 of 4000"), e.getMessage());
            assertThrows(InvalidArgumentException.class, () -> w.write(MemorySegment.ofArray(new byte[2501])));
        }
        assertFalse(engine.exists("x"));
        assertEquals(List.of(), db.namespace("tensor.chunks").keys(), "aborted chunks deleted");
    }

    @Test
    void replacingAndDeletingFreeTheOldChunks() {
        try (Tensor a = random(random, DType.F64, Shape.of(500)); Tensor b = random(random, DType.F64, Shape.of(300));
                Tensor c = Tensor.ofFloats(1, 2, 3)) {
            engine.put("w", a);
            int chunksA = db.namespace("tensor.chunks").keys().size();
            assertEquals(4, chunksA);
            engine.put("w", b);
            assertEquals(3, db.namespace("tensor.chunks").keys().size());
            try (Tensor out = engine.get("w")) {
                assertTrue(out.contentEquals(b));
            }
            engine.put("w", c); // chunked -> inline
            assertEquals(List.of(), db.namespace("tensor.chunks").keys());
            engine.put("w", a);
            assertTrue(engine.delete("w"));
            assertFalse(engine.delete("w"));
            assertEquals(List.of(), db.namespace("tensor.chunks").keys());
            assertEquals(List.of(), db.namespace("tensor").keys());
            assertEquals(0, db.size(), "no user keys");
            assertThrows(KeyNotFoundException.class, () -> engine.get("w"));
        }
    }

    @Test
    void putAllWritesFixedWidthKeysAndGlobGetStacksThemInNumericOrder() {
        float[] data = new float[12 * 5];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        try (Tensor rows = Tensor.fromFloats(DType.F32, Shape.of(12, 5), data)) {
            assertEquals(12, engine.putAll("train/", rows));
            assertEquals("train/00000000", engine.names().getFirst());
            assertEquals("train/00000011", engine.names().getLast());
            try (Tensor all = engine.get("train/*")) {
                assertEquals(Shape.of(12, 5), all.shape());
                assertArrayEquals(data, all.toFloatArray());
            }
            try (Tensor flat = engine.get("train/*", Shape.of(60))) {
                assertArrayEquals(data, flat.toFloatArray());
            }
            try (Tensor some = engine.get("train/0000000[2-4]")) {
                assertEquals(Shape.of(3, 5), some.shape());
                assertEquals(10f, some.toFloatArray()[0]);
            }
            try (Tensor q = engine.get("train/0000001?")) {
                assertEquals(Shape.of(2, 5), q.shape());
            }
            try (Tensor notOne = engine.get("train/0000000[!0]")) {
                assertEquals(9, notOne.shape().dim(0));
            }
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> engine.get("train/*", Shape.of(7, 8)));
            assertTrue(e.getMessage().contains("[12, 5]") && e.getMessage().contains("[7, 8]"), e.getMessage());
            assertEquals(Shape.of(7, 8), e.expected());
            assertEquals(Shape.of(12, 5), e.actual());
            engine.putAll("train/", rows.slice(0, 2), 12); // appended
            try (Tensor all = engine.get("train/*")) {
                assertEquals(Shape.of(14, 5), all.shape());
            }
        }
        assertThrows(InvalidArgumentException.class, () -> engine.putAll("p/", Tensor.ofFloats(1), 100_000_000L));
        assertThrows(KeyNotFoundException.class, () -> engine.get("nothing/*"));
    }

    @Test
    void numericOrderIsNotLexicalForUnpaddedNames() {
        for (int i : new int[] {10, 2, 1, 33, 100}) {
            engine.put("s" + i, Tensor.ofInts(i, i));
        }
        assertEquals(List.of("s1", "s2", "s10", "s33", "s100"), engine.names("s*"));
        try (Tensor all = engine.get("s*")) {
            assertArrayEquals(new long[] {1, 1, 2, 2, 10, 10, 33, 33, 100, 100}, all.toLongArray());
            assertEquals(Shape.of(5, 2), all.shape());
        }
    }

    @Test
    void globMatchesOfDifferentShapesConcatenateOrNameBothShapes() {
        engine.put("shard/1", random(random, DType.I32, Shape.of(3, 4)));
        engine.put("shard/2", random(random, DType.I32, Shape.of(300, 4))); // chunked
        engine.put("shard/3", random(random, DType.I32, Shape.of(1, 4)));
        try (Tensor all = engine.get("shard/*")) {
            assertEquals(Shape.of(304, 4), all.shape());
            try (Tensor s2 = engine.get("shard/2")) {
                assertTrue(all.slice(3, 303).contentEquals(s2));
            }
        }
        engine.put("odd/1", Tensor.ofInts(1, 2, 3));
        engine.put("odd/2", random(random, DType.I32, Shape.of(2, 2)));
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> engine.get("odd/*"));
        assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[2, 2]"), e.getMessage());
        try (Tensor flat = engine.get("odd/*", Shape.of(7))) {
            assertEquals(1, flat.getLong(0));
        }
        engine.put("mixed/1", Tensor.ofInts(1));
        engine.put("mixed/2", Tensor.ofLongs(1));
        DTypeMismatchException d = assertThrows(DTypeMismatchException.class, () -> engine.get("mixed/*"));
        assertTrue(d.getMessage().contains("i32") && d.getMessage().contains("i64"), d.getMessage());
    }

    @Test
    void adaptersWidenWhereExactAndRefuseOtherDtypes() {
        try (Tensor h = Tensor.fromFloats(DType.F16, Shape.of(3), 1.5f, -2f, 65504f);
                Tensor bf = Tensor.fromFloats(DType.BF16, Shape.of(2), 3f, 1f / 3);
                Tensor i = Tensor.fromLongs(DType.U8, Shape.of(2), 0, 255);
                Tensor b = Tensor.ofBooleans(Shape.of(2), true, false)) {
            engine.put("h", h);
            engine.put("bf", bf);
            engine.put("u", i);
            engine.put("b", b);
        }
        try (Tensor h = engine.get("h"); Tensor bf = engine.get("bf"); Tensor u = engine.get("u"); Tensor b = engine.get("b")) {
            assertArrayEquals(new float[] {1.5f, -2f, 65504f}, h.toFloatArray());
            assertArrayEquals(new double[] {1.5, -2, 65504}, h.toDoubleArray());
            assertEquals(3f, bf.toFloatArray()[0]);
            assertEquals(0.333984375f, bf.toFloatArray()[1]); // rounded to 8 significant bits
            assertArrayEquals(new long[] {0, 255}, u.toLongArray());
            assertArrayEquals(new long[] {1, 0}, b.toLongArray());
            DTypeMismatchException e = assertThrows(DTypeMismatchException.class, u::toFloatArray);
            assertEquals(DType.U8, e.actual());
            assertThrows(DTypeMismatchException.class, h::toLongArray);
            assertThrows(DTypeMismatchException.class, () -> Tensor.ofDoubles(1).toFloatArray());
            assertEquals(255.0, u.getDouble(1));
        }
        assertThrows(InvalidArgumentException.class, () -> Tensor.fromLongs(DType.I8, Shape.of(1), 128));
        assertThrows(InvalidArgumentException.class, () -> Tensor.fromLongs(DType.BOOL, Shape.of(1), 2));
    }

    @Test
    void namesAreCheckedAndGlobCharactersRefused() {
        Tensor t = Tensor.ofFloats(1);
        assertThrows(InvalidArgumentException.class, () -> engine.put("a*b", t));
        assertThrows(InvalidArgumentException.class, () -> engine.put("a?", t));
        assertThrows(InvalidArgumentException.class, () -> engine.put("a[1]", t));
        assertThrows(InvalidArgumentException.class, () -> engine.put("", t));
        assertThrows(InvalidArgumentException.class, () -> engine.put("tab\there", t));
        assertThrows(InvalidArgumentException.class, () -> engine.put(null, t));
        assertThrows(InvalidArgumentException.class, () -> engine.put("x", null));
        assertThrows(InvalidArgumentException.class, () -> engine.get(null));
        assertThrows(InvalidArgumentException.class, () -> TensorEngine.open(null));
        engine.put("a]b\\c/d", t); // ] and \ are fine
        assertTrue(engine.exists("a]b\\c/d"));
    }

    @Test
    void historyOfASensorSeriesIsOneCallFromATensor() {
        long t0 = 1_700_000_000_000_000L;
        long[] times = new long[100];
        double[] values = new double[100];
        for (int i = 0; i < 100; i++) {
            times[i] = t0 + i * 1_000_000L;
            values[i] = Math.sin(i / 10.0);
        }
        db.putFloats("sensor", times, values);
        try (Tensor t = engine.historyAsTensor("sensor")) {
            assertEquals(DType.F64, t.dtype());
            assertArrayEquals(values, t.toDoubleArray());
        }
        try (Tensor t = engine.historyAsTensor("sensor", HistoryQuery.between(t0 + 10_000_000L, t0 + 20_000_000L))) {
            assertEquals(Shape.of(10), t.shape());
            assertEquals(values[10], t.getDouble(0));
        }
        db.putInts("count", new long[] {1, 2, 3});
        try (Tensor t = engine.historyAsTensor("count")) {
            assertEquals(DType.I64, t.dtype());
            assertArrayEquals(new long[] {1, 2, 3}, t.toLongArray());
        }
        db.putFloat("count", 4.5);
        try (Tensor t = engine.historyAsTensor("count")) {
            assertEquals(DType.F64, t.dtype());
            assertArrayEquals(new double[] {1, 2, 3, 4.5}, t.toDoubleArray());
        }
        assertThrows(KeyNotFoundException.class, () -> engine.historyAsTensor("nope"));
    }

    @Test
    void manyRowsReadInParallelComeBackInOrder() {
        int n = 3000;
        List<Tensor> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(Tensor.ofLongs(i, -i));
        }
        engine.putAll("r", rows);
        try (Tensor all = engine.get("r*")) {
            long[] v = all.toLongArray();
            for (int i = 0; i < n; i++) {
                assertEquals(i, v[2 * i]);
                assertEquals(-i, v[2 * i + 1]);
            }
        }
        assertNotNull(engine.toString());
    }
}
