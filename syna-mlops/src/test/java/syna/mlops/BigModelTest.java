package syna.mlops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saves and streams back a model four times larger than the heap of the process doing it. */
class BigModelTest {

    @Test
    void aModelLargerThanTheHeapIsSavedAndStreamedInChunks(@TempDir Path dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "-Xmx32m",
                "--module-path", System.getProperty("jdk.module.path"),
                "--patch-module", "syna.mlops=" + Path.of("target", "test-classes").toAbsolutePath(),
                "--add-modules", "syna.storage",
                "-m", "syna.mlops/" + BigModelChild.class.getName(), dir.toString(), "128"))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("OK " + (128L << 20) + " "), out);
    }
}
