package syna.cli.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import syna.api.Atom;
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
    "Writes every value in file order. The file is checked first: a bad line is reported with "
        + "its line number and nothing is written. Blank lines are skipped; type null deletes the "
        + "key. A line with a \"namespace\" goes to that namespace (created when missing); the others "
        + "to the user keys, or to --namespace NAME."})
final class ImportCommand extends DatabaseCommand {
    @Mixin
    WriteOptions write;

    @Parameters(paramLabel = "[DB] FILE", hideParamSyntax = true, description = "Database directory and input file.")
    List<String> args = new ArrayList<>();

    @Option(names = {"-N", "--namespace"}, paramLabel = "NAME",
            description = "Write lines without a namespace into namespace NAME instead of the user keys.")
    String namespace;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "10000",
            description = "Writes per atomic batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() {
        Path file = Path.of(operands(args, "FILE").getFirst());
        if (batchSize < 1) {
            throw usage("--batch must be >= 1, got " + batchSize);
        }
        long count = read(file, e -> {}, TerminalProgress.of(err(), "import: checking"));
        long written;
        try (Database db = openForWriting(true)) {
            Loader loader = new Loader(db, batchSize, namespace == null ? "" : namespace);
            read(file, loader::add, TerminalProgress.of(err(), "import: writing"));
            written = loader.finish();
        }
        out().println("imported " + Format.count(written) + " of " + Format.count(count) + " entries from " + file);
        return ExitCodes.OK;
    }

    /**
     * Writes entries in file order: a run of float64 (or int64) values of one key goes in with one
     * {@code putFloats} ({@code putInts}) call, so a time series is stored as a series again; other
     * entries go in atomic batches. Not thread-safe; one per import.
     */
    static final class Loader {
        private final Database db;
        private final int batchSize;
        private final String defaultNamespace;
        private WriteBatch batch = WriteBatch.create();
        private String runNamespace;
        private String runKey;
        private boolean runIsFloat;
        private double[] doubles = new double[64];
        private long[] longs = new long[64];
        private int runLength;
        private long written;

        Loader(Database db, int batchSize, String defaultNamespace) {
            this.db = db;
            this.batchSize = batchSize;
            this.defaultNamespace = defaultNamespace;
        }

        void add(AtomJson.Entry e) {
            String ns = e.namespace().isEmpty() ? defaultNamespace : e.namespace();
            switch (e.value()) {
                case Atom.Float64 f -> {
                    startRun(ns, e.key(), true);
                    if (runLength == doubles.length) {
                        doubles = Arrays.copyOf(doubles, runLength * 2);
                    }
                    doubles[runLength++] = f.value();
                }
                case Atom.Int64 i -> {
                    startRun(ns, e.key(), false);
                    if (runLength == longs.length) {
                        longs = Arrays.copyOf(longs, runLength * 2);
                    }
                    longs[runLength++] = i.value();
                }
                default -> {
                    flushRun();
                    (ns.isEmpty() ? batch : batch.in(ns)).put(e.key(), e.value());
                    if (batch.size() >= batchSize) {
                        flushBatch();
                    }
                }
            }
            if (runLength >= batchSize) {
                flushRun();
            }
        }

        private void startRun(String ns, String key, boolean isFloat) {
            if (runLength > 0 && (!key.equals(runKey) || !ns.equals(runNamespace) || isFloat != runIsFloat)) {
                flushRun();
            }
            runNamespace = ns;
            runKey = key;
            runIsFloat = isFloat;
        }

        private void flushRun() {
            if (runLength == 0) {
                return;
            }
            flushBatch(); // keep file order: earlier entries first
            syna.api.KeySpace ks = runNamespace.isEmpty() ? db : db.namespace(runNamespace);
            if (runIsFloat) {
                ks.putFloats(runKey, Arrays.copyOf(doubles, runLength));
            } else {
                ks.putInts(runKey, Arrays.copyOf(longs, runLength));
            }
            written += runLength;
            runLength = 0;
        }

        private void flushBatch() {
            if (!batch.isEmpty()) {
                db.write(batch);
                written += batch.size();
                batch = WriteBatch.create();
            }
        }

        /** Writes what is pending; returns the number of entries written. */
        long finish() {
            flushRun();
            flushBatch();
            return written;
        }
    }

    /** Parses every line of {@code file}, handing each entry to {@code sink}; returns the count. */
    static long read(Path file, Consumer<AtomJson.Entry> sink) {
        return read(file, sink, syna.api.Progress.NONE);
    }

    /** As {@link #read(Path, Consumer)}, telling {@code progress} the bytes read of the file's size. */
    static long read(Path file, Consumer<AtomJson.Entry> sink, syna.api.Progress progress) {
        long count = 0;
        int lineNo = 0;
        long[] consumed = {0};
        try (java.io.InputStream raw = Files.newInputStream(file);
                BufferedReader r = new BufferedReader(new java.io.InputStreamReader(new java.io.FilterInputStream(raw) {
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, len);
                        consumed[0] += Math.max(0, n);
                        return n;
                    }
                }, StandardCharsets.UTF_8.newDecoder()))) {
            long size = Files.size(file);
            progress.update("lines", 0, size);
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if ((lineNo & 1023) == 0) {
                    progress.update("lines", Math.min(consumed[0], size), size);
                }
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
            progress.update("lines", size, size);
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
