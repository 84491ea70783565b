package syna.mlops.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import syna.api.Atom;
import syna.api.KeySpace;
import syna.api.WriteBatch;

/**
 * A maintained append-only list of names under one key prefix: {@code <base>n} holds the count
 * (INT64) and {@code <base><i as 10 digits>} the i-th entry (TEXT). Reading costs one point lookup
 * per entry and never lists keys, whose cost grows with the whole database. Appends must be
 * serialised by the caller. Thread-safe for reads (stateless).
 */
final class IndexList {
    private IndexList() {}

    static long count(KeySpace db, String base) {
        return db.get(base + "n").orElse(null) instanceof Atom.Int64 n ? n.value() : 0;
    }

    /** Adds the append of {@code value} at position {@code count(db, base)} to {@code batch}. */
    static void append(KeySpace db, WriteBatch batch, String base, String value) {
        long n = count(db, base);
        batch.putText(base + pad(n), value);
        batch.putInt(base + "n", n + 1);
    }

    /** {@code i} as 10 digits, zero-padded, so entry keys sort by position. */
    static String pad(long i) {
        String s = Long.toString(i);
        return s.length() >= 10 ? s : "0000000000".substring(s.length()) + s;
    }

    /** Every entry, in order. */
    static List<String> read(KeySpace db, String base) {
        long n = count(db, base);
        List<String> out = new ArrayList<>((int) Math.min(n, 1 << 20));
        for (long i = 0; i < n; i++) {
            Optional<Atom> v = db.get(base + pad(i));
            if (v.orElse(null) instanceof Atom.Text t) {
                out.add(t.value());
            }
        }
        return out;
    }

    /**
     * Adds the delete of every entry equal to {@code value} to {@code batch}; returns how many. The
     * count stays (entries are addressed by position); {@link #read} skips the hole.
     */
    static int remove(KeySpace db, WriteBatch batch, String base, String value) {
        long n = count(db, base);
        int removed = 0;
        for (long i = 0; i < n; i++) {
            if (db.get(base + pad(i)).orElse(null) instanceof Atom.Text t && t.value().equals(value)) {
                batch.delete(base + pad(i));
                removed++;
            }
        }
        return removed;
    }

    /** Adds the delete of every entry and the count to {@code batch}. */
    static void clear(KeySpace db, WriteBatch batch, String base) {
        long n = count(db, base);
        for (long i = 0; i < n; i++) {
            if (db.exists(base + pad(i))) {
                batch.delete(base + pad(i));
            }
        }
        if (db.exists(base + "n")) {
            batch.delete(base + "n");
        }
    }
}
