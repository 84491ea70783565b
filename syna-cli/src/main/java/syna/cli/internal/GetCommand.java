package syna.cli.internal;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import syna.api.Atom;
import syna.api.Database;
import syna.api.KeyNotFoundException;
import syna.cli.internal.json.JsonWriter;

/** {@code syna get}: the latest value of a key with its type. Not thread-safe; one per execution. */
@Command(name = "get", description = {
    "Print the latest value of KEY with its type.",
    "Output is 'TYPE VALUE': float64, int64, text, bytes (base64, or hex with --hex) or "
        + "vector (comma-separated components)."})
final class GetCommand extends DatabaseCommand {
    @Parameters(paramLabel = "[DB] KEY", hideParamSyntax = true, description = "Database directory and key.")
    List<String> args = new ArrayList<>();

    @Mixin
    KeySpaceOptions space = new KeySpaceOptions();

    @Option(names = "--hex", description = "Print bytes in hex instead of base64.")
    boolean hex;

    @Option(names = "--json", description = "Print the value as one JSON object, as export writes it.")
    boolean json;

    @Option(names = "--value-only", description = "Print the value without its type.")
    boolean valueOnly;

    @Override
    public Integer call() {
        String key = operands(args, "KEY").getFirst();
        try (Database db = openForReading()) {
            Atom value = space.one(db).get(key).orElseThrow(
                    () -> new KeyNotFoundException("key '" + key + "' not found in " + dbPath()));
            if (json) {
                out().println(JsonWriter.write(AtomJson.toJson(key, value, null)));
            } else if (valueOnly) {
                out().println(Values.format(value, hex));
            } else {
                out().println(Values.typeName(value) + " " + Values.format(value, hex));
            }
        }
        return ExitCodes.OK;
    }
}
