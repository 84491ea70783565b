package syna.api;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Database#verify()} found after reading every byte and checking every CRC.
 *
 * @param files files checked
 * @param bytesChecked bytes read
 * @param entriesChecked log entries whose CRC was checked
 * @param problems every problem found, with its file and offset; empty when the database is sound
 */
public record VerifyReport(List<Path> files, long bytesChecked, long entriesChecked, List<Problem> problems) {
    /** One problem: where it is and what is wrong. */
    public record Problem(Path file, long offset, String description) {
        /** Rejects nulls. */
        public Problem {
            syna.api.internal.Checks.notNull(file, "file");
            syna.api.internal.Checks.notNull(description, "description");
        }

        @Override
        public String toString() {
            return file + " @" + offset + ": " + description;
        }
    }

    /** Copies the lists. */
    public VerifyReport {
        files = List.copyOf(syna.api.internal.Checks.notNull(files, "files"));
        syna.api.internal.Checks.notNull(problems, "problems");
        problems = List.copyOf(problems);
    }

    /** Whether no problem was found. */
    public boolean ok() {
        return problems.isEmpty();
    }
}
