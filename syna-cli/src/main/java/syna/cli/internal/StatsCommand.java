package syna.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import syna.api.Database;
import syna.api.DatabaseStats;

/** {@code syna stats}: the database's counters. Not thread-safe; one per execution. */
@Command(name = "stats", description = {
    "Show the database's counts: keys, values, values per key, file bytes, bytes per value.",
    "The words are defined in docs/cli.md: a key has a history of values; verify counts records."})
final class StatsCommand extends DatabaseCommand {
    @Parameters(paramLabel = "DB", arity = "0..1", description = "Database directory.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        operands(args);
        try (Database db = openForReading()) {
            DatabaseStats s = db.stats();
            PrintWriter out = out();
            out.printf(Locale.ROOT, "%-22s %s%n", "live keys", Format.count(s.liveKeys()));
            out.printf(Locale.ROOT, "%-22s %s%n", "deleted keys", Format.count(s.totalKeys() - s.liveKeys()));
            out.printf(Locale.ROOT, "%-22s %s%n", "keys", Format.count(s.totalKeys()));
            out.printf(Locale.ROOT, "%-22s %s%n", "values", Format.count(s.entries()));
            out.printf(Locale.ROOT, "%-22s %.1f%n", "values per key", s.valuesPerKey());
            out.printf(Locale.ROOT, "%-22s %s%n", "namespaces", Format.count(s.namespaces()));
            out.printf(Locale.ROOT, "%-22s %s%n", "namespace live keys", Format.count(s.namespaceLiveKeys()));
            out.printf(Locale.ROOT, "%-22s %s (%s)%n", "file bytes", Format.count(s.fileBytes()), Format.bytes(s.fileBytes()));
            out.printf(Locale.ROOT, "%-22s %.1f%n", "bytes per value", s.entries() == 0 ? 0.0
                    : (double) s.fileBytes() / s.entries());
            out.printf(Locale.ROOT, "%-22s %s (format version %d)%n", "engine", s.engine(), s.formatVersion());
            out.printf(Locale.ROOT, "%-22s %s%n", "codecs", InfoCommand.codecs(s));
        }
        return ExitCodes.OK;
    }
}
