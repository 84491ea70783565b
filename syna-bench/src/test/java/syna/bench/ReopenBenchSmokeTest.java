package syna.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the reopen bench on a few keys with a history each: proves the harness (it checks the key count of every open), times nothing. */
class ReopenBenchSmokeTest {

    @Test
    void reopensKeysWithHistories(@TempDir Path tmp) throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8)) {
            ReopenBench.run(out, tmp, 2_000, 64, 3, 1, 100, 42);
        }
        String printed = text.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("reopen of 2,000 keys x 64 B x 3 versions"), printed);
        assertTrue(printed.contains("clean close, from the checkpoint"), printed);
        assertTrue(printed.contains("crash after 100 more puts"), printed);
    }
}
