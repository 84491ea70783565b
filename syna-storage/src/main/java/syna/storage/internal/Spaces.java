package syna.storage.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The key spaces of one generation: the user keys and the namespaces by name and by id. The writer
 * replaces the maps copy-on-write (namespaces are created and dropped rarely); readers read the
 * current ones without locking. Concurrent reads, one writer.
 */
final class Spaces {
    final Space user;
    private volatile Map<String, Space> byName;
    private volatile Map<Integer, Space> byId;
    /** Highest namespace id ever defined in this file; the next one gets one more. */
    private int maxId;

    Spaces(Space user) {
        this(user, List.of(), 0);
    }

    /** The user space, {@code namespaces}, and ids continuing after {@code maxId}. */
    Spaces(Space user, List<Space> namespaces, int maxId) {
        this.user = user;
        Map<String, Space> n = new HashMap<>();
        Map<Integer, Space> i = new HashMap<>();
        for (Space s : namespaces) {
            n.put(s.name, s);
            i.put(s.id, s);
            maxId = Math.max(maxId, s.id);
        }
        this.byName = Collections.unmodifiableMap(n);
        this.byId = Collections.unmodifiableMap(i);
        this.maxId = maxId;
    }

    /** The namespace {@code name}, or null. Any thread. */
    Space named(String name) {
        return byName.get(name);
    }

    /** The space with {@code id} (0: the user keys), or null. Any thread. */
    Space withId(int id) {
        return id == Space.USER ? user : byId.get(id);
    }

    /** Every namespace, in no order. Any thread. */
    List<Space> namespaces() {
        return new ArrayList<>(byName.values());
    }

    int maxId() {
        return maxId;
    }

    /** The id the next created namespace gets. Writer only. */
    int nextId() {
        return maxId + 1;
    }

    /** Adds a namespace. Writer only. */
    void add(Space s) {
        Map<String, Space> n = new HashMap<>(byName);
        Map<Integer, Space> i = new HashMap<>(byId);
        n.put(s.name, s);
        i.put(s.id, s);
        maxId = Math.max(maxId, s.id);
        byId = Collections.unmodifiableMap(i);
        byName = Collections.unmodifiableMap(n);
    }

    /** Removes a namespace. Writer only. */
    void remove(Space s) {
        Map<String, Space> n = new HashMap<>(byName);
        Map<Integer, Space> i = new HashMap<>(byId);
        n.remove(s.name);
        i.remove(s.id);
        byName = Collections.unmodifiableMap(n);
        byId = Collections.unmodifiableMap(i);
    }

    /** Live keys of every namespace. */
    long namespaceLiveKeys() {
        long n = 0;
        for (Space s : byName.values()) {
            n += s.liveKeys();
        }
        return n;
    }

    /** Entries of every space. */
    long entries() {
        long n = user.entries();
        for (Space s : byName.values()) {
            n += s.entries();
        }
        return n;
    }
}
