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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's logging block: with the artifact it names (and slf4j-simple as the backend) on the module
 * path, Syna's {@code System.Logger} lines come out through SLF4J, one line each. The program opens a
 * database with a torn tail, which logs one WARNING.
 */
class ReadmeLoggingTest {
    static final String PROPERTY = "syna.it.slf4j";

    @Test
    void systemLoggerGoesToSlf4j() throws IOException, InterruptedException {
        String block = Readme.get().block("logging").text();
        Matcher artifact = Pattern.compile("<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>").matcher(block);
        assertTrue(artifact.find(), block);
        Path slf4j = Path.of(System.getProperty(PROPERTY));
        List<Path> jars;
        try (Stream<Path> s = Files.list(slf4j)) {
            jars = s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        String named = artifact.group(1) + "-" + artifact.group(2) + ".jar";
        assertTrue(jars.stream().anyMatch(j -> j.getFileName().toString().equals(named)),
                () -> "the README names " + named + "; the test has " + jars);

        Path work = Fixtures.work().resolve("readme-logging");
        Fixtures.deleteTree(work);
        Path src = Files.createDirectories(work.resolve("src"));
        Path file = Files.writeString(src.resolve("TornTail.java"), """
                import java.nio.file.*;
                import syna.api.*;

                public final class TornTail {
                    public static void main(String[] args) throws Exception {
                        Path dir = Path.of(args[0]);
                        try (Database db = Syna.open(dir)) {
                            db.putText("k", "v");
                        }
                        Files.write(dir.resolve("data.log"), new byte[] {1, 2, 3, 4, 5, 6, 7}, StandardOpenOption.APPEND);
                        try (Database db = Syna.open(dir)) {
                            System.out.println("reopened " + db.getText("k"));
                        }
                    }
                }
                """, StandardCharsets.UTF_8);
        List<Path> all = new ArrayList<>(BuiltModules.get().jars());
        all.addAll(jars);
        String modulePath = all.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        Path classes = work.resolve("classes");
        Fixtures.compile(List.of(file), List.of("-d", classes.toString(), "--module-path", modulePath, "--add-modules", "syna.api"));
        Processes.Result r = Processes.run(List.of(Processes.jdkTool("java"), "--module-path", modulePath,
                "--add-modules", "syna.api,syna.storage,org.slf4j.jdk.platform.logging,org.slf4j.simple",
                "-cp", classes.toString(), "TornTail", work.resolve("db").toString()), work, Map.of(), new byte[0], 120);
        System.out.println("[syna-it] System.Logger through SLF4J:\n" + r.output().strip());
        assertEquals(0, r.status(), r::toString);
        List<String> torn = r.output().lines().filter(l -> l.contains("torn tail")).toList();
        assertEquals(1, torn.size(), r::toString);
        assertTrue(torn.getFirst().contains(" WARN ") && torn.getFirst().contains("dropped 7 bytes of torn tail"),
                "slf4j-simple's format, the message formatted: " + torn);
        assertTrue(r.output().contains("reopened v"), r::toString);
    }
}
