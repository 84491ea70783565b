package syna.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import syna.api.InvalidArgumentException;

class GlobTest {
    @Test
    void matchesLikeAShell() {
        assertTrue(new Glob("a*").matches("a"));
        assertTrue(new Glob("a*c").matches("abbbc"));
        assertFalse(new Glob("a*c").matches("abbbd"));
        assertTrue(new Glob("a?c").matches("abc"));
        assertFalse(new Glob("a?c").matches("ac"));
        assertTrue(new Glob("[a-c]x").matches("bx"));
        assertFalse(new Glob("[!a-c]x").matches("bx"));
        assertTrue(new Glob("[^a-c]x").matches("dx"));
        assertTrue(new Glob("[]]").matches("]"));
        assertTrue(new Glob("[!]]").matches("a"));
        assertFalse(new Glob("[!]]").matches("]"));
        assertTrue(new Glob("\\*").matches("*"));
        assertFalse(new Glob("\\*").matches("x"));
        assertTrue(new Glob("**").matches(""));
        assertEquals("sensor/", new Glob("sensor/*").literalPrefix());
        assertEquals("a*b", new Glob("a\\*b?").literalPrefix());
    }

    @Test
    void rejectsMalformedPatterns() {
        for (String bad : new String[] {"", "[abc", "[!]", "[", "x\\"}) {
            assertThrows(InvalidArgumentException.class, () -> new Glob(bad), bad);
        }
    }

    /** Failed before: "a*" x 12 + "b" over keys of forty a's backtracked exponentially (no return within 60 s). */
    @Test
    void matchingIsPolynomialNotExponential() {
        Glob g = new Glob("a*".repeat(40) + "b");
        String key = "a".repeat(65_000);
        long steps = 0;
        for (int i = 0; i < 50; i++) {
            assertFalse(g.matches(key.substring(0, 40 + i)));
            steps++;
        }
        assertFalse(g.matches(key), "a 65,000-character key against 81 tokens: at most 5.3M steps");
        assertTrue(g.matches("a".repeat(40) + "b"));
        assertTrue(new Glob("*a*a*a*").matches("xaxaxax"));
        assertFalse(new Glob("*a*a*a*").matches("xaxax"));
        assertTrue(steps > 0);
    }

    @Test
    void everyFormAgreesWithARegexOracle() {
        java.util.Random r = new java.util.Random(12);
        String alphabet = "ab*?[]!-\\";
        for (int n = 0; n < 20_000; n++) {
            StringBuilder p = new StringBuilder();
            for (int k = 1 + r.nextInt(8); k > 0; k--) {
                p.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            Glob g;
            try {
                g = new Glob(p.toString());
            } catch (InvalidArgumentException e) {
                continue;
            }
            java.util.regex.Pattern re;
            try {
                re = java.util.regex.Pattern.compile(regex(p.toString()), java.util.regex.Pattern.DOTALL);
            } catch (java.util.regex.PatternSyntaxException e) {
                continue; // a range like [b-a], empty for the glob, is not a regex
            }
            for (int m = 0; m < 10; m++) {
                StringBuilder s = new StringBuilder();
                for (int k = r.nextInt(7); k > 0; k--) {
                    s.append("ab-]!*".charAt(r.nextInt(6)));
                }
                assertEquals(re.matcher(s).matches(), g.matches(s.toString()), p + " vs " + s);
            }
        }
    }

    /** The same pattern as a java.util.regex (slow, independent: the oracle). */
    private static String regex(String p) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '*') {
                sb.append(".*");
            } else if (c == '?') {
                sb.append('.');
            } else if (c == '\\') {
                sb.append(java.util.regex.Pattern.quote(String.valueOf(p.charAt(++i))));
            } else if (c == '[') {
                boolean neg = i + 1 < p.length() && (p.charAt(i + 1) == '!' || p.charAt(i + 1) == '^');
                int first = neg ? i + 2 : i + 1;
                int close = p.indexOf(']', first + 1);
                sb.append(neg ? "[^" : "[");
                for (int k = first; k < close; k++) {
                    char lo = p.charAt(k);
                    if (k + 2 < close && p.charAt(k + 1) == '-') {
                        sb.append("\\x{").append(Integer.toHexString(lo)).append("}-\\x{")
                                .append(Integer.toHexString(p.charAt(k + 2))).append('}');
                        k += 2;
                    } else {
                        sb.append("\\x{").append(Integer.toHexString(lo)).append('}');
                    }
                }
                sb.append(']');
                i = close;
            } else {
                sb.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return sb.toString();
    }

    @Test
    void patternsAreBounded() {
        assertThrows(InvalidArgumentException.class, () -> new Glob("*".repeat(Glob.MAX_PATTERN + 1)));
        assertEquals("", new Glob("**").literalPrefix());
    }
}
