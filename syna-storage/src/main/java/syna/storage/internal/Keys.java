package syna.storage.internal;

import java.nio.charset.StandardCharsets;
import syna.api.DatabaseOptions;
import syna.api.InvalidArgumentException;

/** Validation and strict UTF-8 encoding of keys and text. Stateless. */
final class Keys {
    private Keys() {}

    /** UTF-8 bytes of a user key; rejects null, empty, too long and unpaired surrogates. */
    static byte[] encode(String key) {
        return encode(key, DatabaseOptions.MAX_KEY_BYTES);
    }

    /** UTF-8 bytes of {@code key}, at most {@code maxBytes}; rejects null, empty, too long and unpaired surrogates. */
    static byte[] encode(String key, int maxBytes) {
        if (key == null || key.isEmpty()) {
            throw new InvalidArgumentException("key must be a non-empty string, got " + (key == null ? "null" : "\"\""));
        }
        checkSurrogates(key, "key");
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        if (b.length > maxBytes) {
            throw new InvalidArgumentException("key of " + b.length + " UTF-8 bytes exceeds the limit of "
                    + maxBytes + " (key starts with '" + key.substring(0, 32) + "')");
        }
        return b;
    }

    /**
     * UTF-8 bytes of {@code s}, or no bytes when it has an unpaired surrogate (which {@link
     * String#getBytes} would turn into a '?' that could equal another key).
     */
    static byte[] strictUtf8(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return new byte[0];
                }
            }
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes of the UTF-8 encoding of {@code s} (valid Unicode), counted without encoding it when it is ASCII. */
    static int utf8Length(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return s.length();
    }

    /** {@link String#hashCode} of the string whose UTF-8 bytes are {@code b[off, off + len)}, without making it when they are ASCII. */
    static int hashOfUtf8(byte[] b, int off, int len) {
        int h = 0;
        for (int i = off, end = off + len; i < end; i++) {
            if (b[i] < 0) {
                return new String(b, off, len, StandardCharsets.UTF_8).hashCode();
            }
            h = 31 * h + b[i];
        }
        return h;
    }

    /** UTF-8 bytes of a namespace name; rejects null, empty, over 255 bytes, control characters, bad Unicode. */
    static byte[] encodeNamespace(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidArgumentException("namespace name must be a non-empty string, got "
                    + (name == null ? "null" : "\"\""));
        }
        checkSurrogates(name, "namespace name");
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new InvalidArgumentException("namespace name '" + name.replaceAll("\\p{Cntrl}", "?")
                        + "' contains a control character at index " + i);
            }
        }
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        if (b.length > syna.api.Namespace.MAX_NAME_BYTES) {
            throw new InvalidArgumentException("namespace name of " + b.length + " UTF-8 bytes exceeds the limit of "
                    + syna.api.Namespace.MAX_NAME_BYTES);
        }
        return b;
    }

    /** Checks a key argument of a read: non-null and non-empty (longer keys simply do not exist). */
    static void checkReadKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidArgumentException("key must be a non-empty string, got " + (key == null ? "null" : "\"\""));
        }
    }

    /** Strict UTF-8 of a text value of {@code key}. */
    static byte[] encodeText(String key, String text) {
        checkSurrogates(text, "text value of key '" + key + "'");
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Throws when {@code s} holds an unpaired surrogate, which has no UTF-8 encoding. */
    static void checkSurrogates(String s, String what) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new InvalidArgumentException(what + " is not valid Unicode: unpaired surrogate U+"
                        + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + " at char index " + i
                        + " cannot be encoded as UTF-8");
            }
        }
    }

    /** {@code value}, or {@link syna.api.InvalidArgumentException} naming {@code what} when it is null. */
    static <T> T notNull(T value, String what) {
        if (value == null) {
            throw new syna.api.InvalidArgumentException(what + " must not be null");
        }
        return value;
    }
}
