package syna.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Database;
import syna.api.Syna;
import syna.cli.internal.CliRunner.Result;
import syna.tensor.DType;
import syna.tensor.Shape;
import syna.tensor.Tensor;
import syna.tensor.TensorEngine;

/** {@code syna tensors list|info|export|import} against tensors written through syna.tensor. */
class TensorsCommandTest {
    @TempDir
    Path tmp;

    private static Result ok(String... args) {
        Result r = CliRunner.run(args);
        assertEquals(0, r.exit(), r::toString);
        assertEquals("", r.err(), r::toString);
        return r;
    }

    @Test
    void listsDescribesExportsAndImportsTensors() throws Exception {
        Path dir = tmp.resolve("t");
        try (Database db = Syna.open(dir)) {
            TensorEngine e = TensorEngine.open(db);
            e.put("weights", Tensor.fromFloats(DType.F32, Shape.of(2, 3), 1, 2, 3, 4, 5, 6));
            e.putAll("train/", Tensor.fromLongs(DType.I64, Shape.of(3, 2), 1, 2, 3, 4, 5, 6));
        }
        String d = dir.toString();
        String list = ok("tensors", "list", d).out();
        assertTrue(list.contains("weights") && list.contains("f32") && list.contains("[2, 3]")
                && list.contains("train/00000002") && list.contains("4 tensors"), list);
        assertTrue(ok("tensors", "list", d, "train/*").out().contains("3 tensors"));
        String info = ok("tensors", "info", d, "weights").out();
        assertTrue(info.contains("[12, 4] bytes") && info.contains("<f4"), info);

        Path npy = tmp.resolve("w.npy");
        ok("tensors", "export", d, "weights", npy.toString());
        assertEquals((byte) 0x93, Files.readAllBytes(npy)[0]);
        Path st = tmp.resolve("train.safetensors");
        assertTrue(ok("tensors", "export", d, "train/*", st.toString(), "--metadata", "k=v").out().contains("3 tensors"));

        Path other = tmp.resolve("o");
        assertTrue(ok("tensors", "import", other.toString(), npy.toString()).out().contains("imported w f32 [2, 3]"));
        assertTrue(ok("tensors", "import", other.toString(), st.toString(), "copy/").out().contains("3 tensors"));
        try (Database db = Syna.open(other)) {
            TensorEngine e = TensorEngine.open(db);
            try (Tensor w = e.get("w"); Tensor t = e.get("copy/train/*")) {
                assertEquals(6f, w.getDouble(1, 2));
                assertEquals(Shape.of(3, 2), t.shape());
                assertEquals(6, t.getLong(2, 1));
            }
        }
        Result missing = CliRunner.run("tensors", "info", d, "nope");
        assertTrue(missing.exit() != 0 && missing.err().startsWith("error: "), missing.toString());
        Result badExt = CliRunner.run("tensors", "export", d, "weights", tmp.resolve("w.bin").toString());
        assertTrue(badExt.exit() != 0 && badExt.err().contains(".npy or .safetensors"), badExt.toString());
    }
}
