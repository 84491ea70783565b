package syna.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Database;
import syna.api.Durability;
import syna.api.Syna;
import syna.api.UnsupportedFeatureException;
import syna.tests.Seeded;

/**
 * {@code .npy} and safetensors files checked by numpy and safetensors themselves: Syna's exports
 * are byte-identical to what {@code np.save} and the safetensors library write for the same arrays,
 * and Syna imports what they write. Skipped (not failed) when {@code python3} with numpy and
 * safetensors is absent: {@code pip install numpy safetensors} enables it.
 */
@Seeded
class PythonFormatsTest {
    static final long[][] SHAPES = {{}, {0}, {1}, {5}, {3, 4}, {2, 3, 4}, {1000}};

    @TempDir Path dir;
    Database db;
    TensorEngine engine;
    SplittableRandom random;

    @BeforeAll
    static void needPython() {
        assumeTrue(python("import numpy, safetensors").exit == 0, "python3 with numpy and safetensors is not available");
    }

    @BeforeEach
    void open(SplittableRandom seeded) {
        random = seeded;
        db = Syna.builder(dir.resolve("db")).durability(Durability.NONE).open();
        engine = TensorEngine.open(db, TensorOptions.builder().chunkBytes(1000).inlineBytes(256).build());
    }

    @AfterEach
    void close() {
        db.close();
    }

    record Result(int exit, String out) {}

