package syna.api.store;

import syna.api.InvalidArgumentException;

/**
 * Validation and key-safe encoding of user-given names (models, experiments, tensors, artifacts...):
 * a name is 1 to {@value #MAX_LENGTH} characters without control characters; in keys, {@code %} and
 * {@code /} are percent-encoded so no name can reach into another's key range. Thread-safe
 * (stateless).
 */
public final class Names {
    /** Longest name accepted. */
    public static final int MAX_LENGTH = 250;

    private Names() {}

    /** Checks {@code name} (a {@code what}, e.g. "model name") and returns it. */
    public static String check(String what, String name) {
        if (what == null) {
            throw new InvalidArgumentException("what a name is must not be null");
        }
        if (name == null) {
            throw new InvalidArgumentException(what + " must not be null");
        }
        if (name.isEmpty() || name.length() > MAX_LENGTH) {
            throw new InvalidArgumentException(what + " must have 1 to " + MAX_LENGTH + " characters, got "
                    + name.length() + (name.isEmpty() ? "" : ": '" + name.substring(0, 40) + "…'"));
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new InvalidArgumentException(what + " '" + name.replaceAll("\\p{Cntrl}", "?")
                        + "' contains a control character at index " + i);
            }
        }
        return name;
    }

    /** {@code name} checked and encoded for use as one key segment. */
    public static String encode(String what, String name) {
        check(what, name);
        if (name.indexOf('%') < 0 && name.indexOf('/') < 0) {
            return name;
        }
        return name.replace("%", "%25").replace("/", "%2F");
    }
}
