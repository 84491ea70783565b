package syna.langchain4j.internal;

import dev.langchain4j.data.document.Metadata;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import syna.api.Atom;

/**
 * LangChain4j {@link Metadata} of each stored embedding, decoded from its atoms once and reused by every
 * filtered search. An entry is valid only for the very atom map it was decoded from: the vector store
 * hands out one immutable map per stored version, so a replaced embedding (a new map) is decoded again
 * and no invalidation can be missed. Thread-safe.
 */
public final class MetadataCache {
    private record Entry(Map<String, Atom> atoms, Metadata metadata) {}

    private final ConcurrentHashMap<String, Entry> byId = new ConcurrentHashMap<>();

    /** The metadata of {@code id} as stored in {@code atoms}. Callers must not modify it. */
    public Metadata get(String id, Map<String, Atom> atoms) {
        Entry e = byId.get(id);
        if (e != null && e.atoms() == atoms) {
            return e.metadata();
        }
        Metadata m = SegmentCodec.metadata(id, atoms);
        byId.put(id, new Entry(atoms, m));
        return m;
    }

    /** Drops the entry of a removed id (memory only; correctness never depends on it). */
    public void forget(String id) {
        byId.remove(id);
    }

    /** Drops every entry. */
    public void clear() {
        byId.clear();
    }
}
