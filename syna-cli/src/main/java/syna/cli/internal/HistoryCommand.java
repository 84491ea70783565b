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
import syna.api.KeyNotFoundException;
import syna.cli.internal.json.JsonValue;
import syna.cli.internal.json.JsonWriter;

/** {@code syna history}: every value a key had, oldest first. Not thread-safe; one per execution. */
@Command(name = "history", description = "Print every value KEY ever had, oldest first, with ISO-8601 UTC write times.")
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

    @Option(names = {"-n", "--last"}, paramLabel = "N", description = "Only the N most recent entries.")
    Integer last;

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
        List<HistoryEntry> history;
        try (Database db = openForReading()) {
            history = space.one(db).history(key);
        }
        if (history.isEmpty()) {
            throw new KeyNotFoundException("key '" + key + "' not found in " + dbPath() + ": it has no history");
        }
        int from = last == null ? 0 : Math.max(0, history.size() - last);
        List<HistoryEntry> shown = history.subList(from, history.size());
        PrintWriter out = out();
        switch (f) {
            case TABLE -> table(out, shown, from);
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
