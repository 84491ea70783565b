package syna.mlops.internal;

import syna.api.InvalidArgumentException;

/** Model version numbers in keys and arguments. Thread-safe (stateless). */
final class Versions {
    private Versions() {}

    /** A version number as a fixed-width key segment, so keys sort by number. */
    static String version(int version) {
        return IndexList.pad(version);
    }

    /** Checks a version number: at least 1. */
    static int checkVersion(String model, int version) {
        if (version < 1) {
            throw new InvalidArgumentException("model '" + model + "': version must be >= 1, got " + version);
        }
        return version;
    }
}
