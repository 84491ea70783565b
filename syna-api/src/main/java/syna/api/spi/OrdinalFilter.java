package syna.api.spi;

import java.util.BitSet;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * Which ordinals a search may return, built by the store from everything it knows (the user's filter, live
 * and not yet indexed ordinals) and planned for by the index: an index knows what its own search costs, so it
 * decides whether to search its structure with the filter or to measure the accepted ordinals exactly
 * ({@link ExactSearch}). {@link #cardinality()} tells it how selective the filter is when the store knows.
 * Implementations must be thread-safe for reads and side-effect free.
 */
public interface OrdinalFilter {
    /** Whether {@code ordinal} may be returned. */
    boolean accepts(int ordinal);

    /** How many ordinals are accepted, or -1 when unknown (the index may then sample). */
    default int cardinality() {
        return -1;
    }

    /** The first accepted ordinal in {@code [from, limit)}, or -1; a bitset answers without testing each. */
    default int next(int from, int limit) {
        for (int i = Math.max(0, from); i < limit; i++) {
            if (accepts(i)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether this is {@link #all()}: no filter, the index's unfiltered search applies. */
    default boolean acceptsAll() {
        return false;
    }

    /** Accepts every ordinal. */
    static OrdinalFilter all() {
        return All.INSTANCE;
    }

    /** Accepts the set bits of {@code bits}, which the caller must not change while a search uses it. */
    static OrdinalFilter of(BitSet bits) {
        Objects.requireNonNull(bits, "bits");
        int cardinality = bits.cardinality();
        return new OrdinalFilter() {
            @Override
            public boolean accepts(int ordinal) {
                return ordinal >= 0 && bits.get(ordinal);
            }

            @Override
            public int cardinality() {
                return cardinality;
            }

            @Override
            public int next(int from, int limit) {
                int i = bits.nextSetBit(Math.max(0, from));
                return i >= 0 && i < limit ? i : -1;
            }

            @Override
            public String toString() {
                return "OrdinalFilter[" + cardinality + " ordinals]";
            }
        };
    }

    /** Accepts what {@code predicate} accepts; cardinality unknown. */
    static OrdinalFilter of(IntPredicate predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return predicate::test;
    }

    /** The filter of {@link #all()}. */
    enum All implements OrdinalFilter {
        /** The one instance. */
        INSTANCE;

        @Override
        public boolean accepts(int ordinal) {
            return true;
        }

        @Override
        public int next(int from, int limit) {
            int i = Math.max(0, from);
            return i < limit ? i : -1;
        }

        @Override
        public boolean acceptsAll() {
            return true;
        }
    }
}
