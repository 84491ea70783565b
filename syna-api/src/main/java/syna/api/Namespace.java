package syna.api;

/**
 * A named key space inside a {@link Database}, apart from the database's own (user) keys: what a
 * feature built on a database keeps its keys in (vector stores, the model registry, the experiment
 * tracker, the tensor engine, a plugin's data). Like H2 MVStore's named maps or RocksDB's column
 * families: opened by name with {@link Database#namespace(String)}, listed with
 * {@link Database#namespaces()}, dropped with {@link Database#dropNamespace(String)}.
 *
 * <p>Its keys cannot reach, shadow or collide with user keys or another namespace's keys: they are
 * stored with the namespace's id, not under a name prefix. {@link Database#keys()},
 * {@link Database#size()}, exports and the CLI show user keys unless asked for a namespace. A
 * {@link WriteBatch} may span namespaces and the user keys and stays atomic
 * ({@link WriteBatch#in(String)}).
 *
 * <p><b>Names.</b> 1 to {@value #MAX_NAME_BYTES} UTF-8 bytes, no control characters; by convention
 * the owning module and the object, dot-separated: {@code mlops.registry}, {@code mlops.tracker},
 * {@code vector.docs}, {@code tensor}. Names are case-sensitive.
 *
 * <p>A handle stays valid until its database closes or the namespace is dropped; afterwards every
 * call throws {@link ClosedException}. Concurrent reads, one writer (the database's). Thread-safe.
 */
public interface Namespace extends KeySpace {
    /** Longest namespace name, in UTF-8 bytes. */
    int MAX_NAME_BYTES = 255;

    /** Longest key in a namespace, in UTF-8 bytes (the log stores the namespace id with the key). */
    int MAX_KEY_BYTES = DatabaseOptions.MAX_KEY_BYTES - 5;

    /** The namespace's name. */
    String name();

    /** The database it belongs to. */
    Database database();

}
