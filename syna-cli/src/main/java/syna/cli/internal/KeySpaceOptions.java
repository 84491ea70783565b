package syna.cli.internal;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import syna.api.Database;
import syna.api.KeyNotFoundException;
import syna.api.KeySpace;

/**
 * {@code --namespace NAME}: work on a namespace of the database instead of its user keys (the
 * default). Commands that list or export also take {@code --all}: the user keys and every
 * namespace. A picocli mixin; not thread-safe, one per execution.
 */
final class KeySpaceOptions {
    @Option(names = {"-N", "--namespace"}, paramLabel = "NAME",
            description = "Use namespace NAME (e.g. mlops.registry) instead of the user keys.")
    String namespace;

    /** One key space to work on, with its name ("" for the user keys). */
    record Selected(String name, KeySpace keys) {}

    /** The one key space asked for; a namespace that does not exist is an error naming those that do. */
    KeySpace one(Database db) {
        if (namespace == null) {
            return db;
        }
        List<String> names = db.namespaces();
        if (!names.contains(namespace)) {
            throw new KeyNotFoundException("no namespace '" + namespace + "' in " + db.path()
                    + (names.isEmpty() ? " (it has none)" : " (namespaces: " + String.join(", ", names) + ")"));
        }
        return db.namespace(namespace);
    }

    /** The key spaces asked for: the one of {@link #one}, or with {@code all} the user keys and every namespace. */
    List<Selected> selected(Database db, boolean all) {
        List<Selected> out = new ArrayList<>();
        if (!all) {
            out.add(new Selected(namespace == null ? "" : namespace, one(db)));
            return out;
        }
        out.add(new Selected("", db));
        for (String n : db.namespaces()) {
            out.add(new Selected(n, db.namespace(n)));
        }
        return out;
    }
}
