package syna.studio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import syna.api.Database;

/**
 * Fault injection for the verify tests: writes records whose start offsets are known and flips one bit
 * inside a record of the log. (syna.tests has a fault-injecting FileChannel for crashes but no bit-flip
 * helper; this is the storage tests' own technique: flip one byte's bit 4 in place.)
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

    /** Flips bit 4 of the byte at {@code offset} of the log. */
    static void flip(Path dbDir, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(dbDir.resolve(LOG), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.put(0, (byte) (b.get(0) ^ 0x10));
            b.rewind();
            ch.write(b, offset);
            ch.force(true);
        }
    }
}
