package syna.index.gwi.internal.source;

/** Temporary stand-in for {@code syna.api.spi.OrdinalFilter}; replaced by the real type when issue 11 is merged. */
public interface OrdinalFilter {
    /** Whether {@code ordinal} may be returned. */
    boolean accepts(int ordinal);

    /** Accepted ordinals, or -1 when unknown. */
    default int cardinality() {
        return -1;
    }

    /** The first accepted ordinal in {@code [from, limit)}, or -1. */
    default int next(int from, int limit) {
        for (int i = Math.max(0, from); i < limit; i++) {
            if (accepts(i)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether every ordinal is accepted. */
    default boolean acceptsAll() {
        return false;
    }

    /** Accepts every ordinal. */
    static OrdinalFilter all() {
        return new OrdinalFilter() {
            @Override
            public boolean accepts(int ordinal) {
                return true;
            }

            @Override
            public boolean acceptsAll() {
                return true;
            }
        };
    }
}
