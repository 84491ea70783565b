package syna.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced code blocks of the project README (system property {@value #PROPERTY}), each named by the
 * {@code <!-- readme-check: NAME -->} line right above it, so tests can compile and run them and the
 * README cannot drift from the code. Thread-safe (immutable).
 */
final class Readme {
    static final String PROPERTY = "syna.it.readme";
    private static final Pattern MARKER = Pattern.compile("<!-- readme-check: (\\S+)(?: (.*))? -->");

    /** One fenced block: its marker name (null when unmarked), the marker's note, language, text, line. */
    record Block(String name, String note, String language, String text, int line) {}

    private final Path file;
    private final String content;
    private final List<Block> blocks;

    private Readme(Path file, String content, List<Block> blocks) {
        this.file = file;
        this.content = content;
        this.blocks = blocks;
    }

    /** The README of this build. */
    static Readme get() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            throw new IllegalStateException("system property " + PROPERTY + " is not set: run the tests through Maven");
        }
        return parse(Path.of(p));
    }

    static Readme parse(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> lines = text.lines().toList();
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith("```")) {
                continue;
            }
            String language = line.substring(3).strip();
            int start = i + 1;
            int end = start;
            while (end < lines.size() && !lines.get(end).startsWith("```")) {
                end++;
            }
            if (end >= lines.size()) {
                throw new IllegalStateException(file + ":" + (i + 1) + ": unclosed code block");
            }
            String name = null;
            String note = null;
            if (i > 0) {
                Matcher m = MARKER.matcher(lines.get(i - 1).strip());
                if (m.matches()) {
                    name = m.group(1);
                    note = m.group(2);
                }
            }
            out.add(new Block(name, note, language, String.join("\n", lines.subList(start, end)) + "\n", i + 1));
            i = end;
        }
        return new Readme(file, text, List.copyOf(out));
    }

    Path file() {
        return file;
    }

    /** The whole text. */
    String content() {
        return content;
    }

    List<Block> blocks() {
        return blocks;
    }

    /** The block named {@code name}; fails when there is none or more than one. */
    Block block(String name) {
        List<Block> found = blocks.stream().filter(b -> name.equals(b.name())).toList();
        if (found.size() != 1) {
            throw new AssertionError(file + " must have exactly one block marked <!-- readme-check: " + name
                    + " -->, found " + found.size());
        }
        return found.getFirst();
    }

    /** Blocks by name (unmarked ones left out). */
    Map<String, Block> byName() {
        Map<String, Block> m = new LinkedHashMap<>();
        blocks.stream().filter(b -> b.name() != null).forEach(b -> m.put(b.name(), b));
        return m;
    }

    /** The first inline code span of the README that starts with {@code prefix}. */
    String inlineCode(String prefix) {
        Matcher m = Pattern.compile("`(" + Pattern.quote(prefix) + "[^`]*)`").matcher(content);
        if (!m.find()) {
            throw new AssertionError(file + " has no inline code starting with " + prefix);
        }
        return m.group(1);
    }
}
