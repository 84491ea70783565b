package syna.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's LangChain4j block (marked {@code <!-- readme-check: lc4j -->}), compiled against this
 * module's test class path and run in a child JVM in a scratch folder, after a prelude that declares the
 * variables it uses. syna-it checks that every README block has such a test; this one lives here because
 * LangChain4j is not among syna-it's modules.
 */
class ReadmeLangChain4jTest {
    private static final Pattern BLOCK = Pattern.compile("<!-- readme-check: lc4j -->\\n```java\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void readmeBlockCompilesAndRuns() throws IOException, InterruptedException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        Matcher m = BLOCK.matcher(readme);
        assertThat(m.find()).as("README block lc4j").isTrue();
        String source = """
                import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;

                import dev.langchain4j.data.document.Metadata;
                import dev.langchain4j.data.embedding.Embedding;
                import dev.langchain4j.data.segment.TextSegment;
                import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
                import java.nio.file.Path;
                import java.util.*;
                import syna.api.*;
                import syna.langchain4j.SynaEmbeddingStore;

                public final class ReadmeLc4j {
                    public static void main(String[] args) throws Exception {
                        List<String> ids = List.of("doc-1", "doc-2");
                        List<Embedding> embeddings = List.of(random(1), random(2));
                        List<TextSegment> segments = List.of(
                                TextSegment.from("one", new Metadata().put("year", 2025)),
                                TextSegment.from("two", new Metadata().put("year", 2024)));
                        Embedding q = random(3);
                        try (Database db = Syna.open(Path.of("other-db"))) {
                // ---- README block lc4j ----
                %s
                // ----
                        }
                        System.out.println("README snippet ran");
                    }

                    static Embedding random(long seed) {
                        Random r = new Random(seed);
                        float[] v = new float[384];
                        for (int i = 0; i < v.length; i++) {
                            v[i] = (float) r.nextGaussian();
                        }
                        return Embedding.from(v);
                    }
                }
                """.formatted(m.group(1));
        Path src = Files.writeString(dir.resolve("ReadmeLc4j.java"), source);
        String classPath = System.getProperty("java.class.path");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int compiled = javac.run(null, diagnostics, diagnostics, "-proc:none", "-d", dir.resolve("classes").toString(),
                "-cp", classPath, src.toString());
        assertThat(compiled).as(() -> source + "\n" + diagnostics.toString(StandardCharsets.UTF_8)).isZero();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", dir.resolve("classes") + java.io.File.pathSeparator + classPath, "ReadmeLc4j")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // keep what was read
            }
        });
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        reader.join(5_000);
        String output = out.toString(StandardCharsets.UTF_8);
        assertThat(done).as("finished within 120 s: " + output).isTrue();
        assertThat(p.exitValue()).as(() -> source + "\n" + output).isZero();
        assertThat(output).contains("README snippet ran");
        assertThat(dir.resolve("rag-db")).as("the snippet's database, in its own folder").isDirectory();
    }
}
