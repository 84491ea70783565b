package syna.api.spi;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import syna.api.InvalidArgumentException;

/**
 * Reads a provider's string parameters ({@link VectorIndexConfig#parameters()}) as typed values, with
 * the errors every provider owes its users: an unknown name lists the known ones, a bad value names the
 * parameter, the provider and what was expected. For plugin authors, so that every index rejects bad
 * input the same way. Immutable; thread-safe.
 */
public final class ProviderParameters {
    private final String provider;

    /**
     * Parameters of {@code provider}, named in every error.
     *
     * @param provider the provider's name, e.g. {@code "gwi"}
     */
    public ProviderParameters(String provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /**
     * Checks that every name of {@code parameters} is one of {@code known} and no value is null.
     *
     * @param parameters the parameters given
     * @param known the names the provider takes
     * @throws InvalidArgumentException naming the first unknown parameter and listing the known ones
     */
    public void requireKnown(Map<String, String> parameters, Set<String> known) {
        if (parameters == null) {
            throw new InvalidArgumentException(provider + " parameters must not be null");
        }
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            if (!known.contains(e.getKey())) {
                throw new InvalidArgumentException("unknown " + provider + " parameter '" + e.getKey() + "'; known: "
                        + new TreeSet<>(known));
            }
            if (e.getValue() == null) {
                throw new InvalidArgumentException(provider + " parameter '" + e.getKey() + "' has no value");
            }
        }
    }

    /**
     * An {@code int} (surrounding blanks ignored).
     *
     * @param name the parameter's name, for the error
     * @param value its text
     * @return the number
     * @throws InvalidArgumentException when {@code value} is not a whole number in range of an {@code int}
     */
    public int intValue(String name, String value) {
        present(name, value);
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw bad(name, "an integer", value, e);
        }
    }

    /**
     * A {@code long} (surrounding blanks ignored).
     *
     * @param name the parameter's name, for the error
     * @param value its text
     * @return the number
     * @throws InvalidArgumentException when {@code value} is not a whole number in range of a {@code long}
     */
    public long longValue(String name, String value) {
        present(name, value);
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw bad(name, "an integer", value, e);
        }
    }

    /**
     * A finite {@code double} (surrounding blanks ignored).
     *
     * @param name the parameter's name, for the error
     * @param value its text
     * @return the number
     * @throws InvalidArgumentException when {@code value} is not a number, or is NaN or infinite
     */
    public double doubleValue(String name, String value) {
        present(name, value);
        double d;
        try {
            d = Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw bad(name, "a number", value, e);
        }
        if (!Double.isFinite(d)) {
            throw bad(name, "a finite number", value, null);
        }
        return d;
    }

    /**
     * {@code true} or {@code false}, in any case.
     *
     * @param name the parameter's name, for the error
     * @param value its text
     * @return the value
     * @throws InvalidArgumentException for anything else
     */
    public boolean booleanValue(String name, String value) {
        present(name, value);
        String v = value.strip();
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw bad(name, "true or false", value, null);
    }

    /**
     * The constant of {@code type} whose name matches {@code value}, ignoring case and taking {@code -}
     * for {@code _}.
     *
     * @param <E> the enum
     * @param type the enum's class
     * @param name the parameter's name, for the error
     * @param value its text
     * @return the constant
     * @throws InvalidArgumentException listing the accepted values otherwise
     */
    public <E extends Enum<E>> E enumValue(Class<E> type, String name, String value) {
        present(name, value);
        if (type == null) {
            throw new InvalidArgumentException("enum type must not be null");
        }
        String v = value.strip().replace('-', '_');
        for (E c : type.getEnumConstants()) {
            if (c.name().equalsIgnoreCase(v)) {
                return c;
            }
        }
        TreeSet<String> known = new TreeSet<>();
        for (E c : type.getEnumConstants()) {
            known.add(c.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw bad(name, "one of " + known, value, null);
    }

    private void present(String name, String value) {
        if (value == null) {
            throw new InvalidArgumentException(provider + " parameter '" + name + "' has no value");
        }
    }

    private InvalidArgumentException bad(String name, String expected, String value, Throwable cause) {
        String message = provider + " parameter '" + name + "' must be " + expected + ", got '" + value + "'";
        return cause == null ? new InvalidArgumentException(message) : new InvalidArgumentException(message, cause);
    }
}
