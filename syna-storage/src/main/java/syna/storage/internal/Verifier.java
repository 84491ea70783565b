package syna.storage.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import syna.api.CorruptFileException;
import syna.api.FormatVersionException;
import syna.api.VerifyReport;
import syna.api.spi.format.FileHeader;

/**
 * Reads a log end to end and checks the header and every record's bounds and CRC32C, collecting
 * every problem with its offset instead of stopping at the first. A damaged record whose length
 * field is plausible is skipped by that length; otherwise the scan resynchronises on the next
 * valid record. Stateless.
 */
final class Verifier {
    private Verifier() {}

    static VerifyReport verify(FileChannel channel, Path file, long end, syna.api.Progress progress) throws IOException {
        ProgressTicker ticker = new ProgressTicker(progress, "checking records", end);
        VerifyReport report = verify(channel, file, end, ticker);
        ticker.finish();
        return report;
    }

    private static VerifyReport verify(FileChannel channel, Path file, long end, ProgressTicker ticker)
            throws IOException {
        List<VerifyReport.Problem> problems = new ArrayList<>();
        long start;
        int version;
        try {
            version = FileHeader.read(channel, file).expect(file, RecordFormat.KIND, LogStorageEngineProvider.NAME,
                    RecordFormat.FORMAT_VERSION).formatVersion();
            start = FileHeader.lengthInFile(channel);
        } catch (CorruptFileException e) {
            problems.add(new VerifyReport.Problem(file, e.offset(), e.getMessage()));
            return new VerifyReport(List.of(file), Math.min(end, FileHeader.SIZE), 0, problems);
        } catch (FormatVersionException e) {
            problems.add(new VerifyReport.Problem(file, 0, e.getMessage()));
            return new VerifyReport(List.of(file), Math.min(end, FileHeader.SIZE), 0, problems);
        }
        LogCursor cur = new LogCursor(channel, end, version);
        long pos = start;
        long records = 0;
        long unitStart = -1;
        while (pos < end) {
            ticker.tick(pos);
            String problem = cur.check(pos);
            if (problem == null) {
                records++;
                if ((cur.flags & RecordFormat.FLAG_CONTINUES) != 0) {
                    unitStart = unitStart < 0 ? pos : unitStart;
                } else {
                    unitStart = -1;
                }
                pos += cur.length;
                continue;
            }
            problems.add(new VerifyReport.Problem(file, pos, problem));
            records++;
            long next = plausibleEnd(channel, pos, end);
            if (next >= 0 && next < end && cur.check(next) != null && !followsAsRecord(channel, next, end, version, cur)) {
                next = -1; // the length led nowhere a record starts: the length field itself is damaged
            }
            if (next < 0) {
                next = cur.findNext(pos);
            }
            if (next < 0) {
                problems.add(new VerifyReport.Problem(file, pos, "no valid record follows: " + (end - pos)
                        + " bytes to the end are unreadable"));
                break;
            }
            pos = next;
        }
        if (unitStart >= 0) {
            problems.add(new VerifyReport.Problem(file, unitStart, "atomic unit starting here has no final record"));
        }
        return new VerifyReport(List.of(file), end, records, problems);
    }

    /**
     * Whether a damaged record at {@code pos} still has a header that reads as one (a plausible length,
     * a known kind and flags) followed by the end, a valid record or another such header: two damaged
     * records in a row are then two problems, where resynchronising on the next valid record would
     * have hidden the second inside the first.
     */
    private static boolean followsAsRecord(FileChannel channel, long pos, long end, int version, LogCursor cur)
            throws IOException {
        long after = plausibleHeaderEnd(channel, pos, end, version);
        if (after < 0) {
            return false;
        }
        return after == end || cur.check(after) == null || plausibleHeaderEnd(channel, after, end, version) >= 0;
    }

    /** End of the record at {@code pos} if its header is plausible (length, kind, flags), else -1. */
    private static long plausibleHeaderEnd(FileChannel channel, long pos, long end, int version) throws IOException {
        if (end - pos < RecordFormat.HEADER) {
            return -1;
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(RecordFormat.HEADER);
        StoredValues.readFully(channel, b, pos);
        long len = Integer.toUnsignedLong((int) RecordBuffer.INT.get(b.array(), 4));
        int kind = b.get(8) & 0xFF;
        int flags = b.get(9) & 0xFF;
        if (len < RecordFormat.HEADER || len > end - pos || len > RecordFormat.MAX_RECORD
                || !RecordFormat.isKnownKind(kind, version) || (flags & ~RecordFormat.knownFlags(version)) != 0) {
            return -1;
        }
        return pos + len;
    }

    /** End of the record at {@code pos} if its length field is plausible, else -1. */
    private static long plausibleEnd(FileChannel channel, long pos, long end) throws IOException {
        if (end - pos < RecordFormat.HEADER) {
            return -1;
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8);
        StoredValues.readFully(channel, b, pos);
        long len = Integer.toUnsignedLong((int) RecordBuffer.INT.get(b.array(), 4));
        if (len < RecordFormat.HEADER || len > end - pos) {
            return -1;
        }
        return pos + len;
    }
}
