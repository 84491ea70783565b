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
}
