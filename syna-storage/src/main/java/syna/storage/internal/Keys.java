package syna.storage.internal;

import java.nio.charset.StandardCharsets;
import syna.api.DatabaseOptions;
import syna.api.InvalidArgumentException;

/** Validation and strict UTF-8 encoding of keys and text. Stateless. */
final class Keys {
    private Keys() {}

    /** UTF-8 bytes of {@code key}; rejects null, empty, too long and unpaired surrogates. */
    static byte[] encode(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidArgumentException("key must be a non-empty string, got " + (key == null ? "null" : "\"\""));
        }
        checkSurrogates(key, "key");
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        if (b.length > DatabaseOptions.MAX_KEY_BYTES) {
            throw new InvalidArgumentException("key of " + b.length + " UTF-8 bytes exceeds the limit of "
                    + DatabaseOptions.MAX_KEY_BYTES + " (key starts with '" + key.substring(0, 32) + "')");
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