    static Result python(String code, String... args) {
        List<String> cmd = new ArrayList<>(List.of("python3", "-c", code));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        }
    }

    static Result run(String code, String... args) {
        Result r = python(code, args);
        assertEquals(0, r.exit, r.out);
        return r;
    }

    static String numpyName(DType t) {
        return switch (t) {
            case F16 -> "float16";
            case BF16 -> "bfloat16";
            case F32 -> "float32";
            case F64 -> "float64";
            case I8 -> "int8";
            case U8 -> "uint8";
            case I16 -> "int16";
            case I32 -> "int32";
            case I64 -> "int64";
            case BOOL -> "bool";
        };
    }

    static String pyShape(Shape s) {
        return s.rank() == 0 ? "()" : "(" + java.util.Arrays.stream(s.dims()).mapToObj(Long::toString)
                .collect(Collectors.joining(",")) + ",)";
    }

    /** A random tensor of a shape and dtype, stored under {@code name}, its raw bytes also written to {@code raw}. */
    private Tensor stored(String name, DType t, Shape s, Path raw) throws IOException {
        Tensor in = TensorEngineTest.random(random, t, s);
        engine.put(name, in);
        Files.write(raw, in.toByteArray());
        return in;
    }

    @Test
    void npyExportsAreByteIdenticalToNumpysOwnFiles() throws IOException {
        StringBuilder manifest = new StringBuilder();
        List<Path[]> pairs = new ArrayList<>();
        int k = 0;
        for (DType t : DType.values()) {
            if (t == DType.BF16) {
                continue;
            }
            for (long[] dims : SHAPES) {
                Shape s = Shape.of(dims);
                Path raw = dir.resolve("raw" + k);
                Path ours = dir.resolve("ours" + k + ".npy");
                Path theirs = dir.resolve("theirs" + k + ".npy");
                stored("t" + k, t, s, raw).close();
                engine.exportNpy("t" + k, ours);
                manifest.append(raw).append('\t').append(numpyName(t)).append('\t').append(pyShape(s)).append('\t')
                        .append(theirs).append('\t').append(ours).append('\n');
                pairs.add(new Path[] {ours, theirs});
                k++;
            }
        }
        Path m = dir.resolve("manifest");
        Files.writeString(m, manifest);
        run("""
                import sys, numpy as np
                for line in open(sys.argv[1]):
                    raw, dt, shape, out, ours = line.rstrip('\\n').split('\\t')
                    a = np.frombuffer(open(raw, 'rb').read(), dtype=dt).reshape(eval(shape))
                    np.save(out, a)
                    b = np.load(ours)
                    assert b.dtype == a.dtype and b.shape == a.shape, (ours, b.dtype, b.shape)
                    assert b.tobytes() == a.tobytes(), ours
                """, m.toString());
        for (Path[] p : pairs) {
            assertArrayEquals(Files.readAllBytes(p[1]), Files.readAllBytes(p[0]), p[0] + " vs numpy's " + p[1]);
        }
        engine.put("bf", Tensor.fromFloats(DType.BF16, Shape.of(2), 1, 2));
        assertThrows(UnsupportedFeatureException.class, () -> engine.exportNpy("bf", dir.resolve("bf.npy")));
    }

    @Test
    void npyFilesNumpyWritesImportIncludingBigEndianAndVersionTwo() throws IOException {
        Path out = dir.resolve("np");
        Files.createDirectories(out);
        run("""
                import sys, os, numpy as np
                from numpy.lib import format as fmt
                d = sys.argv[1]
                r = np.random.default_rng(7)
                np.save(os.path.join(d, 'f32.npy'), r.standard_normal((4, 5)).astype('<f4'))
                np.save(os.path.join(d, 'be.npy'), np.arange(12, dtype='>i4').reshape(3, 4))
                np.save(os.path.join(d, 'bool.npy'), np.array([True, False, True]))
                np.save(os.path.join(d, 'scalar.npy'), np.float64(2.5))
                with open(os.path.join(d, 'v2.npy'), 'wb') as f:
                    fmt.write_array(f, np.arange(7, dtype=np.int16), version=(2, 0))
                np.save(os.path.join(d, 'fortran.npy'), np.asfortranarray(np.ones((2, 3))))
                np.save(os.path.join(d, 'u16.npy'), np.ones(3, dtype=np.uint16))
                for n in ['f32', 'be', 'bool', 'scalar', 'v2']:
                    a = np.load(os.path.join(d, n + '.npy'))
                    open(os.path.join(d, n + '.raw'), 'wb').write(np.ascontiguousarray(a).astype(a.dtype.newbyteorder('<')).tobytes())
                """, out.toString());
        Map<String, Object[]> want = new LinkedHashMap<>();
        want.put("f32", new Object[] {DType.F32, Shape.of(4, 5)});
        want.put("be", new Object[] {DType.I32, Shape.of(3, 4)});
        want.put("bool", new Object[] {DType.BOOL, Shape.of(3)});
        want.put("scalar", new Object[] {DType.F64, Shape.scalar()});
        want.put("v2", new Object[] {DType.I16, Shape.of(7)});
        for (Map.Entry<String, Object[]> w : want.entrySet()) {
            TensorInfo info = engine.importNpy(out.resolve(w.getKey() + ".npy"), "in/" + w.getKey());
            assertEquals(w.getValue()[0], info.dtype(), w.getKey());
            assertEquals(w.getValue()[1], info.shape(), w.getKey());
            try (Tensor t = engine.get("in/" + w.getKey())) {
                assertArrayEquals(Files.readAllBytes(out.resolve(w.getKey() + ".raw")), t.toByteArray(), w.getKey());
            }
        }
        try (Tensor be = engine.get("in/be")) {
            assertEquals(11, be.getLong(2, 3));
        }
        assertThrows(UnsupportedFeatureException.class, () -> engine.importNpy(out.resolve("fortran.npy"), "x"));
        assertThrows(UnsupportedFeatureException.class, () -> engine.importNpy(out.resolve("u16.npy"), "x"));
    }

    @Test
    void safetensorsExportsAreByteIdenticalToTheLibrarysAndItsFilesImport() throws IOException {
        StringBuilder manifest = new StringBuilder();
        List<String> names = new ArrayList<>();
        int k = 0;
        for (DType t : DType.values()) {
            for (long[] dims : new long[][] {{}, {0, 3}, {3}, {2, 5}}) {
                Shape s = Shape.of(dims);
                String name = "layer." + (9 - k % 10) + "/" + t.label() + "\"q" + k; // names that need escapes and sorting
                Path raw = dir.resolve("st" + k);
                stored(name, t, s, raw).close();
                manifest.append(name).append('\t').append(raw).append('\t').append(numpyName(t)).append('\t')
                        .append(pyShape(s)).append('\n');
                names.add(name);
                k++;
            }
        }
        Path m = dir.resolve("st-manifest");
        Files.writeString(m, manifest);
        Path ours = dir.resolve("ours.safetensors");
        Path theirs = dir.resolve("theirs.safetensors");
        engine.exportSafetensors(names, Map.of("format", "pt"), ours);
        run("""
                import sys, numpy as np
                from safetensors import serialize, deserialize
                from safetensors._safetensors_rust import TensorSpec
                keep, specs = [], {}
                for line in open(sys.argv[1], encoding='utf-8'):
                    name, raw, dt, shape = line.rstrip('\\n').split('\\t')
                    a = np.frombuffer(open(raw, 'rb').read(), dtype=np.uint8).copy()
                    keep.append(a)
                    specs[name] = TensorSpec(dtype=dt, shape=eval(shape), data_ptr=a.ctypes.data, data_len=a.nbytes)
                open(sys.argv[2], 'wb').write(bytes(serialize(specs, metadata={'format': 'pt'})))
                ours = dict(deserialize(open(sys.argv[3], 'rb').read()))
                for name, raw, _, _ in (l.rstrip('\\n').split('\\t') for l in open(sys.argv[1], encoding='utf-8')):
                    assert bytes(ours[name]['data']) == open(raw, 'rb').read(), name
                """, m.toString(), theirs.toString(), ours.toString());
        assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours), "ours vs the library's");

        List<TensorInfo> in = engine.importSafetensors(theirs, "imported/");
        assertEquals(names.size(), in.size());
        assertEquals(Map.of("format", "pt"), engine.safetensorsMetadata(theirs));
        for (String n : names) {
            try (Tensor a = engine.get(n); Tensor b = engine.get("imported/" + n)) {
                assertEquals(true, a.contentEquals(b), n);
            }
        }
    }
}
