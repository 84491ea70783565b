package syna.mlops;

import syna.api.Database;
import syna.api.KeySpace;

/** The key spaces the registry and tracker write to, for tests that look at or damage their keys. */
final class MlopsKeys {
    private MlopsKeys() {}

    /** Namespace {@code mlops.registry}. */
    static KeySpace models(Database db) {
        return db.namespace("mlops.registry");
    }

    /** Namespace {@code mlops.tracker}. */
    static KeySpace runs(Database db) {
        return db.namespace("mlops.tracker");
    }
}
