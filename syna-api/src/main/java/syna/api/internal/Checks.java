package syna.api.internal;

import syna.api.InvalidArgumentException;

/** Argument checks of syna.api that throw Syna's typed exceptions, never a bare NullPointerException. Stateless. */
public final class Checks {
    private Checks() {}

    /** {@code value}, or {@link InvalidArgumentException} naming {@code what} when it is null. */
    public static <T> T notNull(T value, String what) {
        if (value == null) {
            throw new InvalidArgumentException(what + " must not be null");
        }
        return value;
    }
}
