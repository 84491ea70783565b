package syna.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Database;
import syna.api.Syna;
import syna.cli.SynaCli;

/** {@code syna studio}: prints its URL with the token, serves the API, stops when interrupted; bad options are usage errors. */
class StudioCommandTest {
    @TempDir
    Path dir;

    @Test
    void servesUntilInterrupted() throws Exception {
        Path db = dir.resolve("db");
        try (Database d = Syna.open(db)) {
            d.putText("hello", "world");
        }
        PipedWriter pipe = new PipedWriter();
        BufferedReader lines = new BufferedReader(new PipedReader(pipe));
        StringWriter err = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread t = new Thread(() -> exit.set(SynaCli.execute(new java.io.ByteArrayInputStream(new byte[0]),
                new PrintWriter(pipe, true), new PrintWriter(err), "studio", db.toString(), "--port", "0")));
        t.start();
        String line = lines.readLine();
        assertTrue(line.startsWith("Syna Studio for " + db + ": http://127.0.0.1:"), line);
        String url = line.replaceAll(".*(http://\\S+).*", "$1");
        assertTrue(url.matches("http://127\\.0\\.0\\.1:\\d+/\\?token=[0-9a-f]{32}"), url);
        URI base = URI.create(url.substring(0, url.indexOf('?')));
        String body;
        try (var in = base.resolve("/api/key?key=hello").toURL().openStream()) { // java.base only: no java.net.http in syna.cli
            body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertTrue(body.contains("\"value\":\"world\""), body);
        t.interrupt();
        t.join(10_000);
        assertEquals(ExitCodes.OK, exit.get(), err.toString());
        try (Database d = Syna.open(db)) { // closed and unlocked
            assertEquals("world", d.getText("hello"));
        }
    }

    @Test
    void badOptionsAreUsageErrors() {
        CliRunner.Result r = CliRunner.run("studio", dir.resolve("db").toString(), "--port", "70000");
        assertEquals(ExitCodes.USAGE, r.exit(), r.toString());
        assertTrue(r.err().contains("--port must be in 0..65535, got 70000"), r.toString());
        CliRunner.Result missing = CliRunner.run("studio", dir.resolve("none").toString(), "--port", "0");
        assertTrue(missing.exit() != ExitCodes.OK, missing.toString());
    }
}
