package syna.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import syna.api.Database;
import syna.api.DatabaseStats;
import syna.api.spi.CodecProvider;
import syna.api.spi.Providers;
import syna.api.spi.StorageEngineProvider;

/** {@code syna info}: what the database is and holds. Not thread-safe; one per execution. */
@Command(name = "info", description = "Show path, engine, format version, entries, user keys, size, durability, codec"
        + " and namespaces.")
final class InfoCommand extends DatabaseCommand {
    @Parameters(paramLabel = "DB", arity = "0..1", description = "Database directory.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        operands(args);
        try (Database db = openForReading()) {
            DatabaseStats s = db.stats();
            PrintWriter out = out();
            row(out, "path", db.path().toAbsolutePath().normalize().toString());
            row(out, "engine", s.engine());
            row(out, "format version", s.formatVersion() + Providers.find(StorageEngineProvider.class, s.engine())
                    .filter(p -> p.formatVersion() != s.formatVersion())
                    .map(p -> " (the engine writes " + p.formatVersion() + "; compact to upgrade)").orElse(""));
            row(out, "entries", Format.count(s.entries()));
            row(out, "live keys", Format.count(s.liveKeys()));
            row(out, "total keys", Format.count(s.totalKeys()));
            row(out, "file bytes", Format.count(s.fileBytes()) + " (" + Format.bytes(s.fileBytes()) + ")");
            row(out, "durability", s.durability().toString());
            row(out, "codec", s.codec() + Providers.find(CodecProvider.class, s.codec())
                    .map(p -> " (format version " + p.formatVersion() + ")").orElse(""));
            row(out, "top prefixes", topPrefixes(db.keys()));
            row(out, "namespaces", namespaces(db));
        }
        return ExitCodes.OK;
    }

    /** Each namespace with its live key count, or "-". */
    static String namespaces(Database db) {
        List<String> out = new ArrayList<>();
        for (String n : db.namespaces()) {
            out.add(n + " (" + Format.count(db.namespace(n).size()) + " keys)");
        }
        return out.isEmpty() ? "-" : String.join(", ", out);
    }

    private static void row(PrintWriter out, String name, String value) {
        out.printf("%-15s %s%n", name, value);
    }

    /** The ten most common first path segments ({@code sensor/} of {@code sensor/1}). */
    static String topPrefixes(List<String> keys) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String k : keys) {
            int slash = k.indexOf('/');
            counts.merge(slash < 0 ? k : k.substring(0, slash + 1), 1, Integer::sum);
        }
        List<String> top = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(10)
                .map(e -> e.getKey() + " (" + e.getValue() + ")")
                .toList();
        return top.isEmpty() ? "-" : String.join(", ", top);
    }
}
