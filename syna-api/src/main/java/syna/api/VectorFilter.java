package syna.api;

import java.util.Map;

/**
 * Decides which vectors a search may return, from the key and the metadata stored with the vector.
 * Evaluated inside the search, so a selective filter still yields k matches when k exist. Must be
 * thread-safe and side-effect free.
 */
@FunctionalInterface
public interface VectorFilter {
    /** Whether the vector under {@code key} with {@code metadata} (empty when none) may be returned. */
    boolean test(String key, Map<String, Atom> metadata);
}
