package syna.cli.internal;

import java.util.ArrayList;
import java.util.List;
import syna.api.InvalidArgumentException;

/**
 * Splits a shell line into arguments as a POSIX shell would for the cases people type: white space
 * separates words; 'single quotes' keep everything; "double quotes" keep everything but a backslash
 * escapes {@code "} and {@code \}; outside quotes a backslash escapes the next character; a word
 * starting with {@code #} starts a comment. Thread-safe (stateless).
 */
final class ShellLine {
    private ShellLine() {}

    /** The arguments of {@code line}; {@link InvalidArgumentException} for an unclosed quote. */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '#' && !inWord) {
                break;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new InvalidArgumentException("unclosed ' at column " + (i + 1));
                }
                w.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                int j = i + 1;
                while (true) {
                    if (j >= n) {
                        throw new InvalidArgumentException("unclosed \" at column " + (i + 1));
                    }
                    char d = line.charAt(j);
                    if (d == '"') {
                        break;
                    }
                    if (d == '\\' && j + 1 < n && (line.charAt(j + 1) == '"' || line.charAt(j + 1) == '\\')) {
                        j++;
                        d = line.charAt(j);
                    }
                    w.append(d);
                    j++;
                }
                inWord = true;
                i = j + 1;
            } else if (c == '\\' && i + 1 < n) {
                w.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                w.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }
}
