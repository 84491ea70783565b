package syna.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import syna.api.Atom;
import syna.api.Database;
import syna.api.KeySpace;
import syna.cli.internal.json.JsonWriter;

/** {@code syna scan}: live keys in a key range, optionally with their values. Not thread-safe; one per execution. */
@Command(name = "scan", description = {
    "List live keys in sorted order from --from (inclusive) to --to (exclusive), optionally with values.",
    "Keys compare by their UTF-16 code units, as Database.keys() sorts them. With --values each line is "
        + "KEY TYPE VALUE (as get prints it); with --json one JSON object per key, as export writes it."})
final class ScanCommand extends DatabaseCommand {
    @Parameters(paramLabel = "DB", arity = "0..1", description = "Database directory.")
    List<String> args = new ArrayList<>();

    @Mixin
    KeySpaceOptions space = new KeySpaceOptions();

    @Option(names = "--from", paramLabel = "K", description = "First key (inclusive).")
    String from;

    @Option(names = "--to", paramLabel = "K", description = "End key (exclusive).")
    String to;

    @Option(names = {"-p", "--prefix"}, paramLabel = "P", description = "Only keys starting with P.")
    String prefix;

    @Option(names = "--values", description = "Print each key's type and value.")
    boolean values;

    @Option(names = "--json", description = "Print each key and value as one JSON object (implies --values).")
    boolean json;

    @Option(names = "--hex", description = "With --values: bytes and text in hex.")
    boolean hex;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "At most N keys.")
    Long limit;

    @Override
    public Integer call() {
        operands(args);
        if (limit != null && limit < 0) {
            throw usage("--limit must be >= 0, got " + limit);
        }
        if (hex && !values && !json) {
            throw usage("--hex applies to printed values: add --values");
        }
        try (Database db = openForReading()) {
            KeySpace keySpace = space.one(db);
            List<String> keys = range(prefix == null ? keySpace.keys() : keySpace.keys(prefix), from, to);
            PrintWriter out = out();
            long shown = 0;
            for (String key : keys) {
                if (limit != null && shown >= limit) {
                    break;
                }
                if (!values && !json) {
                    out.println(key);
                    shown++;
                    continue;
                }
                Optional<Atom> v = keySpace.get(key);
                if (v.isEmpty()) {
                    continue; // deleted since the listing
                }
                if (json) {
                    out.println(JsonWriter.write(AtomJson.toJson(key, v.get(), null)));
                } else {
                    String text = hex && (v.get() instanceof Atom.Bytes || v.get() instanceof Atom.Text)
                            ? Values.format(v.get(), true) : Values.format(v.get(), false);
                    out.println(key + " " + Values.typeName(v.get()) + " " + text);
                }
                shown++;
            }
        }
        return ExitCodes.OK;
    }

    /** The part of sorted {@code keys} in [{@code from}, {@code to}); either bound may be null. */
    static List<String> range(List<String> keys, String from, String to) {
        int start = from == null ? 0 : insertionPoint(keys, from);
        int end = to == null ? keys.size() : insertionPoint(keys, to);
        return end <= start ? List.of() : keys.subList(start, end);
    }

    private static int insertionPoint(List<String> sorted, String key) {
        int i = Collections.binarySearch(sorted, key);
        return i >= 0 ? i : -i - 1;
    }
}
