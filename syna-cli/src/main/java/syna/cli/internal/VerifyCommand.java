package syna.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import syna.api.CorruptFileException;
import syna.api.Database;
import syna.api.ErrorCode;
import syna.api.VerifyReport;

/** {@code syna verify}: reads every byte and checks every CRC. Not thread-safe; one per execution. */
@Command(name = "verify", description = {
    "Check every byte and checksum; print each problem with its offset.",
    "Exits 0 when the database is sound, 17 (corrupt file) when a problem was found. A torn tail (an "
        + "unfinished write at the end, from a crash) is not a problem; verify says how many bytes the next "
        + "writable open cuts."})
final class VerifyCommand extends DatabaseCommand {
    @Parameters(paramLabel = "DB", arity = "0..1", description = "Database directory.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        operands(args);
        PrintWriter out = out();
        VerifyReport report;
        try (Database db = openForReading()) {
            report = db.verify(TerminalProgress.of(err(), "verify"));
        } catch (CorruptFileException e) {
            // Damage that stops the database from opening is a finding, not a crash: report it, then
            // reopen read-only skipping damaged ranges (the file is left as is) to check the rest.
            String where = e.file().map(Object::toString).orElse("?") + " @" + e.offset();
            out.println("problem: " + where + ": " + e.getMessage() + " (the database opens only with --salvage)");
            try (Database db = openForSalvageReading()) {
                report = db.verify();
            } catch (CorruptFileException again) {
                out.println("FAILED: the database does not open, not even with --salvage");
                return ExitCodes.of(ErrorCode.CORRUPT_FILE);
            }
            report.problems().stream().filter(p -> p.offset() != e.offset()).forEach(
                    p -> out.println("problem: " + p.file() + " @" + p.offset() + ": " + p.description()));
            tails(out, report);
            out.println("FAILED: " + summary(report) + "; " + (1 + report.problems().stream()
                    .filter(p -> p.offset() != e.offset()).count()) + " problem(s)");
            return ExitCodes.of(ErrorCode.CORRUPT_FILE);
        }
        for (VerifyReport.Problem p : report.problems()) {
            out.println("problem: " + p.file() + " @" + p.offset() + ": " + p.description());
        }
        tails(out, report);
        String summary = summary(report);
        if (report.ok()) {
            out.println("OK: " + summary);
            return ExitCodes.OK;
        }
        out.println("FAILED: " + summary + "; " + report.problems().size() + " problem(s)");
        return ExitCodes.of(ErrorCode.CORRUPT_FILE);
    }

    private static String summary(VerifyReport report) {
        return report.files().size() + " file(s), " + Format.count(report.bytesChecked()) + " bytes, "
                + Format.count(report.entriesChecked()) + " records checked"
                + (report.tornTails().isEmpty() ? "" : "; torn tail: " + report.tornTails().size());
    }

    /** A torn tail is no damage (nothing acknowledged is in it), but say what recovery cuts. */
    private static void tails(PrintWriter out, VerifyReport report) {
        for (VerifyReport.TornTail t : report.tornTails()) {
            out.println("torn tail: " + t.file() + " @" + t.offset() + ": " + Format.count(t.bytes())
                    + " bytes of an unfinished write (a crash mid-write); "
                    + (t.cut() ? "cut when the database was opened"
                            : "the next writable open cuts them, keeping everything before offset " + t.offset()));
        }
    }
}
