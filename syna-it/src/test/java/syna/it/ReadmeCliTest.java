package syna.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's {@code ./syna} lines (set-up and CLI blocks), run in order in one scratch folder with the
 * built CLI in place of the launcher script ({@code java -m syna.cli}, what {@code ./syna} runs after its
 * build). A shell line gets the commands its comment names after "then:" on standard input. The
 * {@code ./mvnw} and {@code export} lines are not run here: they are the build itself, which CI runs.
 */
class ReadmeCliTest {
    @Test
    void theReadmeSynaCommandsRun() throws IOException, InterruptedException {
        Readme readme = Readme.get();
        Path work = Fixtures.work().resolve("readme-cli");
        Fixtures.deleteTree(work);
        Files.createDirectories(work);
        String modulePath = BuiltModules.get().jars().stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));
        int ran = 0;
        for (String name : List.of("setup", "cli")) {
            for (String raw : readme.block(name).text().lines().toList()) {
                String line = ReadmeApp.withoutComment(raw);
                if (!line.startsWith("./syna ")) {
                    assertTrue(line.isEmpty() || line.startsWith("./mvnw ") || line.startsWith("export "),
                            () -> "a README line this test neither runs nor knows: " + raw);
                    continue;
                }
                List<String> cmd = new ArrayList<>(List.of(Processes.jdkTool("java"), "--module-path", modulePath,
                        "--add-modules", "syna.storage,syna.index.hnsw", "-m", "syna.cli"));
                cmd.addAll(List.of(line.substring("./syna ".length()).strip().split("\\s+")));
                byte[] stdin = new byte[0];
                int then = raw.indexOf("then: ");
                if (line.startsWith("./syna shell ") && then >= 0) {
                    stdin = (String.join("\n", raw.substring(then + 6).strip().split(", ")) + "\n")
                            .getBytes(StandardCharsets.UTF_8);
                }
                Processes.Result r = Processes.run(cmd, work, Map.of(), stdin, 300);
                System.out.println("[syna-it] README: " + line + " -> exit " + r.status());
                assertEquals(0, r.status(), () -> raw + "\n" + r);
                assertTrue(!r.output().contains("error:"), () -> raw + "\n" + r);
                if (line.startsWith("./syna shell ")) {
                    assertTrue(r.output().contains("text North greenhouse site"), () -> raw + "\n" + r);
                }
                ran++;
            }
        }
        assertTrue(ran >= 3, "expected the demo, shell and vectors lines, ran " + ran);
    }
}
