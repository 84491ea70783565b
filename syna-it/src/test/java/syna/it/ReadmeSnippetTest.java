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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's Java snippets, compiled against the built jars and run in a child JVM in a scratch folder:
 * each is wrapped in a {@code main} after a prelude that declares the variables it uses
 * ({@code readings}, {@code embedding}, ...), and must finish without an exception.
 */
class ReadmeSnippetTest {
    /** What each snippet assumes is in scope. */
    private static final Map<String, String> PRELUDE = Map.of(
            "kv", "double[] readings = {21.6, 21.7, 21.8};",
            "vectors", String.join("\n",
                    "Path dir = Path.of(\"vectors-db\");",
                    "float[] embedding = random(384, 1);",
                    "float[] query = random(384, 2);",
                    "List<String> keys = List.of(\"bulk-1\", \"bulk-2\");",
                    "List<float[]> vectors = List.of(random(384, 3), random(384, 4));"));

    @ParameterizedTest
    @ValueSource(strings = {"kv", "vectors"})
    void snippetCompilesAndRuns(String name) throws IOException, InterruptedException {
        Readme.Block block = Readme.get().block(name);
        assertEquals("java", block.language(), name);
        Path work = Fixtures.work().resolve("readme-snippets").resolve(name);
        Fixtures.deleteTree(work);
        Path src = Files.createDirectories(work.resolve("src"));
        String cls = "ReadmeSnippet";
        String source = """
                import java.nio.file.Path;
                import java.util.*;
                import syna.api.*;

                public final class %s {
                    public static void main(String[] args) throws Exception {
                %s
                        // ---- README block '%s' (line %d) ----
                %s
                        // ----
                        System.out.println("README snippet ran");
                    }

                    static float[] random(int dim, long seed) {
                        Random r = new Random(seed);
                        float[] v = new float[dim];
                        for (int i = 0; i < dim; i++) {
                            v[i] = (float) r.nextGaussian();
                        }
                        return v;
                    }
                }
                """.formatted(cls, PRELUDE.get(name), name, block.line(), block.text());
        Path file = Files.writeString(src.resolve(cls + ".java"), source, StandardCharsets.UTF_8);
        String modulePath = BuiltModules.get().jars().stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));
        Path classes = work.resolve("classes");
        Fixtures.compile(List.of(file), List.of("-d", classes.toString(), "--module-path", modulePath,
                "--add-modules", "syna.api"));
        Path run = Files.createDirectories(work.resolve("run"));
        List<String> cmd = new ArrayList<>(List.of(Processes.jdkTool("java"), "--module-path", modulePath,
                "--add-modules", "syna.api,syna.storage", "-cp", classes.toString(), cls));
        Processes.Result r = Processes.run(cmd, run, Map.of(), new byte[0], 120);
        assertEquals(0, r.status(), () -> "README block '" + name + "' failed:\n" + source + "\n" + r);
        assertTrue(r.output().contains("README snippet ran"), r::toString);
    }
}
