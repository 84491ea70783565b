package syna.mlops;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of a model's registry state, kept for ever (until the version's model is purged by
 * compaction). Immutable and thread-safe.
 *
 * @param time when the change was written
 * @param model model name
 * @param version version concerned (for {@link Kind#ALIAS_REMOVED}: the version the alias pointed at)
 * @param kind what changed
 * @param subject alias or tag key for alias and tag events, empty otherwise
 * @param from previous value (stage label, version number, tag value), empty when there was none
 * @param to new value, empty for removals
 */
public record RegistryEvent(Instant time, String model, int version, Kind kind, String subject, String from, String to) {

    /** What an event records. Serialised by name: append only. Thread-safe. */
    public enum Kind {
        /** A version was saved (to = Development). */
        CREATED,
        /** A version's stage changed (from and to are stage labels). */
        STAGE,
        /** An alias was set or moved (subject = alias, from/to = version numbers). */
        ALIAS_SET,
        /** An alias was removed. */
        ALIAS_REMOVED,
        /** A version was deleted. */
        DELETED
    }

    /** Rejects nulls. */
    public RegistryEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
