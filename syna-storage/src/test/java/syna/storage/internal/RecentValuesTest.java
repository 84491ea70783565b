package syna.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Atom;
import syna.api.HistoryRetention;
import syna.api.WriteBatch;

/**
 * Recent text and bytes values over 32 B are served from memory after their write and dropped
 * once {@link RecentValues#BUDGET} bytes of newer values were written; gets then read them from
 * the maps of the log, on every write path (issue 15).
 */
class RecentValuesTest {
    private static final int SIZE = 1024;

    @TempDir
    Path tmp;

    private static LogDatabase open(Path dir) {
        return LogDatabase.open(syna.api.DatabaseOptions.builder(dir).durability(syna.api.Durability.NONE).build(),
                EngineHooks.NONE);
    }

    private static KeyIndex users(LogDatabase db) {
        return db.generation().spaces().user.index;
    }

    private static byte[] value(int i, int version) {
        byte[] b = new byte[SIZE];
        Arrays.fill(b, (byte) (i * 7 + version));
        b[0] = (byte) i;
        b[1] = (byte) (i >>> 8);
        b[2] = (byte) (i >>> 16);
        return b;
    }

    @Test
    void theBudgetBoundsTheValuesKeptAndEveryValueReadsBack() {
        int n = (int) (2 * RecentValues.BUDGET / SIZE) + 1000; // twice the budget: the older half is dropped
        try (LogDatabase db = open(tmp.resolve("db"))) {
            db.putText("text", "t".repeat(100));
            db.putBytes("twice", value(1, 0));
            db.putBytes("twice", value(1, 1)); // a history
            db.write(WriteBatch.create().putBytes("batch", value(2, 0)));
            db.putBytes("small", new byte[] {1, 2, 3});
            assertNotNull(users(db).cachedLatest("text"), "a recent value is in memory");
            assertNotNull(users(db).cachedLatest("twice"));
            assertNotNull(users(db).cachedLatest("batch"));
            for (int i = 0; i < n; i++) {
                db.putBytes("k" + i, value(i, 0));
            }
            assertNull(users(db).cachedLatest("text"), "dropped after the budget of newer values: read from the log");
            assertNull(users(db).cachedLatest("twice"));
            assertNull(users(db).cachedLatest("batch"));
            assertNull(users(db).cachedLatest("k0"));
            assertNotNull(users(db).cachedLatest("k" + (n - 1)), "the newest are kept");
            assertNotNull(users(db).cachedLatest("small"), "values of up to 32 B stay in memory");
            assertEquals("t".repeat(100), db.getText("text"));
            assertArrayEquals(value(1, 1), db.getBytes("twice"));
            assertArrayEquals(value(2, 0), db.getBytes("batch"));
            assertEquals(Atom.of(value(2, 0)), db.get("batch").orElseThrow());
            for (int i = 0; i < n; i += 97) {
                assertArrayEquals(value(i, 0), db.getBytes("k" + i), "key k" + i);
            }
            db.putBytes("k0", value(0, 1)); // written again: in memory again, the old entry's drop is a no-op
            assertArrayEquals(value(0, 1), db.getBytes("k0"));
            assertNotNull(users(db).cachedLatest("k0"));
            long kept = keptBytes(db, n);
            assertTrue(kept <= RecentValues.BUDGET * 9 / 8, kept + " bytes of values in memory, budget " + RecentValues.BUDGET);
            db.compact(HistoryRetention.lastN(1));
            assertNull(users(db).cachedLatest("k" + (n - 1)), "a compacted index keeps only small values");
            assertArrayEquals(value(n - 1, 0), db.getBytes("k" + (n - 1)));
            assertArrayEquals(value(0, 1), db.getBytes("k0"));
            db.putBytes("after", value(3, 0));
            assertArrayEquals(value(3, 0), db.getBytes("after"));
        }
        try (LogDatabase db = open(tmp.resolve("db"))) {
            assertArrayEquals(value(0, 1), db.getBytes("k0"));
            assertArrayEquals(value(n - 1, 0), db.getBytes("k" + (n - 1)));
            assertEquals("t".repeat(100), db.getText("text"));
        }
    }

    @Test
    void smallValuesAreKeptUpToTheCount() {
        int n = RecentValues.MAX_VALUES * 9 / 8 + 5_000; // past the count and its eighth of slack
        try (LogDatabase db = open(tmp.resolve("small"))) {
            for (int i = 0; i < n; i++) {
                db.putText("s" + i, "value number " + i + " of forty bytes or so.");
            }
            assertNull(users(db).cachedLatest("s0"), "past the count: read from the log");
            assertNotNull(users(db).cachedLatest("s" + (n - 1)));
            int kept = 0;
            for (int i = 0; i < n; i++) {
                kept += users(db).cachedLatest("s" + i) != null ? 1 : 0;
            }
            assertTrue(kept >= RecentValues.MAX_VALUES && kept <= RecentValues.MAX_VALUES * 9 / 8, kept + " kept");
            for (int i = 0; i < n; i += 101) {
                assertEquals("value number " + i + " of forty bytes or so.", db.getText("s" + i));
            }
        }
    }

    private static long keptBytes(LogDatabase db, int n) {
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            if (users(db).cachedLatest("k" + i) instanceof Atom.Bytes b) {
                bytes += b.length();
            }
        }
        return bytes;
    }
}
