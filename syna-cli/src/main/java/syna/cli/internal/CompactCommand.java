package syna.cli.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;
import syna.api.CompactionResult;
import syna.api.Database;
import syna.api.HistoryRetention;

/** {@code syna compact}: rewrites live data, keeping the chosen history. Not thread-safe; one per execution. */
@Command(name = "compact", description = "Rewrite live data to a new file and swap it in atomically.")
final class CompactCommand extends DatabaseCommand {
    @Mixin
    WriteOptions write;

    /** Parses {@code all}, {@code none} and {@code last:N}. */
    static final class RetentionConverter implements ITypeConverter<HistoryRetention> {
        @Override
        public HistoryRetention convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            if (v.equals("all")) {
                return HistoryRetention.all();
            }
            if (v.equals("none")) {
                return HistoryRetention.none();
            }
            if (v.startsWith("last:")) {
                try {
                    int n = Integer.parseInt(v.substring(5));
                    if (n >= 1) {
                        return HistoryRetention.lastN(n);
                    }
                } catch (NumberFormatException e) {
                    // reported below with the accepted forms
                }
            }
            throw new TypeConversionException("'" + value + "' is not all, none or last:N with N >= 1");
        }
    }

    @Parameters(paramLabel = "DB", arity = "0..1", description = "Database directory.")
    List<String> args = new ArrayList<>();

    @Option(names = {"-k", "--keep"}, paramLabel = "all|last:N|none", converter = RetentionConverter.class,
            description = "History kept per live key: all (default), the last N values, or none (the latest only).")
    HistoryRetention keep;

    @Override
    public Integer call() {
        operands(args);
        try (Database db = openForWriting(false)) {
            long t0 = System.nanoTime();
            CompactionResult r = db.compact(keep == null ? db.options().retention() : keep,
                    TerminalProgress.of(err(), "compact"));
            long t = System.nanoTime() - t0;
            out().printf(Locale.ROOT, "compacted %s in %s: values %s -> %s, bytes %s -> %s (%s), %s%n",
                    dbPath(), Format.millis(t), Format.count(r.entriesBefore()), Format.count(r.entriesAfter()),
                    Format.count(r.bytesBefore()), Format.count(r.bytesAfter()), saved(r), r.retention());
        }
        return ExitCodes.OK;
    }

    private static String saved(CompactionResult r) {
        if (r.bytesBefore() <= 0) {
            return "nothing to save";
        }
        return String.format(Locale.ROOT, "%.1f%% saved", 100.0 * (r.bytesBefore() - r.bytesAfter()) / r.bytesBefore());
    }
}
