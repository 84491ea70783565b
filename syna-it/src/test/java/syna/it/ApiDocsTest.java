package syna.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.DocumentationTool;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an IDE shows a user of {@code syna.api}: the entry points document every parameter, return value
 * and exception (javadoc's doclint, "missing" group included, must be silent on them; the build's
 * javadoc jar runs doclint on everything but that group), and every public type of package
 * {@code syna.api} says whether it is thread-safe.
 */
class ApiDocsTest {
    /** The types a user meets first; doclint "all" must find nothing in them. */
    private static final List<String> FULLY_DOCUMENTED = List.of("Database", "KeySpace", "Syna", "VectorStore", "DatabaseStats",
            "VerifyReport", "ProviderNotFoundException");
    private static final Path SOURCES = Path.of(System.getProperty("syna.it.root"), "syna-api", "src", "main", "java");

    @TempDir
    Path out;

    @Test
    void entryPointsDocumentEveryParameterReturnAndException() throws IOException {
        DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(SOURCES)) {
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        try (StandardJavaFileManager fm = javadoc.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            Boolean ok = javadoc.getTask(new StringWriter(), fm, diagnostics, null,
                    List.of("-Xdoclint:all", "-Xmaxwarns", "100000", "-quiet", "-d", out.toString()),
                    fm.getJavaFileObjectsFromPaths(files)).call();
            List<String> found = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                String file = d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName().toString();
                if (d.getKind() == Diagnostic.Kind.ERROR || FULLY_DOCUMENTED.contains(file.replace(".java", ""))) {
                    found.add(file + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT));
                }
            }
            assertEquals(List.of(), found);
            assertEquals(Boolean.TRUE, ok);
        }
    }

    @Test
    void everyPublicTypeSaysWhetherItIsThreadSafe() throws IOException {
        Pattern typeDoc = Pattern.compile("/\\*\\*((?:(?!\\*/).)*)\\*/\\s*(?:@\\w+(?:\\([^)]*\\))?\\s*)*public ",
                Pattern.DOTALL);
        List<String> silent = new ArrayList<>();
        try (Stream<Path> s = Files.list(SOURCES.resolve("syna/api"))) {
            for (Path f : s.filter(p -> p.toString().endsWith(".java") && !p.endsWith("package-info.java")).sorted().toList()) {
                Matcher m = typeDoc.matcher(Files.readString(f));
                if (!m.find() || !m.group(1).toLowerCase(Locale.ROOT).matches("(?s).*(thread-safe|thread safe|one per thread).*")) {
                    silent.add(f.getFileName().toString());
                }
            }
        }
        assertEquals(List.of(), silent, "class Javadoc must say Thread-safe / Not thread-safe; one per thread");
    }
}
