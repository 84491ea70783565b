package syna.cli.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import syna.api.Database;
import syna.api.SerializationException;
import syna.api.SynaIOException;
import syna.api.WriteBatch;
import syna.cli.internal.json.JsonParseException;
import syna.cli.internal.json.JsonReader;

/**
 * {@code syna import}: reads JSON Lines written by {@code export}. The whole file is checked before
 * anything is written, so a malformed line leaves the database untouched. Not thread-safe; one per
 * execution.
 */
@Command(name = "import", description = {
    "Load a JSON Lines FILE written by 'syna export'.",
    "Writes every value in file order.",
    "The file is checked first: a bad line is reported with its line number and nothing is written.",
    "Blank lines are skipped; type null deletes the key."})
final class ImportCommand extends DatabaseCommand {
    @Parameters(paramLabel = "[DB] FILE", hideParamSyntax = true, description = "Database directory and input file.")
    List<String> args = new ArrayList<>();

    @Option(names = "--batch", paramLabel = "N", defaultValue = "10000",
            description = "Writes per atomic batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() {
        Path file = Path.of(operands(args, "FILE").getFirst());
        if (batchSize < 1) {
            throw usage("--batch must be >= 1, got " + batchSize);
        }
        long count = read(file, e -> {});
        long[] written = {0};
        try (Database db = openForWriting(true)) {
            WriteBatch[] batch = {WriteBatch.create()};
            read(file, e -> {
                batch[0].put(e.key(), e.value());
                if (batch[0].size() >= batchSize) {
                    db.write(batch[0]);
                    written[0] += batch[0].size();
                    batch[0] = WriteBatch.create();
                }
            });
            if (!batch[0].isEmpty()) {
                db.write(batch[0]);
                written[0] += batch[0].size();
            }
        }
        out().println("imported " + Format.count(written[0]) + " of " + Format.count(count) + " entries from " + file);
        return ExitCodes.OK;
    }

    /** Parses every line of {@code file}, handing each entry to {@code sink}; returns the count. */
    static long read(Path file, Consumer<AtomJson.Entry> sink) {
        long count = 0;
        int lineNo = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                AtomJson.Entry e;
                try {
                    e = AtomJson.fromJson(JsonReader.parse(line, lineNo));
                } catch (JsonParseException ex) {
                    throw new SerializationException(file + ": " + ex.getMessage(), ex);
                } catch (SerializationException ex) {
                    throw new SerializationException(file + ": line " + lineNo + ": " + ex.getMessage(), ex);
                }
                sink.accept(e);
                count++;
            }
        } catch (NoSuchFileException e) {
            throw new SynaIOException("import file " + file + " does not exist", e);
        } catch (CharacterCodingException e) {
            throw new SerializationException(file + ": line " + (lineNo + 1) + ": not valid UTF-8", e);
        } catch (IOException e) {
            throw new SynaIOException("cannot read import file " + file + ": " + e.getMessage(), e);
        }
        return count;
    }
}
