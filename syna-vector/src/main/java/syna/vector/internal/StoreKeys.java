package syna.vector.internal;

import java.nio.file.Path;

/**
 * Where the durable store {@code name} keeps its data, written down in one place (the key layout of
 * {@code docs/format/vector-store-index.md}): a config entry, one entry per vector and one per vector's
 * metadata, and the saved index beside the database's files. The entries live in the store's namespace
 * {@code vector.<store>} ({@link #inNamespace}, no prefix), or, in a database without namespaces (log
 * format 1) and in databases written before namespaces until they are moved ({@link VectorSpaces}),
 * among the user keys under {@code _vs/<store>/} ({@link #legacy}). Immutable; thread-safe.
 *
 * @param store the store's name (validated by the store)
 * @param prefix what every entry's key starts with: empty in the namespace, {@code _vs/<store>/} among user keys
 */
record StoreKeys(String store, String prefix) {
    /** Prefix of every vector store's keys among the user keys (the layout before namespaces). */
    static final String ROOT = "_vs/";

    /** The layout inside the store's own namespace. */
    static StoreKeys inNamespace(String store) {
        return new StoreKeys(store, "");
    }

    /** The layout among the user keys, under {@code _vs/<store>/}. */
    static StoreKeys legacy(String store) {
        return new StoreKeys(store, ROOT + store + "/");
    }

    /** The entry holding the store's dimension and metric ({@code "v1 dim=384 metric=COSINE"}). */
    String config() {
        return prefix + "config";
    }

    /**
     * The entry holding the index settings the store was last opened with for writing (text,
     * {@link StoreSettings}); a store written before it existed has none.
     */
    String settings() {
        return prefix + "settings";
    }

    /** Prefix of the vector entries; a vector entry is this prefix and the user's key. */
    String vectorPrefix() {
        return prefix + "v/";
    }

    /** The entry of {@code key}'s vector. */
    String vector(String key) {
        return vectorPrefix() + key;
    }

    /** The entry of {@code key}'s metadata (bytes, {@link MetadataCodec}). */
    String metadata(String key) {
        return metadataPrefix() + key;
    }

    /** Prefix of the metadata entries. */
    String metadataPrefix() {
        return prefix + "m/";
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
