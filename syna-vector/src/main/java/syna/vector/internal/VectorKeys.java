package syna.vector.internal;

import java.nio.charset.StandardCharsets;
import syna.api.DatabaseOptions;
import syna.api.InvalidArgumentException;

/** Key validation shared by the vector stores. Thread-safe. */
final class VectorKeys {
    private VectorKeys() {}

    /** The UTF-8 bytes of a valid key, or {@link InvalidArgumentException} saying what is wrong. */
    static byte[] utf8(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidArgumentException("vector key must be a non-empty string");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= key.length() || !Character.isLowSurrogate(key.charAt(i + 1))) {
                    throw new InvalidArgumentException("vector key has an unpaired surrogate at index " + i
                            + " (not valid UTF-16, cannot be stored as UTF-8)");
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                throw new InvalidArgumentException("vector key has an unpaired surrogate at index " + i
                        + " (not valid UTF-16, cannot be stored as UTF-8)");
            }
        }
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        if (b.length > DatabaseOptions.MAX_KEY_BYTES) {
            throw new InvalidArgumentException("vector key is " + b.length + " UTF-8 bytes, more than "
                    + DatabaseOptions.MAX_KEY_BYTES);
        }
        return b;
    }
}
