package syna.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import syna.api.Database;

/** {@code syna keys}: live keys, sorted. Not thread-safe; one per execution. */
@Command(name = "keys", description = "List live keys, sorted; filter by prefix or glob (* ? [abc]).")
final class KeysCommand extends DatabaseCommand {
    @Parameters(paramLabel = "DB", arity = "0..1", description = "Database directory.")
    List<String> args = new ArrayList<>();

    @Option(names = {"-p", "--prefix"}, paramLabel = "P", description = "Only keys starting with P.")
    String prefix;

    @Option(names = {"-g", "--glob"}, paramLabel = "G", description = "Only keys matching the glob G.")
    String glob;

    @Option(names = {"-c", "--count"}, description = "Print only the number of keys.")
    boolean count;

    @Override
    public Integer call() {
        operands(args);
        if (prefix != null && glob != null) {
            throw usage("--prefix and --glob are mutually exclusive");
        }
        try (Database db = openForReading()) {
            List<String> keys = prefix != null ? db.keys(prefix) : glob != null ? db.keysMatching(glob) : db.keys();
            PrintWriter out = out();
            if (count) {
                out.println(keys.size());
            } else {
                keys.forEach(out::println);
            }
        }
        return ExitCodes.OK;
    }
}
