package syna.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import syna.api.Database;
import syna.api.KeySpace;

/** {@code syna keys}: live keys, sorted. Not thread-safe; one per execution. */
@Command(name = "keys", description = {"List live keys, sorted; filter by prefix or glob (* ? [abc]).",
    "User keys by default; --namespace NAME lists a namespace's keys, --all the user keys and every namespace "
        + "(one 'NAMESPACE<tab>KEY' line each, the namespace empty for user keys)."})
final class KeysCommand extends DatabaseCommand {
    @Mixin
    KeySpaceOptions space = new KeySpaceOptions();

    @Option(names = "--all", description = "The user keys and every namespace's keys.")
    boolean all;

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
        if (all && space.namespace != null) {
            throw usage("--all and --namespace are mutually exclusive");
        }
        try (Database db = openForReading()) {
            PrintWriter out = out();
            long n = 0;
            for (KeySpaceOptions.Selected s : space.selected(db, all)) {
                KeySpace ks = s.keys();
                List<String> keys = prefix != null ? ks.keys(prefix) : glob != null ? ks.keysMatching(glob) : ks.keys();
                n += keys.size();
                if (!count) {
                    for (String k : keys) {
                        out.println(all ? s.name() + "\t" + k : k);
                    }
                }
            }
            if (count) {
                out.println(n);
            }
        }
        return ExitCodes.OK;
    }
}
