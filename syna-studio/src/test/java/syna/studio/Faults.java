package syna.studio;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import syna.api.Database;
import syna.tests.fault.BitFlips;

/**
 * Fault injection for the verify tests: writes records whose start offsets are known; the bits are flipped
 * inside a record of the log by syna.tests' {@link BitFlips}.
 */
final class Faults {
    /** The storage engine's log file in the database directory. */
    static final String LOG = "data.log";

    private Faults() {}

    /** Writes {@code n} text records and returns the offset at which each starts (synced to the file). */
    static List<Long> writeRecords(Database db, String prefix, int n) {
        List<Long> offsets = new ArrayList<>();
        db.sync();
        for (int i = 0; i < n; i++) {
            offsets.add(db.stats().fileBytes());
            db.putText(prefix + i, "fault target " + i + " with some payload to flip");
            db.sync();
        }
        return offsets;
    }

    /** Flips bit 4 of the byte at {@code offset} of the log (syna.tests' {@link BitFlips}). */
    static void flip(Path dbDir, long offset) {
        BitFlips.flip(dbDir.resolve(LOG), offset);
    }
}
