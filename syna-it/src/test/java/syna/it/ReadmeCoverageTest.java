package syna.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every fenced block of the README is marked {@code <!-- readme-check: NAME -->}, and every name is one a
 * test runs (or {@code none} with the reason it cannot run), so a new block cannot go unchecked.
 */
class ReadmeCoverageTest {
    /** Each block name and the test that runs it. */
    static final Map<String, String> CHECKED = Map.ofEntries(
            Map.entry("setup", "ReadmeCliTest: runs the ./syna lines with the built CLI (./mvnw verify is what CI runs)"),
            Map.entry("app-commands", "ReadmeAppTest (step 3, module and class path), ExternalProjectTest (steps 1-2)"),
            Map.entry("app-pom", "ExternalProjectTest (profile external-project)"),
            Map.entry("app-module-info", "ReadmeAppTest"),
            Map.entry("app-main", "ReadmeAppTest"),
            Map.entry("jlink", "ReadmeAppTest"),
            Map.entry("logging", "ReadmeLoggingTest"),
            Map.entry("kv", "ReadmeSnippetTest"),
            Map.entry("vectors", "ReadmeSnippetTest"),
            Map.entry("index-options", "ReadmeSnippetTest"),
            Map.entry("tensors", "ReadmeSnippetTest"),
            Map.entry("lc4j", "syna-langchain4j ReadmeLangChain4jTest (LangChain4j is not among syna-it's modules)"),
            Map.entry("cli", "ReadmeCliTest"),
            Map.entry("c-example", "syna-native src/test/native/run-tests.sh: equals examples/hello.c, compiled and run"),
            Map.entry("python-quickstart", "syna-native src/test/python/test_readme.py (needs python3 and numpy)"),
            Map.entry("provider-error", "this test"));

    @Test
    void everyBlockIsMarkedWithANameATestRuns() {
        Readme readme = Readme.get();
        List<String> wrong = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Readme.Block b : readme.blocks()) {
            if (b.name() == null) {
                wrong.add("line " + b.line() + ": no <!-- readme-check: NAME --> line above the block");
            } else if (b.name().equals("none")) {
                if (b.note() == null || b.note().isBlank()) {
                    wrong.add("line " + b.line() + ": readme-check none needs the reason it cannot run");
                }
            } else if (!CHECKED.containsKey(b.name())) {
                wrong.add("line " + b.line() + ": no test runs block '" + b.name() + "'; known: " + CHECKED.keySet());
            } else if (seen.contains(b.name())) {
                wrong.add("line " + b.line() + ": block name '" + b.name() + "' used twice");
            } else {
                seen.add(b.name());
            }
        }
        assertEquals(List.of(), wrong, readme.file().toString());
        List<String> missing = CHECKED.keySet().stream().filter(n -> !seen.contains(n)).sorted().toList();
        assertEquals(List.of(), missing, "blocks the tests expect but the README lost");
    }

    @Test
    void theProviderErrorIsTheRealMessage() throws Exception {
        String shown = Readme.get().block("provider-error").text().strip();
        // syna.api alone: the built-in flat index is the only one, as in the README's example
        InLayer layer = InLayer.of(List.of(BuiltModules.get().api()), List.of("syna.api"));
        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> layer.get("VectorIndexProvider", "hnsw"));
        assertEquals(shown, e.getMessage());
        assertTrue(shown.contains("(Maven io.syna:syna-index-hnsw)"), shown);
    }
}
