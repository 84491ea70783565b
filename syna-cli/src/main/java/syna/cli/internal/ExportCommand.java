package syna.cli.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import syna.api.Atom;
import syna.api.Database;
import syna.api.HistoryEntry;
import syna.api.KeySpace;
import syna.api.SynaIOException;
import syna.cli.internal.json.JsonWriter;

/** {@code syna export}: writes the database as JSON Lines. Not thread-safe; one per execution. */
@Command(name = "export", description = {
    "Write live keys and values (or their history) to FILE as JSON Lines.",
    "One {\"key\",\"type\",\"value\"} object per line; '-' writes to standard output. With "
        + "--history: every value each live key ever had, oldest first, with its write time; "
        + "deletes appear as type null (keys deleted for good are not listed). 'syna import' reads "
        + "the file back exactly; write times are not kept."})
final class ExportCommand extends DatabaseCommand {
    @Parameters(paramLabel = "[DB] FILE", hideParamSyntax = true, description = "Database directory and output file.")
    List<String> args = new ArrayList<>();

    @Mixin
    KeySpaceOptions space = new KeySpaceOptions();

    @Option(names = "--all", description = "The user keys and every namespace (lines of a namespace name it).")
    boolean all;

    @Option(names = "--history", description = "Export the history of each live key, not only its latest value.")
    boolean history;

    @Option(names = {"-p", "--prefix"}, paramLabel = "P", description = "Only keys starting with P.")
    String prefix;

    @Override
    public Integer call() {
        Path file = Path.of(operands(args, "FILE").getFirst());
        boolean toStdout = file.toString().equals("-");
        long lines;
        if (all && space.namespace != null) {
            throw usage("--all and --namespace are mutually exclusive");
        }
        try (Database db = openForReading()) {
            if (toStdout) {
                lines = write(db, out());
                out().flush();
            } else {
                try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    lines = write(db, w);
                }
            }
        } catch (IOException e) {
            throw new SynaIOException("cannot write export file " + file + ": " + e.getMessage(), e);
        }
        if (!toStdout) {
            out().println("exported " + Format.count(lines) + (history ? " history entries" : " keys") + " to " + file);
        }
        return ExitCodes.OK;
    }

    private long write(Database db, Writer w) throws IOException {
        long lines = 0;
        StringBuilder sb = new StringBuilder(256);
        for (KeySpaceOptions.Selected s : space.selected(db, all)) {
            KeySpace ks = s.keys();
            String ns = all ? s.name() : ""; // --namespace alone exports plain lines, importable anywhere
            List<String> keys = prefix == null ? ks.keys() : ks.keys(prefix);
            for (String key : keys) {
                if (history) {
                    for (HistoryEntry e : ks.history(key)) {
                        lines += line(w, sb, ns, key, e.value(), e.timestampMicros());
                    }
                } else {
                    Optional<Atom> v = ks.get(key); // a key deleted since keys() was read is skipped
                    if (v.isPresent()) {
                        lines += line(w, sb, ns, key, v.get(), null);
                    }
                }
            }
        }
        return lines;
    }

    private static int line(Writer w, StringBuilder sb, String ns, String key, Atom value, Long micros)
            throws IOException {
        sb.setLength(0);
        JsonWriter.write(AtomJson.toJson(ns, key, value, micros), sb);
        sb.append('\n');
        w.append(sb);
        return 1;
    }
}
