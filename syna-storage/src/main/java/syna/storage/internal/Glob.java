package syna.storage.internal;

import syna.api.InvalidArgumentException;

/**
 * Glob patterns over keys: {@code *} any run, {@code ?} one character, {@code [abc]} / {@code [a-z]}
 * a set, {@code [!abc]} its complement, {@code \x} a literal {@code x}. Immutable and thread-safe.
 */
final class Glob {
    private final String pattern;

    Glob(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            throw new InvalidArgumentException("glob pattern must be non-empty");
        }
        this.pattern = pattern;
        validate();
    }

    private void validate() {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
                if (i >= pattern.length()) {
                    throw new InvalidArgumentException("glob '" + pattern + "' ends with a lone backslash");
                }
            } else if (c == '[') {
                int close = setEnd(i);
                if (close < 0) {
                    throw new InvalidArgumentException("glob '" + pattern + "' has an unclosed '[' at index " + i);
                }
                i = close;
            }
        }
    }

    private boolean negated(int open) {
        return open + 1 < pattern.length() && (pattern.charAt(open + 1) == '!' || pattern.charAt(open + 1) == '^');
    }

    /** Index of the ']' closing the set opened at {@code open} (a ']' first in the set is literal), or -1. */
    private int setEnd(int open) {
        int first = negated(open) ? open + 2 : open + 1;
        return first >= pattern.length() ? -1 : pattern.indexOf(']', first + 1);
    }

    /** Literal text before the first wildcard: every match starts with it. */
    String literalPrefix() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?' || c == '[') {
                break;
            }
            if (c == '\\') {
                c = pattern.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    boolean matches(String s) {
        return match(0, s, 0);
    }

    private boolean match(int p, String s, int i) {
        while (p < pattern.length()) {
            char c = pattern.charAt(p);
            if (c == '*') {
                while (p < pattern.length() && pattern.charAt(p) == '*') {
                    p++;
                }
                if (p == pattern.length()) {
                    return true;
                }
                for (int k = i; k <= s.length(); k++) {
                    if (match(p, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (i >= s.length()) {
                return false;
            }
            char x = s.charAt(i);
            if (c == '?') {
                p++;
            } else if (c == '[') {
                int close = setEnd(p);
                boolean negate = negated(p);
                int from = negate ? p + 2 : p + 1;
                boolean in = false;
                for (int k = from; k < close; k++) {
                    char lo = pattern.charAt(k);
                    if (k + 2 < close && pattern.charAt(k + 1) == '-') {
                        in |= x >= lo && x <= pattern.charAt(k + 2);
                        k += 2;
                    } else {
                        in |= x == lo;
                    }
                }
                if (in == negate) {
                    return false;
                }
                p = close + 1;
            } else {
                if (c == '\\') {
                    c = pattern.charAt(++p);
                }
                if (c != x) {
                    return false;
                }
                p++;
            }
            i++;
        }
        return i == s.length();
    }
}
