package syna.nativeabi.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import syna.api.Database;
import syna.api.DatabaseNotFoundException;
import syna.api.InvalidArgumentException;

/**
 * The opaque integer handles of the C ABI: never 0, never reused, each naming one open object and the
 * database it came from, so closing a database closes what was opened from it. Thread-safe.
 */
final class Handles {
    private record Entry(Object object, long parent, String kind) {}

    private static final ConcurrentHashMap<Long, Entry> OPEN = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT = new AtomicLong(1);

    private Handles() {}

    /** Registers an open database. */
    static long addDatabase(Database db) {
        return add(db, 0, "database");
    }

    /** Registers an object opened from the database (or other object) {@code parent}. */
    static long add(Object object, long parent, String kind) {
        long h = NEXT.getAndIncrement();
        OPEN.put(h, new Entry(object, parent, kind));
        return h;
    }

    /** The database of handle {@code h}; {@code DATABASE_NOT_FOUND} when it is not an open database. */
    static Database database(long h) {
        Entry e = OPEN.get(h);
        if (e == null || !(e.object() instanceof Database db)) {
            throw new DatabaseNotFoundException("no open database has handle " + h
                    + (e == null ? " (closed, or never returned by SYNA_open)" : " (it is a " + e.kind() + ")"));
        }
        return db;
    }

    /** The object of handle {@code h}, of {@code type}; {@code INVALID_ARGUMENT} otherwise. */
    static <T> T get(long h, Class<T> type, String kind) {
        Entry e = OPEN.get(h);
        if (e == null || !type.isInstance(e.object())) {
            throw new InvalidArgumentException("no open " + kind + " has handle " + h
                    + (e == null ? " (closed, or never returned)" : " (it is a " + e.kind() + ")"));
        }
        return type.cast(e.object());
    }

    /** Removes {@code h} and every handle opened from it, closing children first; false when unknown. */
    static boolean close(long h) {
        Entry e = OPEN.get(h);
        if (e == null) {
            return false;
        }
        List<Long> children = new ArrayList<>();
        OPEN.forEach((k, v) -> {
            if (v.parent() == h) {
                children.add(k);
            }
        });
        for (long c : children) {
            close(c);
        }
        if (OPEN.remove(h, e) && e.object() instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (RuntimeException ex) {
                throw ex;
            } catch (Exception ex) {
                throw new syna.api.SynaException(syna.api.ErrorCode.GENERIC, "closing " + e.kind() + " " + h
                        + " failed", ex);
            }
        }
        return true;
    }

    /** The parent handle of {@code h} (0 for a database). */
    static long parent(long h) {
        Entry e = OPEN.get(h);
        return e == null ? 0 : e.parent();
    }
}
