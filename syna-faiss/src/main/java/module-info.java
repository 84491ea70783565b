/**
 * FAISS indexes for Syna, called through {@code java.lang.foreign}: a small C shim of Syna's own
 * ({@code libsynafaiss}, compiled at build time against the system's FAISS and shipped inside this
 * module) and its Java binding. Needs {@code --enable-native-access=syna.faiss} at run time.
 */
module syna.faiss {
    requires transitive syna.api; // FaissException extends syna.api.SynaException

    exports syna.faiss; // FaissException
    // syna.faiss.internal.* (the binding): not exported
}
