package syna.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Database;
import syna.api.Namespace;
import syna.api.Syna;

/**
 * The golden database of tensor format 1 (written once by {@link GoldenTensors}, never edited;
 * layout in docs/format/tensor.md): today's code reads every tensor of it, bit for bit, and writes
 * the same description bytes afresh (the random chunk generation masked).
 */
class GoldenTensorFormatTest {
    private static Path golden(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (InputStream in = GoldenTensorFormatTest.class.getResourceAsStream("/golden/tensor-v1/data.log")) {
            assertNotNull(in, "golden tensor-v1/data.log is missing");
            Files.copy(in, dir.resolve("data.log"));
        }
        return dir;
    }

    @Test
    void writeTheGoldenDatabaseWhenAsked() {
        String to = System.getProperty("syna.golden.write", "");
        assumeTrue(!to.isEmpty(), "-Dsyna.golden.write=<dir> writes the golden database");
        GoldenTensors.write(Path.of(to));
    }

    @Test
    void tensorV1ReadsBackBitForBitAndTodaysWriterWritesTheSameDescriptions(@TempDir Path tmp) throws IOException {
        Path fresh = tmp.resolve("fresh");
        GoldenTensors.write(fresh);
        try (Database db = Syna.open(golden(tmp.resolve("db"))); Database now = Syna.open(fresh)) {
            TensorEngine e = TensorEngine.open(db, GoldenTensors.OPTIONS);
            List<String> names = e.names();
            assertEquals(TensorEngine.open(now, GoldenTensors.OPTIONS).names(), names);
            for (Map.Entry<String, Tensor> t : GoldenTensors.tensors().entrySet()) {
                try (Tensor got = e.get(t.getKey())) {
                    assertTrue(got.contentEquals(t.getValue()), t.getKey());
                }
            }
            try (Tensor rows = e.get("rows/*"); Tensor r = e.get("chunked/replaced")) {
                assertArrayEquals(GoldenTensors.longs(6, -100, 100), rows.toLongArray());
                assertEquals(Shape.of(3, 2), rows.shape());
                assertArrayEquals(GoldenTensors.longs(200, -1000, 1000), r.toLongArray());
            }
            assertEquals(List.of(), db.keys(), "no user keys");
            Namespace a = db.namespace("tensor");
            Namespace b = now.namespace("tensor");
            for (String n : names) {
                byte[] old = a.getBytes(n);
                byte[] neu = b.getBytes(n);
                assertEquals(old.length, neu.length, n);
                if (e.info(n).orElseThrow().chunked()) { // generation at 8 + 8 * rank is random; the header CRC covers it
                    int rank = e.info(n).orElseThrow().shape().rank();
                    int g = 8 + 8 * rank;
                    for (int i = 0; i < 8; i++) {
                        old[g + i] = 0;
                        neu[g + i] = 0;
                    }
                    old = java.util.Arrays.copyOf(old, old.length - 4);
                    neu = java.util.Arrays.copyOf(neu, neu.length - 4);
                }
                assertArrayEquals(old, neu, n);
            }
            int chunks = 0;
            for (String n : names) {
                chunks += e.info(n).orElseThrow().chunks();
            }
            assertEquals(chunks, db.namespace("tensor.chunks").keys().size(), "no stray chunks in the golden file");
        }
    }
}
