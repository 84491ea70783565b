package syna.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import syna.api.Database;
import syna.api.DatabaseOptions;
import syna.api.DatabaseStats;
import syna.api.spi.CodecProvider;
import syna.api.spi.Providers;
import syna.api.spi.StorageEngineProvider;

/** {@code syna info}: what the database is and holds. Not thread-safe; one per execution. */
@Command(name = "info", description = {
    "Show what the database file says about itself and what it holds.",
    "Path, engine and format version (from the file header), the codecs its values are compressed with "
        + "(from the file), durability (not stored: each open chooses), keys, values, file bytes and the "
        + "most common key prefixes, and the namespaces with their key counts. The words are defined in docs/cli.md."})
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
            row(out, "engine", s.engine() + " (format version " + s.formatVersion()
                    + Providers.find(StorageEngineProvider.class, s.engine())
                            .filter(p -> p.formatVersion() != s.formatVersion())
                            .map(p -> "; the engine writes " + p.formatVersion() + ": compact to upgrade").orElse("")
                    + ")");
            row(out, "codecs", codecs(s));
            row(out, "durability", "not stored in the file: each open chooses (default "
                    + DatabaseOptions.builder(db.path()).build().durability() + ")");
            row(out, "keys", Format.count(s.liveKeys()) + " live, " + Format.count(s.totalKeys() - s.liveKeys())
                    + " deleted");
            row(out, "values", Format.count(s.entries()));
            row(out, "file bytes", Format.count(s.fileBytes()) + " (" + Format.bytes(s.fileBytes()) + ")");
            row(out, "top prefixes", topPrefixes(db.keys()));
            row(out, "namespaces", namespaces(db));
        }
        return ExitCodes.OK;
    }

    /** The codecs the file uses, or what it means that it uses none. */
    static String codecs(DatabaseStats s) {
        if (s.fileCodecs().isEmpty()) {
            return "none (no value in the file is compressed)";
        }
        List<String> named = new ArrayList<>();
        for (String c : s.fileCodecs()) {
            named.add(c + Providers.find(CodecProvider.class, c).map(p -> "").orElse(" (module missing: values it "
                    + "compressed cannot be read)"));
        }
        return String.join(", ", named);
    }

    /** Each namespace with its live key count, or "-". */
    static String namespaces(Database db) {
        List<String> out = new ArrayList<>();
        for (String n : db.namespaces()) {
            long size = db.namespace(n).size();
            out.add(n + " (" + Format.count(size) + (size == 1 ? " key)" : " keys)"));
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
