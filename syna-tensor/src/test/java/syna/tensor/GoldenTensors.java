package syna.tensor;

import java.nio.file.Path;
import syna.api.Database;
import syna.api.Durability;
import syna.api.Syna;

/**
 * Writes the golden database of tensor format 1 ({@code src/test/resources/golden/tensor-v1}) once:
 * {@code -Dsyna.golden.write=<dir>} on {@link GoldenTensorFormatTest}. Never regenerated for the same
 * format: a format change gets a new golden directory. Thread-safe (stateless).
 */
final class GoldenTensors {
    static final TensorOptions OPTIONS = TensorOptions.builder().chunkBytes(1024).inlineBytes(512).build();

    private GoldenTensors() {}

    /** Element {@code i} of the golden tensors, as a double. */
    static double value(int i) {
        return (i * 37 % 101) - 50 + i / 8.0;
    }

    static float[] floats(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) value(i);
        }
        return f;
    }

    static long[] longs(int n, long lo, long hi) {
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
            l[i] = lo + Math.floorMod((long) (value(i) * 8), hi - lo + 1);
        }
        return l;
    }

    /** The tensors of the golden database, by name. */
    static java.util.Map<String, Tensor> tensors() {
        java.util.Map<String, Tensor> m = new java.util.LinkedHashMap<>();
        m.put("inline/f32", Tensor.fromFloats(DType.F32, Shape.of(2, 3), floats(6)));
        m.put("inline/bf16", Tensor.fromFloats(DType.BF16, Shape.of(4), floats(4)));
        m.put("inline/f16", Tensor.fromFloats(DType.F16, Shape.of(1, 2, 2), floats(4)));
        m.put("inline/bool", Tensor.fromLongs(DType.BOOL, Shape.of(5), longs(5, 0, 1)));
        m.put("inline/scalar", Tensor.fromDoubles(DType.F64, Shape.scalar(), 2.5));
        m.put("inline/u8", Tensor.fromLongs(DType.U8, Shape.of(3, 0), new long[0]));
        m.put("chunked/i16", Tensor.fromLongs(DType.I16, Shape.of(30, 50), longs(1500, -32768, 32767)));
        m.put("chunked/f64", Tensor.fromDoubles(DType.F64, Shape.of(300), java.util.stream.IntStream.range(0, 300)
                .mapToDouble(GoldenTensors::value).toArray()));
        return m;
    }

    static void write(Path dir) {
        try (Database db = Syna.builder(dir).durability(Durability.NONE).open()) {
            TensorEngine e = TensorEngine.open(db, OPTIONS);
            tensors().forEach(e::put);
            e.putAll("rows/", Tensor.fromLongs(DType.I32, Shape.of(3, 2), longs(6, -100, 100)));
            e.put("chunked/replaced", Tensor.fromLongs(DType.I8, Shape.of(2000), longs(2000, -128, 127)));
            e.put("chunked/replaced", Tensor.fromLongs(DType.I64, Shape.of(200), longs(200, -1000, 1000)));
        }
    }
}
