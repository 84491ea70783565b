package syna.bench.ann;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Text every Debian machine has: man pages (groff, gzipped) and plain-text docs under /usr/share/doc, cut
 * into distinct sentences of 6 to 60 words. Files are walked in sorted order, so the corpus is reproducible
 * on a given machine. Not thread-safe.
 */
final class Corpus {
    private static final Pattern ESCAPES = Pattern.compile("\\\\f[A-Z0-9]|\\\\f\\([A-Z]{2}|\\\\\\(..|\\\\[-&e|^ ]|\\\\\\*\\(..|\\\\\\*.|\\\\s[-+]?\\d");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[A-Z])");

    private Corpus() {}

    static List<String> sentences(int max, List<Path> roots) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            List<Path> files;
            try (Stream<Path> s = Files.walk(root)) {
                files = s.filter(Files::isRegularFile).filter(Corpus::textLike).sorted().toList();
            }
            for (Path f : files) {
                if (out.size() >= max) {
                    return new ArrayList<>(out);
                }
                try {
                    read(f, out, max);
                } catch (IOException | RuntimeException e) {
                    // unreadable or binary file: skip it, the corpus is large enough without it
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static boolean textLike(Path p) {
        String n = p.getFileName().toString();
        if (n.startsWith("changelog") || n.startsWith("copyright") || n.startsWith("NEWS")) {
            return false;
        }
        return p.toString().contains("/man/") ? n.endsWith(".gz") : n.endsWith(".txt") || n.startsWith("README")
                || n.endsWith(".md") || n.endsWith(".txt.gz") || n.startsWith("README") && n.endsWith(".gz");
    }

    private static void read(Path f, Set<String> out, int max) throws IOException {
        InputStream in = Files.newInputStream(f);
        if (f.toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        boolean groff = f.toString().contains("/man/");
        StringBuilder para = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null && out.size() < max) {
                if (groff && (line.startsWith(".") || line.startsWith("'"))) {
                    if (line.startsWith(".PP") || line.startsWith(".SH") || line.startsWith(".TP") || line.startsWith(".IP")) {
                        flush(para, out, max);
                    }
                    continue;
                }
                String t = groff ? ESCAPES.matcher(line).replaceAll("") : line;
                t = t.strip();
                if (t.isEmpty()) {
                    flush(para, out, max);
                } else {
                    para.append(t).append(' ');
                }
            }
            flush(para, out, max);
        }
    }

    private static void flush(StringBuilder para, Set<String> out, int max) {
        if (para.isEmpty()) {
            return;
        }
        for (String s : SENTENCE_END.split(para.toString().replaceAll("\\s+", " ").strip())) {
            int words = s.split(" ").length;
            long letters = s.chars().filter(Character::isLetter).count();
            if (words >= 6 && words <= 60 && letters * 2 > s.length() && out.size() < max) {
                out.add(s);
            }
        }
        para.setLength(0);
    }
}
