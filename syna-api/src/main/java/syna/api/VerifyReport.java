package syna.api;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Database#verify()} found after reading every byte and checking every CRC. Immutable;
 * thread-safe.
 *
 * @param files files checked
 * @param bytesChecked bytes read
 * @param entriesChecked log records whose CRC was checked (a record holds one value, or a whole series
 *     of up to 65,536 points, or a batch's part; see {@link DatabaseStats} for the words)
 * @param problems every problem found, with its file and offset; empty when the database is sound
 * @param tornTails incomplete writes at the end of a file (a crash mid-write): not damage, since
 *     nothing acknowledged is in them, but bytes that recovery cuts; empty when there are none
 */
public record VerifyReport(
        List<Path> files, long bytesChecked, long entriesChecked, List<Problem> problems, List<TornTail> tornTails) {
    /**
     * One problem: where it is and what is wrong.
     *
     * @param file the damaged file
     * @param offset byte offset of the problem in {@code file}
     * @param description what was expected and what was found
     */
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

    /**
     * An incomplete write at the end of a file: the bytes from {@code offset} to the end belong to a
     * record or atomic unit that never finished.
     *
     * @param file the file
     * @param offset where the incomplete unit starts (the file is valid before it)
     * @param bytes bytes from {@code offset} to the end of the file
     * @param cut whether they were already cut (a writable open truncates them; a read-only one leaves
     *     the file as it is, so they are cut by the next writable open)
     */
    public record TornTail(Path file, long offset, long bytes, boolean cut) {
        /** Checks the fields. */
        public TornTail {
            syna.api.internal.Checks.notNull(file, "file");
            if (offset < 0 || bytes < 1) {
                throw new InvalidArgumentException("torn tail needs offset >= 0 and bytes >= 1, got " + offset
                        + " and " + bytes);
            }
        }

        @Override
        public String toString() {
            return file + " @" + offset + ": " + bytes + " bytes of an unfinished write"
                    + (cut ? ", cut on open" : ", cut by the next writable open");
        }
    }

    /** Copies the lists. */
    public VerifyReport {
        files = List.copyOf(syna.api.internal.Checks.notNull(files, "files"));
        syna.api.internal.Checks.notNull(problems, "problems");
        problems = List.copyOf(problems);
        tornTails = List.copyOf(syna.api.internal.Checks.notNull(tornTails, "torn tails"));
    }

    /**
     * A report without torn tails.
     *
     * @param files files checked
     * @param bytesChecked bytes read
     * @param entriesChecked log records whose CRC was checked
     * @param problems every problem found
     */
    public VerifyReport(List<Path> files, long bytesChecked, long entriesChecked, List<Problem> problems) {
        this(files, bytesChecked, entriesChecked, problems, List.of());
    }

    /**
     * Whether the database is sound.
     *
     * @return true when no problem was found (a torn tail is not a problem: nothing acknowledged is lost)
     */
    public boolean ok() {
        return problems.isEmpty();
    }

    /**
     * This report with one more torn tail.
     *
     * @param tail the torn tail to add
     * @return a new report
     */
    public VerifyReport withTornTail(TornTail tail) {
        List<TornTail> all = new java.util.ArrayList<>(tornTails);
        all.add(tail);
        return new VerifyReport(files, bytesChecked, entriesChecked, problems, all);
    }
}
