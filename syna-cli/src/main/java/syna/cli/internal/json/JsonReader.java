package syna.cli.internal.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 JSON parser: one value per text, no comments, no trailing commas, no leading
 * zeros, no NaN literals, unpaired surrogates only through escapes. Errors name line and column.
 * Nesting is bounded so hostile input cannot overflow the stack. Not thread-safe; one per thread
 * (the static {@link #parse} methods are thread-safe).
 */
public final class JsonReader {
    /** Deepest nesting of arrays and objects accepted. */
    public static final int MAX_DEPTH = 256;

    private final String text;
    private final int firstLine;
    private int pos;
    private int line;
    private int lineStart;

    private JsonReader(String text, int firstLine) {
        this.text = text;
        this.firstLine = firstLine;
        this.line = firstLine;
    }

    /** Parses {@code text}, which must hold exactly one JSON value (whitespace around it is fine). */
    public static JsonValue parse(String text) {
        return parse(text, 1);
    }

    /** As {@link #parse(String)}, numbering lines from {@code firstLine} (for one line of a file). */
    public static JsonValue parse(String text, int firstLine) {
        JsonReader r = new JsonReader(text, firstLine);
        r.skipWhitespace();
        if (r.pos >= text.length()) {
            throw r.error("expected a JSON value, found end of input");
        }
        JsonValue v = r.value(0);
        r.skipWhitespace();
        if (r.pos < text.length()) {
            throw r.error("expected end of input after the value, found " + r.describeCurrent());
        }
        return v;
    }

    private JsonValue value(int depth) {
        if (pos >= text.length()) {
            throw error("expected a JSON value, found end of input");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case '"' -> new JsonValue.JsonString(string());
            case 't' -> literal("true", new JsonValue.JsonBoolean(true));
            case 'f' -> literal("false", new JsonValue.JsonBoolean(false));
            case 'n' -> literal("null", JsonValue.JsonNull.INSTANCE);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("expected a JSON value, found " + describeCurrent());
            }
        };
    }

    private JsonValue object(int depth) {
        checkDepth(depth);
        pos++; // '{'
        Map<String, JsonValue> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return new JsonValue.JsonObject(members);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a member name in double quotes, found " + describeCurrent());
            }
            int nameLine = line;
            int nameColumn = column();
            String name = string();
            skipWhitespace();
            expect(':', "':' after member name");
            skipWhitespace();
            JsonValue v = value(depth);
            if (members.putIfAbsent(name, v) != null) {
                throw new JsonParseException(nameLine, nameColumn, "duplicate member name \"" + name + "\"");
            }
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                return new JsonValue.JsonObject(members);
            } else {
                throw error("expected ',' or '}' in object, found " + describeCurrent());
            }
        }
    }

    private JsonValue array(int depth) {
        checkDepth(depth);
        pos++; // '['
        List<JsonValue> elements = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return new JsonValue.JsonArray(elements);
        }
        while (true) {
            skipWhitespace();
            elements.add(value(depth));
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == ']') {
                pos++;
                return new JsonValue.JsonArray(elements);
            } else {
                throw error("expected ',' or ']' in array, found " + describeCurrent());
            }
        }
    }

    private String string() {
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string: expected '\"', found end of input");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return sb.toString();
            }
            if (c == '\\') {
                pos++;
                sb.append(escape());
            } else if (c < 0x20) {
                throw error("control character U+" + String.format("%04X", (int) c)
                        + " in string; write it as an escape such as \\n or \\u" + String.format("%04X", (int) c));
            } else {
                sb.append(c);
                pos++;
            }
        }
    }

    private char escape() {
        if (pos >= text.length()) {
            throw error("unterminated escape at end of input");
        }
        char c = text.charAt(pos++);
        return switch (c) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> {
                if (pos + 4 > text.length()) {
                    pos--;
                    throw error("incomplete \\u escape: expected 4 hex digits");
                }
                int v = 0;
                for (int i = 0; i < 4; i++) {
                    int d = Character.digit(text.charAt(pos + i), 16);
                    if (d < 0) {
                        pos += i;
                        throw error("bad \\u escape: expected a hex digit, found " + describeCurrent());
                    }
                    v = v * 16 + d;
                }
                pos += 4;
                yield (char) v;
            }
            default -> {
                pos--;
                throw error("bad escape '\\" + printable(c) + "': use one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
            }
        };
    }

    private JsonValue number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw error("leading zero in number");
            }
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("expected a digit in number, found " + describeCurrent());
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after '.', found " + describeCurrent());
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in exponent, found " + describeCurrent());
            }
            digits();
        }
        return new JsonValue.JsonNumber(text.substring(start, pos));
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private JsonValue literal(String word, JsonValue v) {
        if (!text.startsWith(word, pos)) {
            throw error("expected a JSON value, found " + describeCurrent());
        }
        pos += word.length();
        return v;
    }

    private void expect(char c, String what) {
        if (peek() != c) {
            throw error("expected " + what + ", found " + describeCurrent());
        }
        pos++;
    }

    private void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
    }

    /** The current character, or NUL at the end (never valid where it is tested). */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
                lineStart = pos + 1;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private int column() {
        return pos - lineStart + 1;
    }

    private String describeCurrent() {
        return pos >= text.length() ? "end of input" : "'" + printable(text.charAt(pos)) + "'";
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7F ? String.format("\\u%04X", (int) c) : String.valueOf(c);
    }

    private JsonParseException error(String problem) {
        return new JsonParseException(line, column(), problem);
    }

    @Override
    public String toString() {
        return "JsonReader[firstLine=" + firstLine + ", pos=" + pos + "]";
    }
}
