package syna.bench.ann;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Gravity Well bench on a small Gaussian set without its peers: proves the harness (repeated builds and
 * drift runs with their medians), times nothing.
 */
class GwiBenchmarkSmokeTest {

    @Test
    void buildsRepeatedlyAndReportsMedians(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("gauss");
        DatasetGenerator.main(new String[] {"gauss", dir.toString(), "3000", "40", "16", "7"});
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream was = System.out;
        try (PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            GwiBenchmark.main(new String[] {dir.toString(), "skip=hnsw,faiss,copy", "repeats=2", "list-size=50",
                    "nprobes=1,2,4,8,16", "eps=0.5,1.0", "patience=0,8", "clusters=6"});
        } finally {
            System.setOut(was);
        }
        String printed = text.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("median of 2:"), printed);
        assertTrue(printed.contains("rebalancing cpu") && printed.contains("(median of 2 runs:"), printed);
    }
}
