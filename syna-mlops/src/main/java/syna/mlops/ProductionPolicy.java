package syna.mlops;

/** What promoting a version to {@link Stage#PRODUCTION} does to the model's other Production versions. Thread-safe. */
public enum ProductionPolicy {
    /** The previous Production versions move to {@link Stage#ARCHIVED} in the same atomic write (default). */
    ARCHIVE_PREVIOUS,
    /** The previous Production versions stay in Production: several serve at once. */
    KEEP_OTHERS
}
