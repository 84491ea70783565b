package syna.api.spi;

import java.util.regex.Pattern;
import syna.api.InvalidArgumentException;

/** Validation of provider names. Thread-safe. */
public final class ProviderNames {
    /** Longest allowed name. */
    public static final int MAX_LENGTH = 32;

    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private ProviderNames() {}

    /** Whether {@code name} is a valid provider name. */
    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /** Returns {@code name}, or throws {@link InvalidArgumentException} saying what is wrong. */
    public static String validate(String name) {
        if (!isValid(name)) {
            throw new InvalidArgumentException("invalid provider name '" + name
                    + "': use 1 to " + MAX_LENGTH + " characters of a-z, 0-9 and '-', starting with a letter");
        }
        return name;
    }
}
