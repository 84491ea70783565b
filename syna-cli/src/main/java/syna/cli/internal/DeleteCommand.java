package syna.cli.internal;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import syna.api.Database;
import syna.api.KeyNotFoundException;

/** {@code syna delete}: writes a tombstone; the history stays. Not thread-safe; one per execution. */
@Command(name = "delete", description = "Delete KEY (its history is kept until compaction drops it).")
final class DeleteCommand extends DatabaseCommand {
    @Mixin
    WriteOptions write;

    @Parameters(paramLabel = "[DB] KEY", hideParamSyntax = true, description = "Database directory and key.")
    List<String> args = new ArrayList<>();

    @Option(names = {"-f", "--if-exists"}, description = "Succeed quietly when KEY has no live value.")
    boolean ifExists;

    @Override
    public Integer call() {
        String key = operands(args, "KEY").getFirst();
        try (Database db = openForWriting(false)) {
            if (!db.exists(key)) {
                if (ifExists) {
                    return ExitCodes.OK;
                }
                throw new KeyNotFoundException("key '" + key + "' not found in " + dbPath() + " (nothing deleted)");
            }
            db.delete(key);
        }
        out().println("deleted " + key);
        return ExitCodes.OK;
    }
}
