package syna.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Atom;
import syna.api.Database;
import syna.api.DatabaseOptions;
import syna.api.Durability;
import syna.api.HistoryEntry;
import syna.api.HistoryQuery;
import syna.api.InvalidArgumentException;
import syna.api.TimeSeries;
import syna.api.TypeMismatchException;
import syna.api.ValueType;

/** Series with per-point times: validation, time-range reads from the index, reopen, compaction, bytes per point. */
class TimeSeriesTest {
    private static final long T0 = 1_700_000_000_000_000L;

    @TempDir
    Path dir;

    private Database open() {
        return LogDatabase.open(DatabaseOptions.builder(dir).durability(Durability.NONE).build(), EngineHooks.NONE);
    }

    private static long[] times(int n, long step) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * step;
        }
        return t;
    }

    @Test
    void pointsKeepTheirTimesThroughReopenAndCompaction() {
        long[] t = times(100_000, 1_000_000);
        double[] v = new double[t.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.round(2000 + 500 * Math.sin(i / 600.0)) / 100.0;
        }
        try (Database db = open()) {
            db.putFloats("s", t, v);
            db.putInts("n", new long[] {T0, T0, T0 + 5}, new long[] {1, 2, 3});
            assertArrayEquals(t, db.historyTimestamps("s"));
            assertArrayEquals(v, db.historyAsDoubles("s"));
        }
        try (Database db = open()) {
            assertArrayEquals(t, db.historyTimestamps("s"));
            assertArrayEquals(v, db.historyAsDoubles("s"));
            assertArrayEquals(new long[] {T0, T0, T0 + 5}, db.historyTimestamps("n"));
            db.compact();
            assertArrayEquals(t, db.historyTimestamps("s"));
            assertArrayEquals(v, db.historyAsDoubles("s"));
            assertArrayEquals(new long[] {1, 2, 3}, db.historyAsLongs("n"));
        }
        try (Database db = open()) {
            assertArrayEquals(t, db.historyTimestamps("s"));
        }
    }

    @Test
    void badTimesAreTypedErrorsAndWriteNothing() {
        try (Database db = open()) {
            InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                    () -> db.putFloats("s", new long[] {5, 7, 6}, new double[] {1, 2, 3}));
            assertTrue(e.getMessage().contains("time 2") && e.getMessage().contains("6"), e.getMessage());
            assertThrows(InvalidArgumentException.class, () -> db.putInts("s", new long[] {1}, new long[] {1, 2}));
            assertThrows(InvalidArgumentException.class, () -> db.putFloats("s", null, new double[] {1}));
            assertThrows(InvalidArgumentException.class, () -> db.putFloats("s", new long[] {1}, null));
            assertEquals(List.of(), db.history("s"));
            db.putFloats("s", new long[] {T0 + 10, T0 + 20}, new double[] {1, 2});
            e = assertThrows(InvalidArgumentException.class,
                    () -> db.putFloats("s", new long[] {T0 + 15}, new double[] {3}));
            assertTrue(e.getMessage().contains("before the key's latest entry"), e.getMessage());
            assertEquals(2, db.history("s").size(), "nothing of the rejected write landed");
            db.putFloats("s", new long[] {T0 + 20}, new double[] {3}); // equal times are fine
            assertEquals(3, db.history("s").size());
        }
    }

    @Test
    void writesWithoutTimesNeverGoBackBeforeAKeysLatestPoint() {
        long future = 4_000_000_000_000_000L; // year 2096
        try (Database db = open()) {
            db.putFloats("f", new long[] {future, future + 1}, new double[] {1, 2});
            db.putFloat("f", 3);
            db.putFloats("f", new double[] {4, 5});
            long[] t = db.historyTimestamps("f");
            for (int i = 1; i < t.length; i++) {
                assertTrue(t[i] >= t[i - 1], java.util.Arrays.toString(t));
            }
            assertEquals(future + 1, t[4], "clamped to the latest point's time");
            db.putFloat("other", 1);
            assertTrue(db.historyTimestamps("other")[0] < future, "other keys keep the write time");
        }
    }

    @Test
    void queriesSelectByTimeAndCount() {
        try (Database db = open()) {
            db.putFloats("s", times(1000, 10), java.util.stream.IntStream.range(0, 1000).asDoubleStream().toArray());
            assertArrayEquals(new double[] {10, 11, 12}, db.historyAsDoubles("s", HistoryQuery.between(T0 + 100, T0 + 130)));
            assertArrayEquals(new long[] {T0 + 100, T0 + 110, T0 + 120},
                    db.historyTimestamps("s", HistoryQuery.between(T0 + 95, T0 + 121)));
            assertArrayEquals(new double[] {997, 998, 999}, db.historyAsDoubles("s", HistoryQuery.last(3)));
            assertArrayEquals(new double[] {18, 19}, db.historyAsDoubles("s", HistoryQuery.until(T0 + 200).withLast(2)));
            assertArrayEquals(new double[] {0, 1}, db.historyAsDoubles("s", HistoryQuery.until(T0 + 20)));
            assertEquals(500, db.historyAsDoubles("s", HistoryQuery.since(T0 + 5000)).length);
            assertEquals(0, db.historyAsDoubles("s", HistoryQuery.between(T0 + 1, T0 + 9)).length);
            assertEquals(0, db.historyAsDoubles("s", HistoryQuery.last(0)).length);
            assertEquals(1000, db.historyAsDoubles("s", HistoryQuery.last(5000)).length);
            TimeSeries ts = db.series("s", HistoryQuery.between(T0 + 500, T0 + 520));
            assertEquals(new TimeSeries(new long[] {T0 + 500, T0 + 510}, new double[] {50, 51}), ts);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment seg = db.historyAsSegment("s", HistoryQuery.last(2), arena);
                assertEquals(2 * 8, seg.byteSize());
                assertEquals(999.0, seg.getAtIndex(ValueLayout.JAVA_DOUBLE, 1));
            }
            assertThrows(InvalidArgumentException.class, () -> HistoryQuery.between(5, 4));
            assertThrows(InvalidArgumentException.class, () -> HistoryQuery.last(-1));
        }
    }

    @Test
    void deletesAndOtherTypesOnlyCountWhereTheQueryLooks() {
        try (Database db = open()) {
            db.putText("k", "early text");
            long textTime = db.history("k").getFirst().timestampMicros();
            db.putFloats("k", new long[] {textTime + 10, textTime + 20}, new double[] {1, 2});
            db.delete("k");
            db.putInt("k", 7);
            assertThrows(TypeMismatchException.class, () -> db.historyAsDoubles("k"));
            assertArrayEquals(new double[] {1, 2, 7}, db.historyAsDoubles("k", HistoryQuery.since(textTime + 1)));
            assertArrayEquals(new double[] {2, 7}, db.historyAsDoubles("k", HistoryQuery.last(2)), "the delete is skipped");
            List<HistoryEntry> last2 = db.history("k", HistoryQuery.last(2));
            assertEquals(List.of(Atom.ofNull(), Atom.of(7L)), last2.stream().map(HistoryEntry::value).toList());
            assertThrows(TypeMismatchException.class, () -> db.historyAsLongs("k", HistoryQuery.last(3)));
        }
    }

    /** Logs written before times were kept in order (a clock set back between two processes) still answer queries. */
    @Test
    void anUnsortedHistoryIsFilteredEntryByEntry() {
        KeyHistory h = new KeyHistory();
        long[] t = {30, 10, 20, 40};
        for (int i = 0; i < t.length; i++) {
            h.appendNumeric(t[i], ValueType.INT64, i, i);
        }
        h.publish();
        HistoryView v = h.view();
        assertTrue(!v.sorted());
        assertArrayEquals(new long[] {0, 2}, v.longs("k", HistoryQuery.between(20, 31)));
        assertArrayEquals(new long[] {2, 3}, v.longs("k", HistoryQuery.since(15).withLast(2)));
    }

    /** Target: a smooth sensor series rounded to 0.01 with a point a second costs at most 2 bytes a point on disk. */
    @Test
    void aSmoothSeriesAtOneSecondIntervalsCostsAtMostTwoBytesAPoint() throws IOException {
        int n = 500_000;
        long[] t = times(n, 1_000_000);
        double[] v = new double[n];
        java.util.Random r = new java.util.Random(3);
        double x = 21;
        for (int i = 0; i < n; i++) {
            x += 0.002 * Math.sin(i / 3600.0 * 2 * Math.PI) + r.nextGaussian() * 0.003;
            v[i] = Math.round(x * 100) / 100.0;
        }
        long empty;
        try (Database db = open()) {
            db.sync();
            empty = Files.size(dir.resolve("data.log"));
            for (int from = 0; from < n; from += 3600) { // written an hour at a time, as a collector would
                int to = Math.min(n, from + 3600);
                db.putFloats("sensor", java.util.Arrays.copyOfRange(t, from, to), java.util.Arrays.copyOfRange(v, from, to));
            }
            db.sync();
            double written = (double) (Files.size(dir.resolve("data.log")) - empty) / n;
            assertTrue(written <= 2.0, written + " bytes a point as written");
            db.compact();
            double compacted = (double) (Files.size(dir.resolve("data.log")) - empty) / n;
            assertTrue(compacted <= written, compacted + " bytes a point after compaction, " + written + " before");
            assertArrayEquals(v, db.historyAsDoubles("sensor"));
            assertArrayEquals(t, db.historyTimestamps("sensor"));
            System.getLogger(TimeSeriesTest.class.getName()).log(System.Logger.Level.INFO,
                    "smooth 0.01 series at 1 s: {0} bytes/point written, {1} compacted", written, compacted);
        }
    }
}
