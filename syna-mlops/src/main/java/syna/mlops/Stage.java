package syna.mlops;

import syna.api.InvalidArgumentException;

/**
 * Life-cycle stage of a model version; the one spelling used in keys, JSON and reports is
 * {@link #label()}. Serialised by label: append only, never rename. Immutable and thread-safe.
 */
public enum Stage {
    /** Newly saved (the stage of every new version). */
    DEVELOPMENT("Development"),
    /** Under evaluation. */
    STAGING("Staging"),
    /** Serving; at most one per model unless {@link ProductionPolicy#KEEP_OTHERS} is asked for. */
    PRODUCTION("Production"),
    /** Retired. */
    ARCHIVED("Archived");

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    /** The stored and printed spelling, e.g. {@code Production}. */
    public String label() {
        return label;
    }

    /** The stage spelled {@code text}, ignoring case ({@code production}, {@code PRODUCTION}). */
    public static Stage parse(String text) {
        for (Stage s : values()) {
            if (s.label.equalsIgnoreCase(text) || s.name().equalsIgnoreCase(text)) {
                return s;
            }
        }
        throw new InvalidArgumentException("unknown stage '" + text + "'; expected one of Development, Staging,"
                + " Production, Archived (any case)");
    }

    @Override
    public String toString() {
        return label;
    }
}
