package syna.storage.internal;

import java.util.ArrayList;
import java.util.List;
import syna.api.InvalidArgumentException;

/**
 * Glob patterns over keys: {@code *} any run (also {@code **}: keys have no path segments),
 * {@code ?} one character, {@code [abc]} / {@code [a-z]} a set, {@code [!abc]} / {@code [^abc]}
 * its complement, {@code \x} a literal {@code x}. The pattern is compiled once into tokens; matching
 * is the two-pointer wildcard walk that resumes after the last star on a mismatch, so it takes at
 * most (key length) x (pattern length) steps, never exponential time, and patterns are at most
 * {@value #MAX_PATTERN} characters. Immutable and thread-safe.
 */
final class Glob {
    /** Longest pattern accepted (keys are at most 65,535 bytes; a longer pattern matches nothing useful). */
    static final int MAX_PATTERN = 4096;

    /** One token: a literal character, any character, a star, or a set of ranges. */
    private record Token(int kind, char c, char[] ranges, boolean negate) {
        static final int LITERAL = 0;
        static final int ANY = 1;
        static final int STAR = 2;
        static final int SET = 3;

        boolean matches(char x) {
            return switch (kind) {
                case LITERAL -> x == c;
                case ANY -> true;
                case SET -> {
                    boolean in = false;
                    for (int k = 0; k < ranges.length && !in; k += 2) {
                        in = x >= ranges[k] && x <= ranges[k + 1];
                    }
                    yield in != negate;
                }
                default -> false;
            };
        }
    }

    private final String pattern;
    private final Token[] tokens;
    private final String literalPrefix;

    Glob(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            throw new InvalidArgumentException("glob pattern must be non-empty, got " + (pattern == null ? "null" : "\"\""));
        }
        if (pattern.length() > MAX_PATTERN) {
            throw new InvalidArgumentException("glob pattern of " + pattern.length() + " characters exceeds the limit of "
                    + MAX_PATTERN);
        }
        this.pattern = pattern;
        this.tokens = compile();
        StringBuilder sb = new StringBuilder();
        for (Token t : tokens) {
            if (t.kind() != Token.LITERAL) {
                break;
            }
            sb.append(t.c());
        }
        this.literalPrefix = sb.toString();
    }

    private Token[] compile() {
        List<Token> out = new ArrayList<>();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> {
                    if (out.isEmpty() || out.getLast().kind() != Token.STAR) { // ** is *
                        out.add(new Token(Token.STAR, c, null, false));
                    }
                }
                case '?' -> out.add(new Token(Token.ANY, c, null, false));
                case '\\' -> {
                    if (++i >= pattern.length()) {
                        throw new InvalidArgumentException("glob '" + pattern + "' ends with a lone backslash");
                    }
                    out.add(new Token(Token.LITERAL, pattern.charAt(i), null, false));
                }
                case '[' -> {
                    boolean negate = i + 1 < pattern.length() && (pattern.charAt(i + 1) == '!' || pattern.charAt(i + 1) == '^');
                    int first = negate ? i + 2 : i + 1;
                    int close = first >= pattern.length() ? -1 : pattern.indexOf(']', first + 1); // a ']' first is literal
                    if (close < 0) {
                        throw new InvalidArgumentException("glob '" + pattern + "' has an unclosed '[' at index " + i);
                    }
                    StringBuilder ranges = new StringBuilder();
                    for (int k = first; k < close; k++) {
                        char lo = pattern.charAt(k);
                        if (k + 2 < close && pattern.charAt(k + 1) == '-') {
                            ranges.append(lo).append(pattern.charAt(k + 2));
                            k += 2;
                        } else {
                            ranges.append(lo).append(lo);
                        }
                    }
                    out.add(new Token(Token.SET, c, ranges.toString().toCharArray(), negate));
                    i = close;
                }
                default -> out.add(new Token(Token.LITERAL, c, null, false));
            }
        }
        return out.toArray(Token[]::new);
    }

    /** Literal text before the first wildcard: every match starts with it. */
    String literalPrefix() {
        return literalPrefix;
    }

    boolean matches(String s) {
        int p = 0;
        int i = 0;
        int starP = -1; // token after the last star seen
        int starI = -1; // key position that star's run is to end at next
        int n = s.length();
        while (i < n) {
            if (p < tokens.length && tokens[p].kind() != Token.STAR && tokens[p].matches(s.charAt(i))) {
                p++;
                i++;
            } else if (p < tokens.length && tokens[p].kind() == Token.STAR) {
                starP = ++p;
                starI = i;
            } else if (starP >= 0) {
                p = starP; // let the last star take one more character and retry after it
                i = ++starI;
            } else {
                return false;
            }
        }
        while (p < tokens.length && tokens[p].kind() == Token.STAR) {
            p++;
        }
        return p == tokens.length;
    }

    @Override
    public String toString() {
        return "Glob[" + pattern + "]";
    }
}
