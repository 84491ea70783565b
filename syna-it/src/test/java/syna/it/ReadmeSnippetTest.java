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
import java.util.stream.Stream;
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
            "kv", String.join("\n",
                    "double[] readings = {21.6, 21.7, 21.8};",
                    "long t0 = 1_700_000_000_000_000L;",
                    "long[] timesMicros = {t0, t0 + 1_000_000, t0 + 2_000_000};",
                    "double[] values = {1.5, 2.5, 3.5};"),
            "index-options", String.join("\n",
                    "Database db = Syna.open(Path.of(\"index-db\"));",
                    "VectorStore store = Syna.vectorStore(db, \"docs\", VectorStoreOptions.builder(384).build());",
                    "store.insert(\"a\", random(384, 1));",
                    "float[] q = random(384, 2);"),
            "tensors", String.join("\n",
                    "Database db = Syna.open(Path.of(\"tensor-db\"));",
                    "Tensor rows = Tensor.ofFloats(new float[4 * 768]).reshape(Shape.of(4, 768));"),
            "vectors", String.join("\n",
                    "Path dir = Path.of(\"vectors-db\");",
                    "float[] embedding = random(384, 1);",
                    "float[] query = random(384, 2);",
                    "List<String> keys = List.of(\"bulk-1\", \"bulk-2\");",
                    "List<float[]> vectors = List.of(random(384, 3), random(384, 4));"));

    /** Imports and modules a snippet needs beyond {@code syna.api}. */
    private static final Map<String, List<String>> MODULES = Map.of(
            "index-options", List.of("syna.index.gwi", "syna.index.cascade"),
            "tensors", List.of("syna.tensor"));

    @ParameterizedTest
    @ValueSource(strings = {"kv", "vectors", "index-options", "tensors"})
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
                %s
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
                """.formatted(imports(name), cls, PRELUDE.get(name), name, block.line(), block.text());
        Path file = Files.writeString(src.resolve(cls + ".java"), source, StandardCharsets.UTF_8);
        String modulePath = BuiltModules.get().jars().stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));
        Path classes = work.resolve("classes");
        String modules = String.join(",", Stream.concat(Stream.of("syna.api"),
                MODULES.getOrDefault(name, List.of()).stream()).toList());
        Fixtures.compile(List.of(file), List.of("-d", classes.toString(), "--module-path", modulePath,
                "--add-modules", modules));
        Path run = Files.createDirectories(work.resolve("run"));
        List<String> cmd = new ArrayList<>(List.of(Processes.jdkTool("java"), "--module-path", modulePath,
                "--add-modules", modules + ",syna.storage", "-cp", classes.toString(), cls));
        Processes.Result r = Processes.run(cmd, run, Map.of(), new byte[0], 120);
        assertEquals(0, r.status(), () -> "README block '" + name + "' failed:\n" + source + "\n" + r);
        assertTrue(r.output().contains("README snippet ran"), r::toString);
    }

    private static String imports(String name) {
        StringBuilder b = new StringBuilder();
        for (String module : MODULES.getOrDefault(name, List.of())) {
            b.append("import ").append(module).append(".*;\n");
        }
        if (name.equals("tensors")) {
            b.append("import java.lang.foreign.MemorySegment;\n");
        }
        return b.toString();
    }
}
