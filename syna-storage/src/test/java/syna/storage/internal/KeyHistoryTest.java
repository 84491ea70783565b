package syna.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import syna.api.Atom;
import syna.api.ValueType;

/** The one-entry form (fields, no arrays) and its move to arrays keep every view exact. */
class KeyHistoryTest {
    @Test
    void oneEntryThenMore() {
        KeyHistory h = new KeyHistory();
        Atom a = Atom.of(new byte[] {1, 2});
        h.appendStored(10, ValueType.BYTES, 500, a);
        h.publish();
        HistoryView one = h.view();
        assertEquals(1, one.count());
        assertSame(a, one.latest());
        assertSame(a, h.latestCached());
        assertEquals(ValueType.BYTES, one.latestType());
        assertEquals(500, one.offset(0));
        assertArrayEquals(new long[] {10}, one.timestamps());
        assertArrayEquals(new long[] {500}, one.offsets());
        assertEquals(ValueType.BYTES, one.type(0));

        h.appendNumeric(20, ValueType.INT64, 7, -1);
        h.appendNull(30, -1);
        h.publish();
        HistoryView three = h.view();
        assertEquals(3, three.count());
        assertFalse(three.live());
        assertEquals(10, three.timestamps()[0]);
        assertEquals(500, three.offset(0));
        assertEquals(7, three.bits()[1]);
        assertEquals(ValueType.NULL, three.type(2));
        assertEquals(1, one.count(), "an earlier view never changes");
        assertEquals(500, one.offset(0));
    }

    @Test
    void tornUnitsRollBackInBothForms() {
        KeyHistory h = new KeyHistory();
        assertTrue(h.markUnit());
        h.appendNumeric(1, ValueType.FLOAT64, Double.doubleToRawLongBits(2.5), -1);
        h.rollbackUnit();
        assertEquals(0, h.workingCount());
        h.publish();
        assertEquals(0, h.view().count());
        assertNull(h.latestCached());

        h.appendNumeric(2, ValueType.INT64, 4, -1);
        assertTrue(h.markUnit());
        h.appendNumeric(3, ValueType.INT64, 5, -1);
        h.appendNumeric(4, ValueType.INT64, 6, -1);
        h.rollbackUnit();
        h.publish();
        HistoryView v = h.view();
        assertEquals(1, v.count());
        assertEquals(4, v.bits()[0]);
        assertEquals(Atom.of(4L), h.latestCached());

        h.reserve(3);
        h.appendNumeric(5, ValueType.INT64, 8, -1);
        h.publish();
        assertArrayEquals(new long[] {4, 8}, java.util.Arrays.copyOf(h.view().bits(), 2));
        assertArrayEquals(new long[] {2, 5}, java.util.Arrays.copyOf(h.view().timestamps(), 2));
    }
}
