package syna.storage.internal;

import syna.api.ClosedException;
import syna.api.Database;
import syna.api.Namespace;

/**
 * A namespace handle of a {@link LogDatabase}: the {@link LogKeySpace} operations on the space with
 * its name and id in the current generation (compaction keeps ids), and the objects features attach
 * to it. A handle whose namespace was dropped, or whose database closed, throws
 * {@link ClosedException}. Concurrent reads, one writer.
 */
final class LogNamespace extends LogKeySpace implements Namespace {
    private final LogDatabase db;
    private final String name;
    /** The space's id; -1 for a namespace that does not exist on a read-only database (reads as empty). */
    private final int id;
    private final WriteUnits.Target target;
    private final Space empty;
    private volatile boolean dropped;

    LogNamespace(LogDatabase db, String name, int id) {
        this.db = db;
        this.name = name;
        this.id = id;
        this.empty = id < 0 ? Space.empty(name) : null;
        WriteUnits.Target byName = WriteUnits.namespace(name, db.files().dir.toString());
        this.target = (w, g, ts) -> {
            check();
            Space s = byName.space(w, g, ts);
            if (s.id != id) {
                throw droppedException();
            }
            return s;
        };
    }

    /** Whether this handle still names its namespace in {@code g}. */
    boolean valid(Generation g) {
        if (dropped) {
            return false;
        }
        Space s = g.spaces().named(name);
        return s == null ? id < 0 : s.id == id;
    }

    /** The namespace was dropped (or its database closed): later calls throw. */
    void dropped() {
        dropped = true;
        clearAttachments();
    }

    @Override
    void checkUsable() {
        db.generation();
        check();
    }

    private ClosedException droppedException() {
        return new ClosedException("namespace '" + name + "' of database " + db.files().dir + " was dropped");
    }

    private void check() {
        if (dropped) {
            throw droppedException();
        }
    }

    @Override
    LogDatabase db() {
        return db;
    }

    @Override
    Space readSpace(Generation g) {
        check();
        if (id < 0) {
            return empty;
        }
        Space s = g.spaces().named(name);
        if (s == null || s.id != id) {
            throw droppedException();
        }
        return s;
    }

    @Override
    WriteUnits.Target target() {
        return target;
    }

    @Override
    int maxKeyBytes() {
        return Namespace.MAX_KEY_BYTES;
    }

    @Override
    String describe() {
        return "namespace '" + name + "' of " + db.files().dir;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Database database() {
        return db;
    }

    @Override
    public String toString() {
        return "Namespace[" + name + " in " + db.files().dir + (dropped ? ", dropped" : "") + "]";
    }
}
