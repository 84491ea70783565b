package syna.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import syna.api.Database;
import syna.api.HistoryEntry;
import syna.api.HistoryQuery;
import syna.api.KeySpace;
import syna.api.KeyNotFoundException;
import syna.cli.internal.json.JsonValue;
import syna.cli.internal.json.JsonWriter;

/** {@code syna history}: every value a key had, oldest first. Not thread-safe; one per execution. */
@Command(name = "history", description = {"Print every value KEY ever had, oldest first, with ISO-8601 UTC write times.",
    "--from and --to (ISO-8601 like 2026-01-31T12:00:00Z, or microseconds since the epoch) select [from, to);"
        + " the engine finds the range in its index without reading the rest of the history."})
final class HistoryCommand extends DatabaseCommand {
    /** Output formats. */
    enum HistoryFormat {
        TABLE, CSV, JSON
    }

    @Parameters(paramLabel = "[DB] KEY", hideParamSyntax = true, description = "Database directory and key.")
    List<String> args = new ArrayList<>();

    @Mixin
    KeySpaceOptions space = new KeySpaceOptions();

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"-n", "--last"}, paramLabel = "N", description = "Only the N most recent entries (of the range).")
    Integer last;

    @Option(names = "--from", paramLabel = "TIME", description = "Only entries at or after TIME.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Only entries before TIME.")
    String to;

    /** {@code text} as microseconds since the epoch: an integer, or an ISO-8601 instant or date. */
    long micros(String option, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException notNumber) {
            try {
                java.time.Instant t = text.length() == 10
                        ? java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                        : java.time.Instant.parse(text);
                return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
            } catch (java.time.format.DateTimeParseException | ArithmeticException e) {
                throw usage(option + " '" + text + "' is neither microseconds since the epoch nor an ISO-8601 time"
                        + " (2026-01-31T12:00:00Z or 2026-01-31)");
            }
        }
    }

    @Override
    public Integer call() {
        String key = operands(args, "KEY").getFirst();
        HistoryFormat f;
        try {
            f = HistoryFormat.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usage("unknown --format '" + format + "': use table, csv or json");
        }
        if (last != null && last < 0) {
            throw usage("--last must be >= 0, got " + last);
        }
        long fromMicros = from == null ? Long.MIN_VALUE : micros("--from", from);
        long toMicros = to == null ? Long.MAX_VALUE : micros("--to", to);
        if (fromMicros > toMicros) {
            throw usage("--from " + from + " is after --to " + to);
        }
        HistoryQuery query = new HistoryQuery(fromMicros, toMicros, last == null ? Integer.MAX_VALUE : last);
        List<HistoryEntry> shown;
        int first;
        try (Database db = openForReading()) {
            KeySpace ks = space.one(db);
            if (from == null && to == null) {
                List<HistoryEntry> history = ks.history(key);
                if (history.isEmpty()) {
                    throw new KeyNotFoundException("key '" + key + "' not found in " + dbPath() + ": it has no history");
                }
                first = last == null ? 0 : Math.max(0, history.size() - last);
                shown = history.subList(first, history.size());
            } else {
                shown = ks.history(key, query);
                if (shown.isEmpty() && ks.history(key, HistoryQuery.last(1)).isEmpty()) {
                    throw new KeyNotFoundException("key '" + key + "' not found in " + dbPath() + ": it has no history");
                }
                first = 0; // numbered within the range
            }
        }
        int start = first;
        PrintWriter out = out();
        switch (f) {
            case TABLE -> table(out, shown, start);
            case CSV -> csv(out, shown);
            case JSON -> json(out, key, shown);
        }
        return ExitCodes.OK;
    }

    private static void table(PrintWriter out, List<HistoryEntry> entries, int first) {
        out.printf(Locale.ROOT, "%-7s %-27s %-8s %s%n", "#", "time", "type", "value");
        int i = first;
        for (HistoryEntry e : entries) {
            out.printf(Locale.ROOT, "%-7d %-27s %-8s %s%n", ++i, Values.isoTime(e.timestampMicros()),
                    Values.typeName(e.value()), Values.format(e.value(), false));
        }
    }

    private static void csv(PrintWriter out, List<HistoryEntry> entries) {
        out.println("time,micros,type,value");
        for (HistoryEntry e : entries) {
            out.println(Values.isoTime(e.timestampMicros()) + "," + e.timestampMicros() + ","
                    + Values.typeName(e.value()) + "," + csvField(Values.format(e.value(), false)));
        }
    }

    /** RFC 4180: quote a field holding a comma, quote, CR or LF; double the quotes. */
    static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static void json(PrintWriter out, String key, List<HistoryEntry> entries) {
        List<JsonValue> items = new ArrayList<>(entries.size());
        for (HistoryEntry e : entries) {
            items.add(AtomJson.toJson(key, e.value(), e.timestampMicros()));
        }
        out.println(JsonWriter.write(new JsonValue.JsonArray(items)));
    }
}
