package syna.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import syna.api.Atom;
import syna.api.Database;
import syna.api.ErrorCode;
import syna.api.KeyNotFoundException;
import syna.api.KeySpace;
import syna.cli.internal.json.JsonWriter;

/** {@code syna get}: the latest value of one or more keys. Not thread-safe; one per execution. */
@Command(name = "get", description = {
    "Print the latest value of each KEY.",
    "One key: TYPE VALUE, e.g. float64 21.5. Several keys: KEY TYPE VALUE per line, in the order given. "
        + "Types: null, float64, int64, text, bytes (base64, or hex with --hex), vector (comma-separated "
        + "components). A missing key is reported on stderr and the others are still printed; the exit "
        + "status is then 15."})
final class GetCommand extends DatabaseCommand {
    @Parameters(paramLabel = "[DB] KEY...", hideParamSyntax = true, description = "Database directory and keys.")
    List<String> args = new ArrayList<>();

    @Mixin
    KeySpaceOptions space = new KeySpaceOptions();

    @Option(names = "--hex", description = "Bytes in hex instead of base64; text as the hex of its UTF-8 bytes. "
            + "Refused (exit 22) for other types.")
    boolean hex;

    @Option(names = "--json", description = "One JSON object per key, as export writes it.")
    boolean json;

    @Option(names = "--value-only", description = "Print the value without key and type.")
    boolean valueOnly;

    @Override
    public Integer call() {
        List<String> keys = operands(args, 1, Integer.MAX_VALUE, "KEY...");
        PrintWriter out = out();
        int missing = 0;
        try (Database db = openForReading()) {
            KeySpace keySpace = space.one(db);
            for (String key : keys) {
                Optional<Atom> value = keySpace.get(key);
                if (value.isEmpty() && keys.size() == 1) {
                    throw new KeyNotFoundException("key '" + key + "' not found in " + dbPath());
                }
                if (value.isEmpty()) {
                    missing++;
                    out.flush();
                    err().println("error: key '" + key + "' not found in " + dbPath());
                    continue;
                }
                Atom v = value.get();
                if (hex) {
                    Values.checkHex(key, v);
                }
                if (json) {
                    out.println(JsonWriter.write(AtomJson.toJson(key, v, null)));
                } else if (valueOnly) {
                    out.println(Values.format(v, hex));
                } else {
                    out.println((keys.size() > 1 ? key + " " : "") + Values.typeName(v) + " " + Values.format(v, hex));
                }
            }
        }
        return missing == 0 ? ExitCodes.OK : ExitCodes.of(ErrorCode.KEY_NOT_FOUND);
    }
}
