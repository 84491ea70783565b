package syna.vector.internal;

import java.nio.file.Path;

/**
 * Where the durable store {@code name} keeps its data in the database, written down in one place (the key
 * layout of {@code docs/format/vector-store-index.md}): a config entry, one entry per vector and one per
 * vector's metadata, and the saved index beside the database's files. Moving the store into a namespace of
 * the database is a change to this class alone. Immutable; thread-safe.
 *
 * @param store the store's name (validated by the store)
 */
record StoreKeys(String store) {
    /** Prefix of every vector store's keys. */
    static final String ROOT = "_vs/";

    /** The entry holding the store's dimension and metric ({@code "v1 dim=384 metric=COSINE"}). */
    String config() {
        return ROOT + store + "/config";
    }

    /** Prefix of the vector entries; a vector entry is this prefix and the user's key. */
    String vectorPrefix() {
        return ROOT + store + "/v/";
    }

    /** The entry of {@code key}'s vector. */
    String vector(String key) {
        return vectorPrefix() + key;
    }

    /** The entry of {@code key}'s metadata (bytes, {@link MetadataCodec}). */
    String metadata(String key) {
        return ROOT + store + "/m/" + key;
    }

    /** The user's key of a vector entry. */
    String keyOfVector(String entry) {
        return entry.substring(vectorPrefix().length());
    }

    /** The saved index file in the database directory {@code dbDir}. */
    Path indexFile(Path dbDir) {
        return dbDir.resolve("indexes").resolve(store + ".index");
    }

    /** The saved index's side file (what the index reflects) in {@code dbDir}. */
    Path indexMetaFile(Path dbDir) {
        return dbDir.resolve("indexes").resolve(store + ".index.meta");
    }
}
